"""Inspection visits and the station's printed documents.

Left: the visits, latest first. Right: the selected visit — what was pending then, its findings,
its instructions (each an entry the person owes) and the previous visit's instructions with their
status now. Above: the document language and the documents — checklist, pending slips, compliance
report, pendency report — each built on the worker and shown in a preview to print or save.
"""

from __future__ import annotations

import io

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QSplitter,
    QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.i18n import N_, _, current_language
from app.services import catalogue
from app.services import inspections
from app.services import staff
from app.services.core.formatting import format_date
from app.ui.changes import Changes
from app.ui.operations import Op, Query
from app.ui.pages.base import Page
from app.ui.people import person_label

DOC_LANGS = (("hi", "हिन्दी"), ("en", "English"), ("both", N_("Hindi and English side by side")))
STATUS = {"pending": N_("Pending"), "entered": N_("Complied"), "verified": N_("Complied, verified"),
          "na": N_("Not applicable"), "missed": N_("Missed")}


def _table(columns: int) -> QTableWidget:
    t = QTableWidget(0, columns)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setAlternatingRowColors(True)
    t.setWordWrap(True)
    t.verticalHeader().hide()
    t.horizontalHeader().setStretchLastSection(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return t


def _fill(table: QTableWidget, rows: list[list[str]], ids: list | None = None) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(str(value))
            if ids is not None and c == 0:
                item.setData(Qt.ItemDataRole.UserRole, ids[r])
            table.setItem(r, c, item)
    table.resizeRowsToContents()


def build_document(db, kind: str, lang: str, **kw):
    """Build a document into memory on the worker: (pdf bytes, title, suggested file name)."""
    buffer = io.BytesIO()
    if kind == "checklist":
        from app.services.reports import DEFAULT_PER_KIND, build_checklist

        result = build_checklist(db, buffer, lang=lang, inspection_id=kw.get("inspection_id"),
                                 annex=kw.get("annex", "none"), sample_size=kw.get("sample_size", DEFAULT_PER_KIND),
                                 **({"actor": kw["actor"]} if "actor" in kw else {}))
        name = "checklist.pdf"
    elif kind == "slips":
        from app.services.reports import build_slips, people_owing

        ids = kw.get("person_ids") or people_owing(db)
        result = build_slips(db, buffer, ids, lang=lang)
        name = "pending-slips.pdf"
    elif kind == "compliance":
        from app.services.reports import build_compliance

        result = build_compliance(db, buffer, date_from=kw["date_from"], date_to=kw["date_to"], lang=lang,
                                  letter_no=kw.get("letter_no"), enclosures=kw.get("enclosures", ()))
        name = f"compliance-{kw['date_from']}-{kw['date_to']}.pdf"
    elif kind == "pendency":
        from app.services.reports import build_pendency

        result = build_pendency(db, buffer, date_from=kw["date_from"], date_to=kw["date_to"], lang=lang)
        name = f"pendency-{kw['date_from']}-{kw['date_to']}.pdf"
    else:
        raise ValueError(kind)
    return buffer.getvalue(), result.title, name


class InspectionsPage(Page):
    key = "inspections"
    watches = Changes(inspections=True, obligations=True, staff=True)

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.visits: list = []
        self.detail = None
        self.roles, self.duties, self.people = [], [], []
        self.last_document = None  # (bytes, title, name) of the last document built (tests look at it)
        self.preview_dialog = None

        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        layout.addWidget(self.heading)
        layout.addLayout(self._build_bar())
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("inspectionsSplitter")
        self.visit_table = _table(5)
        self.visit_table.itemSelectionChanged.connect(self._visit_selected)
        self.splitter.addWidget(self.visit_table)
        self.splitter.addWidget(self._build_visit_detail())
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([440, 900])
        layout.addWidget(self.splitter, 1)

        self.new_button.clicked.connect(self.new_visit)
        self.add_finding_button.clicked.connect(self.add_finding)
        self.add_instruction_button.clicked.connect(self.add_instruction)
        self.checklist_button.clicked.connect(self.ask_checklist)
        self.slips_button.clicked.connect(lambda: self.make_document("slips"))
        self.compliance_button.clicked.connect(lambda: self.ask_period("compliance"))
        self.pendency_button.clicked.connect(lambda: self.ask_period("pendency"))
        self.retranslate()

    def _build_bar(self) -> QHBoxLayout:
        """New visit, the documents' language and the documents."""
        bar = QHBoxLayout()
        self.lang_label = QLabel()
        self.lang = QComboBox()
        self._lang_chosen = False  # until the user picks one, documents follow the window's language
        self.lang.activated.connect(self._lang_picked)
        self.new_button = QPushButton()
        self.checklist_button = QPushButton()
        self.slips_button = QPushButton()
        self.compliance_button = QPushButton()
        self.pendency_button = QPushButton()
        bar.addWidget(self.new_button)
        bar.addSpacing(16)
        bar.addWidget(self.lang_label)
        bar.addWidget(self.lang)
        for b in (self.checklist_button, self.slips_button, self.compliance_button, self.pendency_button):
            bar.addWidget(b)
        bar.addStretch(1)
        return bar

    def _build_visit_detail(self) -> QWidget:
        """The chosen visit: its summary, findings, instructions and the previous visit's instructions now."""
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        rl.addWidget(self.summary)
        self.findings_box = QGroupBox()
        fl = QVBoxLayout(self.findings_box)
        self.findings = _table(3)
        self.add_finding_button = QPushButton()
        fl.addWidget(self.findings)
        fl.addWidget(self.add_finding_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.instructions_box = QGroupBox()
        il = QVBoxLayout(self.instructions_box)
        self.instructions = _table(5)
        self.add_instruction_button = QPushButton()
        il.addWidget(self.instructions)
        il.addWidget(self.add_instruction_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.followup_box = QGroupBox()
        ful = QVBoxLayout(self.followup_box)
        self.followup = _table(5)
        ful.addWidget(self.followup)
        for w in (self.findings_box, self.instructions_box, self.followup_box):
            rl.addWidget(w, 1)
        return right

    # --- texts ------------------------------------------------------------------------------
    def title(self) -> str:
        return _("Inspections")

    def retranslate(self) -> None:
        self.heading.setText(_("Inspection visits and printed documents"))
        self.lang_label.setText(_("Document language:"))
        window_lang = "hi" if current_language() == "hi" else "en"
        current = (self.lang.currentData() if self._lang_chosen else None) or window_lang
        self.lang.clear()
        for code, label in DOC_LANGS:
            self.lang.addItem(_(label) if code == "both" else label, code)
        self.lang.setCurrentIndex(max(0, self.lang.findData(current)))
        self.new_button.setText(_("&New visit…"))
        self.checklist_button.setText(_("&Checklist…"))
        self.checklist_button.setToolTip(_("The inspection checklist: for the selected visit, or the state now"))
        self.slips_button.setText(_("Pending &slips…"))
        self.slips_button.setToolTip(_("A half-A4 slip for every person who owes entries, for the roll call"))
        self.compliance_button.setText(_("Co&mpliance report…"))
        self.pendency_button.setText(_("Pen&dency report…"))
        self.visit_table.setHorizontalHeaderLabels([_("Date"), _("Officer"), _("Kind"), _("Instructions"),
                                                    _("Open")])
        self.findings_box.setTitle(_("Findings"))
        self.findings.setHorizontalHeaderLabels([_("Role / duty"), _("Satisfactory"), _("Finding")])
        self.add_finding_button.setText(_("Add findin&g…"))
        self.instructions_box.setTitle(_("Instructions (each an entry the person owes)"))
        self.instructions.setHorizontalHeaderLabels([_("Person"), _("Duty"), _("Due"), _("Status"),
                                                     _("Instruction")])
        self.add_instruction_button.setText(_("Add &instruction…"))
        self.followup.setHorizontalHeaderLabels([_("Person"), _("Duty"), _("Due"), _("Status now"),
                                                 _("Instruction")])
        self._populate()

    # --- data -------------------------------------------------------------------------------
    def refresh(self) -> None:
        def load(db):
            return (inspections.list_inspections(db), catalogue.list_roles(db),
                    catalogue.list_duties(db), staff.list_persons(db, include_inactive=False))

        Query(self, load, label=_("Loading the inspections…")).success(self._loaded).run()

    def _loaded(self, data) -> None:
        self.visits, self.roles, self.duties, self.people = data
        selected = self.detail.info.id if self.detail else None
        self._populate()
        if self.visits:
            ids = [v.id for v in self.visits]
            self.visit_table.blockSignals(True)
            self.visit_table.selectRow(ids.index(selected) if selected in ids else 0)
            self.visit_table.blockSignals(False)
            self._visit_selected()  # the detail is read again even when the same row stays selected

    def _populate(self) -> None:
        lang = current_language()
        rows = [[format_date(v.visit_date, lang), v.officer(lang),
                 _("Surprise") if v.surprise else _("Announced"), str(v.instructions), str(v.instructions_open)]
                for v in self.visits]
        self.visit_table.blockSignals(True)
        _fill(self.visit_table, rows, [v.id for v in self.visits])
        self.visit_table.blockSignals(False)
        self._show_detail()

    def selected_visit_id(self) -> int | None:
        row = self.visit_table.currentRow()
        if row < 0 or row >= len(self.visits):
            return None
        return self.visits[row].id

    def _visit_selected(self) -> None:
        vid = self.selected_visit_id()
        if vid is None:
            self.detail = None
            self._show_detail()
            return
        Query(self, lambda db: inspections.get_inspection(db, vid)).success(self._detail_loaded).run()

    def _detail_loaded(self, detail) -> None:
        self.detail = detail
        self._show_detail()

    def _status(self, ins) -> str:
        if ins.status == "pending":
            return _("Overdue") if ins.overdue else _("Pending")
        return _(STATUS.get(ins.status, ins.status))

    def _show_detail(self) -> None:
        d = self.detail
        has = d is not None
        self.add_finding_button.setEnabled(has)
        self.add_instruction_button.setEnabled(has)
        if not has:
            self.summary.setText(_("No visit selected. Record a visit with \"New visit…\"; the checklist can be "
                                   "printed at any time."))
            for t in (self.findings, self.instructions, self.followup):
                t.setRowCount(0)
            self.followup_box.setTitle(_("Previous visit's instructions"))
            return
        lang = current_language()
        snap = d.snapshot
        self.summary.setText(_("{date}: {officer} ({kind}). At the visit {pending} entries were pending, "
                               "{overdue} of them overdue.").format(
            date=format_date(d.info.visit_date, lang), officer=d.info.officer(lang),
            kind=_("surprise") if d.info.surprise else _("announced"),
            pending=snap.get("total_pending", 0), overdue=snap.get("total_overdue", 0)))
        role_names = {r.code: r.name(lang) for r in self.roles}
        _fill(self.findings, [[f"{f.duty_code} " + (f.duty_name_hi if lang == "hi" else f.duty_name_en)
                               if f.duty_code else role_names.get(f.role, f.role),
                               _("Yes") if f.satisfactory else _("No"), f.text] for f in d.findings])

        def rows(items):
            return [[person_label(i.person, i.rank), i.duty_code, format_date(i.due_at, lang), self._status(i), i.text]
                    for i in items]

        _fill(self.instructions, rows(d.instructions))
        _fill(self.followup, rows(d.previous_instructions))
        if d.previous is not None:
            self.followup_box.setTitle(_("Instructions of the previous visit ({date}, {officer}): status now").format(
                date=format_date(d.previous.visit_date, lang), officer=d.previous.officer(lang)))
        else:
            self.followup_box.setTitle(_("Previous visit's instructions (none: this is the first visit)"))

    # --- actions ----------------------------------------------------------------------------
    def new_visit(self):
        from app.ui.dialogs.inspection_forms import VisitDialog

        dialog = VisitDialog(self.ctx, self)  # the page reloads when the visit is saved (watches)
        dialog.open()
        return dialog

    def add_finding(self):
        from app.ui.dialogs.inspection_forms import FindingDialog

        if self.detail is None:
            return None
        dialog = FindingDialog(self.ctx, self.detail.info.id, self.roles, self.duties, self)
        dialog.open()
        return dialog

    def add_instruction(self):
        from app.ui.dialogs.inspection_forms import InstructionDialog

        if self.detail is None:
            return None
        dialog = InstructionDialog(self.ctx, self.detail.info.id, self.people, self.duties, self.detail.findings, self,
                                   roles=self.roles)
        dialog.open()
        return dialog

    def _lang_picked(self, _index: int) -> None:
        self._lang_chosen = True  # the user's choice stays through later language switches

    def document_language(self) -> str:
        return self.lang.currentData() or "hi"

    def make_document(self, kind: str, **kw) -> None:
        lang = self.document_language()
        if kind == "checklist":  # a visit's first print keeps its CAS sample: done as the signed-in user
            kw.setdefault("inspection_id", self.selected_visit_id())
            Op(self, lambda db, actor: build_document(db, kind, lang, actor=actor, **kw),
               changes=Changes(inspections=True), label=_("Preparing the document…")).success(self.show_preview).run()
            return
        Query(self, lambda db: build_document(db, kind, lang, **kw),
              label=_("Preparing the document…")).success(self.show_preview).run()

    def ask_checklist(self):
        """The checklist's print choices (annex, CAS sample), then the preview."""
        from app.ui.dialogs.inspection_forms import ChecklistDialog

        lang, visit = self.document_language(), self.selected_visit_id()
        dialog = ChecklistDialog(self.ctx, lambda db, actor, annex, sample: build_document(
            db, "checklist", lang, inspection_id=visit, annex=annex, sample_size=sample, actor=actor), self)
        dialog.saved.connect(self.show_preview)
        dialog.open()
        return dialog

    def ask_period(self, kind: str):
        from app.ui.dialogs.inspection_forms import PeriodDialog

        lang = self.document_language()
        title = _("Compliance report") if kind == "compliance" else _("Pendency report")
        if kind == "compliance":  # an office letter: its पत्रांक and enclosures too
            from app.ui.dialogs.compliance_letter import ComplianceDialog

            dialog = ComplianceDialog(self.ctx, title, lambda db, start, end, number, enclosures: build_document(
                db, kind, lang, date_from=start, date_to=end, letter_no=number, enclosures=enclosures), self)
        else:
            dialog = PeriodDialog(self.ctx, title, lambda db, start, end: build_document(
                db, kind, lang, date_from=start, date_to=end), self)
        dialog.saved.connect(self.show_preview)
        dialog.open()
        return dialog

    def show_preview(self, document) -> None:
        from app.ui.dialogs.pdf_preview import PdfPreviewDialog

        self.last_document = document
        pdf, title, name = document
        self.preview_dialog = PdfPreviewDialog(self.ctx, pdf, title, name, self)
        self.preview_dialog.open()
