"""The audit trail: every change and sign-in, newest first, with filters, the chain check and CSV export."""

from __future__ import annotations


from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtWidgets import (
    QComboBox, QFileDialog, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter,
    QTableView, QVBoxLayout, QWidget,
)

from app.i18n import _
from app.services import audit
from app.services.audit import action_label, actor_label, subject_label
from app.services.audit import AuditRow
from app.services.core.errors import UserError
from app.ui.dialogs.sign_in import combo_value
from app.ui.widgets.date_edit import DateEdit
from app.ui.changes import Changes
from app.ui.operations import Op, Query
from app.ui.pages.base import Page
from app.ui.save_place import in_documents
from app.ui.widgets.tables import row_table, table_item

PAGE_SIZE = 500
ANY, EVERYONE = "", 0  # combo sentinels: an item's data is never None (see dialogs/sign_in.combo_value)
OK_STYLE = "color: #1b5e20; font-weight: bold;"
BAD_STYLE = "color: #b00020; font-weight: bold;"


class AuditModel(QAbstractTableModel):
    SEQ, WHEN, WHO, ACTION, WHAT, DETAILS = range(6)
    TRANSLATED_COLUMNS = (ACTION, WHAT)  # labels written through _() (tests/ui/langcheck.py reads them)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[AuditRow] = []
        self.names: dict[int, str] = {}  # people the rows name by id (audit.person_names), shown by name

    def headers(self) -> list[str]:
        return [_("No."), _("When (local time)"), _("Who"), _("Action"), _("What"), _("Details")]

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 6

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        r = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (str(r.seq), r.at_local.strftime("%d.%m.%Y %H:%M:%S"), actor_label(r.actor),
                    action_label(r.action), subject_label(r.entity, r.entity_id),
                    audit.summary(r.before, r.after, self.names))[index.column()]
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.WHEN:
            return _("UTC: {time}").format(time=r.at_utc.strftime("%d.%m.%Y %H:%M:%S"))
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.ACTION:
            return action_label(r.action)  # the whole label when the column is narrow (the CSV keeps the code)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.DETAILS:
            return audit.summary(r.before, r.after, self.names, limit=2000)
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.SEQ:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def set_rows(self, rows: list[AuditRow], *, append: bool = False, names: dict[int, str] | None = None) -> None:
        if names:
            self.names.update(names)
        if append:
            if rows:
                self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
                self.rows.extend(rows)
                self.endInsertRows()
            return
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()


