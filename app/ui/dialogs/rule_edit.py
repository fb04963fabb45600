"""Edit a due-date rule (owner, offsets, anchors, the source in words), and recompute open entries
after a preview. Each change is a new audited version of the rule; open entries keep their due dates
until the station recomputes them on purpose."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
    QLineEdit, QPlainTextEdit, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from app.i18n import N_, _, current_language, ngettext
from app.services import obligations
from app.services.core.errors import UserError
from app.services.core.formatting import format_datetime
from app.services.core.validate import clean_text, parse_int
from app.ui.changes import Changes
from app.ui.operations import Op, Query
from app.ui.widgets.validated_form import FormDialog

ANCHOR_LABELS = {
    "event": N_("the event (registration or occurrence)"),
    "fir": N_("the FIR's registration"),
    "first_remand": N_("the first remand"),
    "period_end": N_("the end of the period"),
}
OWNER_CASE_IO = N_("the case's IO")


class _Offset(QWidget):
    """Days, hours and months after the anchor, on one row."""

    def __init__(self):
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.days, self.hours, self.months = QLineEdit(), QLineEdit(), QLineEdit()
        self.labels = []
        for edit in (self.days, self.hours, self.months):
            edit.setFixedWidth(edit.fontMetrics().horizontalAdvance("00000") + 16)
            label = QLabel()
            label.setBuddy(edit)
            self.labels.append(label)
            row.addWidget(edit)
            row.addWidget(label)
        row.addStretch(1)
        self.setFocusProxy(self.days)

    def retranslate(self) -> None:
        for label, text in zip(self.labels, (_("days"), _("hours"), _("months"))):
            label.setText(text)

    def value(self) -> dict:
        out = {}
        for name, edit, label, high in (("days", self.days, _("Days"), 3660), ("hours", self.hours, _("Hours"), 87840),
                                        ("months", self.months, _("Months"), 120)):
            text = edit.text().strip()
            out[name] = parse_int(text, label, minimum=0, maximum=high) if text else 0
        return out


class RuleDialog(FormDialog):
    changes = Changes(rules=True)

    def __init__(self, ctx, rule, roles, duty_name: str, parent=None):
        self.rule = rule
        self.roles = roles
        self.duty_name = duty_name
        super().__init__(ctx, parent)
        self.owner.setFocus()

    def build(self) -> None:
        self.setMinimumWidth(640)
        self.owner = QComboBox()
        self.enabled = QCheckBox()
        self.enabled.setChecked(self.rule.enabled)
        f = self.form
        self.owner_label = f.add_field("owner", self.owner, self._owner_value)
        self.enabled_label = f.add_field("enabled", self.enabled, self.enabled.isChecked)
        self.terms: list[tuple[QComboBox, _Offset, QPlainTextEdit, QPlainTextEdit]] = []
        self.term_labels = []
        allowed = ("period_end",) if self.rule.trigger == "recurring" else ("event", "fir", "first_remand")
        for i, term in enumerate(self.rule.terms):
            anchor = QComboBox()
            for a in allowed:
                anchor.addItem("", a)
            anchor.setCurrentIndex(max(0, anchor.findData(term.anchor)))
            offset = _Offset()
            offset.days.setText(str(term.days) if term.days else "")
            offset.hours.setText(str(term.hours) if term.hours else "")
            offset.months.setText(str(term.months) if term.months else "")
            basis_en, basis_hi = QPlainTextEdit(term.basis_en), QPlainTextEdit(term.basis_hi)
            for edit in (basis_en, basis_hi):
                edit.setTabChangesFocus(True)
                edit.setFixedHeight(edit.fontMetrics().lineSpacing() * 2 + 14)
            labels = (
                f.add_field(f"anchor_{i}", anchor, lambda a=anchor: a.currentData()),
                f.add_field(f"offset_{i}", offset, offset.value),
                f.add_field(f"basis_en_{i}", basis_en, lambda e=basis_en: clean_text(
                    e.toPlainText(), _("Source (English)"), required=True, max_len=500)),
                f.add_field(f"basis_hi_{i}", basis_hi, lambda e=basis_hi: clean_text(
                    e.toPlainText(), _("Source (Hindi)"), max_len=500)),
            )
            for edit in (offset.days, offset.hours, offset.months):
                edit.editingFinished.connect(lambda i=i: self.form.validate_field(f"offset_{i}"))
            self.terms.append((anchor, offset, basis_en, basis_hi))
            self.term_labels.append(labels)

    def _owner_value(self) -> str:
        owner = self.owner.currentData()
        if not owner:
            raise UserError(_("Choose who owes the entry."))
        return owner

    def retranslate(self) -> None:
        super().retranslate()
        self.setWindowTitle(_("Rule {key} (version {version})").format(key=self.rule.key, version=self.rule.version))
        self.intro.setText(_("Duty {duty}. A change applies to new entries; entries already open keep their due "
                             "dates until you recompute them (Rules page, with a preview).").format(duty=self.duty_name))
        self.intro.show()
        self.owner_label.setText(_("&Owed by"))
        self.enabled_label.setText(_("In &use"))
        self.enabled.setText(_("The rule creates entries"))
        lang = current_language()
        current = self.owner.currentData() or self.rule.owner
        self.owner.clear()
        for r in self.roles:
            self.owner.addItem(r.name(lang), r.code)
        if self.rule.trigger != "recurring":
            self.owner.addItem(_(OWNER_CASE_IO), "case_io")
        self.owner.setCurrentIndex(max(0, self.owner.findData(current)))
        many = len(self.terms) > 1
        for i, ((anchor, offset, _en, _hi), labels) in enumerate(zip(self.terms, self.term_labels)):
            for j in range(anchor.count()):
                anchor.setItemText(j, _(ANCHOR_LABELS[anchor.itemData(j)]))
            offset.retranslate()
            n = i + 1
            if many:
                labels[0].setText(_("Term {n}: due after").format(n=n) if i == 0 else
                                  _("Else term {n}: due after").format(n=n))
            else:
                labels[0].setText(_("&Due after"))
            labels[1].setText(_("O&ffset") if i == 0 else _("Offset"))
            labels[2].setText(_("Source (&English)") if i == 0 else _("Source (English)"))
            labels[3].setText(_("Source (&Hindi)") if i == 0 else _("Source (Hindi)"))

    def save(self, db, actor, v: dict):
        due = []
        for i, (old, _w) in enumerate(zip(self.rule.terms, self.terms)):
            offset = v[f"offset_{i}"]
            term = {"anchor": v[f"anchor_{i}"], **{k: n for k, n in offset.items() if n},
                    "basis_en": v[f"basis_en_{i}"], "basis_hi": v[f"basis_hi_{i}"]}
            changed_time = (offset["days"], offset["hours"], offset["months"], term["anchor"]) != (
                old.days, old.hours, old.months, old.anchor)
            term["policy"] = True if changed_time else old.policy  # the station's own time is policy
            due.append(term)
        same_terms = due == [t.as_dict() for t in self.rule.terms]
        # only what changed is sent, so an edit that changes nothing is refused by the service as such
        return obligations.update_rule(
            db, self.rule.key, owner=None if v["owner"] == self.rule.owner else v["owner"],
            due=None if same_terms else due, enabled=None if v["enabled"] == self.rule.enabled else v["enabled"],
            actor=actor)


class RecomputeDialog(QDialog):
    """What recomputing would change (loaded on the worker), then apply it in one audited step."""

    recomputed = Signal(int)

    def __init__(self, ctx, people: dict[int, str], parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.people = people
        self.items: list | None = None
        self.setMinimumSize(760, 460)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName("recomputeTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setEnabled(False)
        self.apply_button.clicked.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.retranslate()
        Query(self, obligations.preview_recompute, label=_("Working out what would change…")).success(
            self._loaded).failure(self._failed).run()

    def retranslate(self) -> None:
        self.setWindowTitle(_("Recompute open entries"))
        self.apply_button.setText(_("&Recompute"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.table.setHorizontalHeaderLabels([_("Entry"), _("Rule"), _("Due date now"), _("New due date"), _("Owed by")])
        if self.items is None:
            self.summary.setText(_("Working out what would change…"))

    def _name(self, pid: int | None, role: str) -> str:
        return self.people.get(pid, "") if pid is not None else _("unassigned ({role})").format(role=role)

    def _loaded(self, items) -> None:
        self.items = [i for i in items if i.changes]
        lang = current_language()
        self.table.setRowCount(len(self.items))
        for row, it in enumerate(self.items):
            owner = self._name(it.new_person_id, it.new_role)
            if (it.old_person_id, it.old_role) != (it.new_person_id, it.new_role):
                owner = _("{old} → {new}").format(old=self._name(it.old_person_id, it.old_role), new=owner)
            cells = [str(it.obligation_id), _("{key} v{old} → v{new}").format(
                key=it.rule_key, old=it.old_version or "?", new=it.new_version),
                format_datetime(it.old_due, lang), format_datetime(it.new_due, lang), owner]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if col == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        n = len(self.items)
        if n:
            self.summary.setText(ngettext(
                "{count} open entry was made under an older version of its rule and would change as below.",
                "{count} open entries were made under older versions of their rules and would change as below.",
                n).format(count=n))
        else:
            self.summary.setText(_("Every open entry already follows the current rules; nothing to recompute."))
        self.apply_button.setEnabled(n > 0)
        if n:
            self.apply_button.setDefault(True)
            self.apply_button.setFocus()

    def _failed(self, exc: Exception) -> None:
        self.apply_button.setEnabled(self.items is not None and len(self.items) > 0)
        self.error.setText(exc.message if isinstance(exc, UserError) else str(exc))

    def apply(self) -> None:
        self.apply_button.setEnabled(False)
        Op(self, lambda db, actor: obligations.recompute(db, actor=actor), changes=Changes(obligations=True),
           label=_("Recomputing…")).success(self._applied).failure(self._failed).run()

    def _applied(self, count: int) -> None:
        self.recomputed.emit(count)
        self.ctx.status_message.emit(ngettext("{count} open entry recomputed.", "{count} open entries recomputed.",
                                              count).format(count=count))
        self.accept()