class AuditDetail(QWidget):
    """The chosen row: who did what when, then a table of each field's value before and after, in words."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("auditDetail")
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = row_table("auditChanges", 3, read_only=True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.table, 1)

    def clear(self) -> None:
        self.header.clear()
        self.table.setRowCount(0)

    def show_row(self, r: AuditRow, names: dict[int, str]) -> None:
        self.header.setText(_("No. {seq} · {action} · {who} · {local}").format(
            seq=r.seq, action=action_label(r.action), who=actor_label(r.actor),
            local=r.at_local.strftime("%d.%m.%Y %H:%M:%S")))
        self.header.setToolTip(_("UTC: {time}. Check code (hash): {hash}").format(
            time=r.at_utc.strftime("%d.%m.%Y %H:%M:%S"), hash=r.hash))
        self.table.setHorizontalHeaderLabels([_("What"), _("Before"), _("After")])
        rows = audit.describe(r.before, r.after, names)
        self.table.setRowCount(len(rows))
        for i, d in enumerate(rows):
            for col, text in enumerate((d.field, d.before, d.after)):
                self.table.setItem(i, col, table_item(text, tooltip=text if len(text) > 40 else None))
        self.table.resizeRowsToContents()

    def toPlainText(self) -> str:
        """What the panel shows, as text (for tests and for copying)."""
        lines = [self.header.text()]
        for i in range(self.table.rowCount()):
            lines.append(" | ".join(self.table.item(i, c).text() for c in range(3)))
        return "\n".join(lines)


class AuditPage(Page):
    key = "audit"
    watches = Changes(audit=True)  # rows other changes append are seen when the page is shown again

    def __init__(self, ctx, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.total = 0
        self._loaded = False
        filters = self._build_filters()
        top = self._build_chain_row()
        splitter = self._build_table()
        bottom = self._build_bottom_row()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)
        self.retranslate()

    def _build_filters(self) -> QHBoxLayout:
        """The filters: dates, who, what kind, a search; Enter or the button applies them."""
        self.date_from = DateEdit(required=False)
        self.date_to = DateEdit(required=False)
        self.who = QComboBox()
        self.who.setMinimumContentsLength(16)
        self.family = QComboBox()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.returnPressed.connect(self.refresh)
        self.apply_button = QPushButton()
        self.apply_button.clicked.connect(self.refresh)
        self.from_label, self.to_label, self.who_label, self.family_label = QLabel(), QLabel(), QLabel(), QLabel()
        self.from_label.setBuddy(self.date_from)
        self.to_label.setBuddy(self.date_to)
        self.who_label.setBuddy(self.who)
        self.family_label.setBuddy(self.family)
        filters = QHBoxLayout()
        for label, widget in ((self.from_label, self.date_from), (self.to_label, self.date_to),
                              (self.who_label, self.who), (self.family_label, self.family)):
            filters.addWidget(label)
            filters.addWidget(widget)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.apply_button)
        return filters

    def _build_chain_row(self) -> QHBoxLayout:
        """The chain's state (checked when the page loads) with the check and export buttons."""
        self.chain_label = QLabel()
        self.chain_label.setObjectName("chainStatus")
        self.chain_label.setWordWrap(True)
        self.chain_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.verify_button = QPushButton()
        self.verify_button.clicked.connect(self.verify)
        self.export_button = QPushButton()
        self.export_button.clicked.connect(self.export)
        top = QHBoxLayout()
        top.addWidget(self.chain_label, 1)
        top.addWidget(self.verify_button)
        top.addWidget(self.export_button)
        return top

    def _build_table(self) -> QSplitter:
        """The rows, newest first, above the chosen row's whole record."""
        self.model = AuditModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.detail = AuditDetail()
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        return splitter

    def _build_bottom_row(self) -> QHBoxLayout:
        """How many rows are shown of how many, a message, and the button that loads more."""
        self.count_label = QLabel()
        self.more_button = QPushButton()
        self.more_button.clicked.connect(self.load_more)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label)
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.more_button)
        return bottom

    # --- texts ------------------------------------------------------------------------------
    def title(self) -> str:
        return _("Audit trail")

    def retranslate(self) -> None:
        self.from_label.setText(_("F&rom"))
        self.to_label.setText(_("&To"))
        self.who_label.setText(_("&Who"))
        self.family_label.setText(_("&Kind"))
        self.search.setPlaceholderText(_("Search names, actions, values…"))
        self.apply_button.setText(_("&Show"))
        self.verify_button.setText(_("&Verify chain"))
        self.export_button.setText(_("&Export CSV…"))
        self.more_button.setText(_("Show &more"))
        families = [(ANY, _("every kind"))] + [(f, _(label)) for f, label in audit.ACTION_FAMILY_LABELS.items()]
        current = combo_value(self.family, ANY)
        self.family.blockSignals(True)
        self.family.clear()
        for code, label in families:
            self.family.addItem(label, code)
        self.family.setCurrentIndex(max(0, self.family.findData(current)))
        self.family.blockSignals(False)
        if self.who.count() == 0:
            self.who.addItem(_("everyone"), EVERYONE)
        else:
            self.who.setItemText(0, _("everyone"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 5)
        if self.model.rows:  # the action, actor and subject labels are in the language
            self.model.dataChanged.emit(self.model.index(0, 0), self.model.index(len(self.model.rows) - 1, 5))
            self._show_detail(self.table.currentIndex())
        self._update_count()
        if self._loaded:
            self.verify()  # the chain's line is a sentence in the language: said again in the new one

    # --- loading ----------------------------------------------------------------------------
    def current_filter(self) -> audit.AuditFilter:
        return audit.check_filter(
            date_from=self.date_from.value(_("From date")), date_to=self.date_to.value(_("To date")),
            actor_person_id=combo_value(self.who, EVERYONE) or None, family=combo_value(self.family, ANY) or None,
            search=self.search.text())

    def export_source(self, view):
        """Ctrl+Shift+X on the trail: every row the filters find (``table_export``); a bad filter says why."""
        from app.ui.table_export import audit_source

        if view is not self.table:
            return None
        try:
            return audit_source(self.current_filter())
        except UserError as exc:
            self.message.setText(exc.message)
            raise

    def refresh(self) -> None:
        try:
            flt = self.current_filter()
        except UserError as exc:
            self.message.setText(exc.message)
            return
        self.message.clear()
        first = not self._loaded

        def load(db, actor):  # the audit trail is shown to those allowed to see it: the actor is asked
            rows = audit.list_entries(db, flt, limit=PAGE_SIZE, actor=actor)
            return (rows, audit.count_entries(db, flt, actor=actor),
                    audit.actors(db, actor=actor) if first else None, audit.person_names(db, rows))

        Query(self, load, with_actor=True, label=_("Loading the audit trail…")).success(self._loaded_rows).failure(
            self._failed).run()

    def _loaded_rows(self, result) -> None:
        rows, total, people, names = result
        self.total = total
        self.model.set_rows(rows, names=names)
        self.table.resizeColumnsToContents()
        for column, widest in ((AuditModel.WHO, 220), (AuditModel.WHAT, 160), (AuditModel.DETAILS, 600)):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), widest))
        if people is not None:
            self._loaded = True
            current = combo_value(self.who, EVERYONE)
            self.who.blockSignals(True)
            while self.who.count() > 1:
                self.who.removeItem(1)
            for pid, label in people:
                self.who.addItem(label, pid)
            self.who.setCurrentIndex(max(0, self.who.findData(current)))
            self.who.blockSignals(False)
        self._update_count()
        if rows and not self.table.currentIndex().isValid():
            self.table.selectRow(0)
        self.verify()  # the chain's line always speaks of the rows shown, in the window's language

    def load_more(self) -> None:
        if not self.model.rows:
            return
        try:
            flt = self.current_filter()
        except UserError as exc:
            self.message.setText(exc.message)
            return
        last = self.model.rows[-1].seq
        def load(db, actor):
            rows = audit.list_entries(db, flt, limit=PAGE_SIZE, before_seq=last, actor=actor)
            return rows, audit.person_names(db, rows)

        Query(self, load, with_actor=True).success(
            lambda found: (self.model.set_rows(found[0], append=True, names=found[1]), self._update_count())
        ).failure(self._failed).run()

    def _update_count(self) -> None:
        shown = len(self.model.rows)
        self.count_label.setText(_("Showing {shown} of {total} rows").format(shown=shown, total=self.total))
        self.more_button.setVisible(shown < self.total)

    def _failed(self, exc: Exception) -> None:
        self.message.setText(getattr(exc, "message", None) or str(exc))

    def _show_detail(self, current: QModelIndex, _previous=None) -> None:
        if not current.isValid() or current.row() >= len(self.model.rows):
            self.detail.clear()
            return
        self.detail.show_row(self.model.rows[current.row()], self.model.names)

    # --- chain and export -------------------------------------------------------------------
    def verify(self) -> None:
        Query(self, audit.verify, label=_("Checking the audit chain…")).success(self._verified).failure(
            self._failed).run()

    def _verified(self, report: audit.VerifyReport) -> None:
        if report.intact:
            self.chain_label.setStyleSheet(OK_STYLE)
            self.chain_label.setText(_("Chain intact: {n} rows. Head: {head}").format(
                n=report.rows, head=report.head_text))
        else:
            self.chain_label.setStyleSheet(BAD_STYLE)
            first = report.first_break or report.problems[0]
            self.chain_label.setText(_("Chain BROKEN at row #{seq}: {detail} ({n} problems)").format(
                seq=first.seq, detail=first.detail, n=len(report.problems)))

    def export(self) -> None:
        try:
            flt = self.current_filter()
        except UserError as exc:
            self.message.setText(exc.message)
            return
        path, _selected = QFileDialog.getSaveFileName(self, _("Export the audit trail"), in_documents("audit-trail.csv"),
                                                      _("CSV files (*.csv)"))
        if not path:
            return
        self.export_to(path, flt)

    def export_to(self, path: str, flt: audit.AuditFilter) -> None:
        # the export is itself recorded in the trail: the page reloads when its Op announces that (watches)
        Op(self, lambda db, actor: audit.export_csv(db, path, flt, actor=actor), changes=Changes(audit=True),
           label=_("Exporting…")).success(lambda n: self.ctx.status_message.emit(
               _("{n} audit rows written to {path}.").format(n=n, path=path))).failure(self._failed).run()
