"""Due-date rules: when each CAS entry is owed, by whom, and why (the source in words) — editable,
each change audited; open entries follow a change only through an explicit, previewed recompute."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QTableWidget, QTableWidgetItem,
    QVBoxLayout,
)

from app.i18n import N_, _, current_language, ngettext
from app.services import catalogue
from app.services import obligations
from app.services import staff
from app.ui.changes import Changes
from app.ui.operations import Query
from app.ui.pages.base import Page

EVERY_LABELS = {"daily": N_("every day"), "weekly": N_("every week"), "fortnightly": N_("every fortnight"),
                "monthly": N_("every month")}
PUNISHMENT_SHORT = {None: N_("not set"), "lt10": N_("< 10 years"), "ge10": N_("≥ 10 years / life / death"),
                    "ndps": N_("NDPS"), "sexual": N_("rape / POCSO")}
COLUMNS = 6  # duty, when, condition, owed by, due, source


def trigger_text(trigger: str, every: str | None) -> str:
    if trigger == "recurring":
        return _("Recurring, {every}").format(every=_(EVERY_LABELS.get(every or "", every or "")))
    kind, _sep, code = trigger.partition(":")
    if kind == "case":
        return _("{kind} registered").format(kind=_(catalogue.CASE_KINDS.get(code, code)))
    return _("Event: {event}").format(event=_(catalogue.EVENT_KINDS.get(code, code)))


def condition_text(when: dict) -> str:
    parts = []
    for name, wanted in when.items():
        if name == "sensitive":
            parts.append(_("sensitive FIR") if wanted else _("not sensitive"))
        elif name == "punishment_class":
            values = wanted if isinstance(wanted, list) else [wanted]
            parts.append(_("punishment: {classes}").format(
                classes=", ".join(_(PUNISHMENT_SHORT.get(v, str(v))) for v in values)))
        else:
            parts.append(f"{name} = {wanted}")
    return "; ".join(parts)


def offset_text(term) -> str:
    bits = []
    if term.months:
        bits.append(ngettext("{n} month", "{n} months", term.months).format(n=term.months))
    if term.days:
        bits.append(ngettext("{n} day", "{n} days", term.days).format(n=term.days))
    if term.hours:
        bits.append(ngettext("{n} hour", "{n} hours", term.hours).format(n=term.hours))
    return " ".join(bits)


def due_text(rule) -> str:
    from app.ui.dialogs.rule_edit import ANCHOR_LABELS

    parts = []
    for i, t in enumerate(rule.terms):
        if t.anchor == "event":  # the trigger says which: the case's registration or the event
            anchor = _("registration") if rule.trigger.startswith("case:") else _("the event")
        else:
            anchor = _(ANCHOR_LABELS.get(t.anchor, t.anchor))
        offset = offset_text(t)
        text = _("{offset} after {anchor}").format(offset=offset, anchor=anchor) if offset else \
            _("by {anchor}").format(anchor=anchor)
        parts.append(text if i == 0 else _("else {text}").format(text=text))
    return "; ".join(parts)


def rule_order(rule) -> tuple:
    """The letter's order: by duty (A-1 … E-9), then the rule's key."""
    letter, _sep, number = rule.duty_code.partition("-")
    return (letter, int(number) if number.isdigit() else 0, rule.key)


class RulesPage(Page):
    key = "rules"
    watches = Changes(rules=True)

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self.rules: list = []
        self.duties: dict[str, object] = {}
        self.roles: list = []
        self.problems: list[str] = []
        self._select_key: str | None = None
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        self.problem_label.setStyleSheet("color: #b00020;")
        self.problem_label.hide()
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._populate)
        self.search_label = QLabel()
        self.search_label.setBuddy(self.search)
        self.table = QTableWidget(0, COLUMNS)
        self.table.setObjectName("rulesTable")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.doubleClicked.connect(lambda _i: self.edit_rule())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.edit_button = QPushButton()
        self.edit_button.clicked.connect(self.edit_rule)
        self.recompute_button = QPushButton()
        self.recompute_button.clicked.connect(self.recompute)
        top = QHBoxLayout()
        top.addWidget(self.search_label)
        top.addWidget(self.search, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.recompute_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.explain)
        layout.addWidget(self.problem_label)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.add_shortcuts((("F2", self.edit_rule), ("Ctrl+F", self.search.setFocus)))
        self.table.activated.connect(lambda _i: self.edit_rule())  # Enter on a row
        self.retranslate()
        self._update_buttons()

    def title(self) -> str:
        return _("Due-date rules")

    def retranslate(self) -> None:
        self.heading.setText(_("When each CAS entry is due, who owes it, and on what authority"))
        self.explain.setText(_("A changed rule applies to new entries. Entries already open keep their due dates "
                               "until you recompute them; you see what would change first. Every change is audited."))
        self.search_label.setText(_("Fin&d:"))
        self.search.setPlaceholderText(_("Duty code, case kind, event, source"))
        self.edit_button.setText(_("&Edit rule (F2)"))
        self.recompute_button.setText(_("&Recompute open entries…"))
        self.table.setHorizontalHeaderLabels([_("Duty"), _("When"), _("Only if"), _("Owed by"), _("Due"),
                                              _("Source")])
        self._populate()

    def refresh(self) -> None:
        def load(db):
            return (obligations.list_rules(db), catalogue.list_duties(db), catalogue.list_roles(db),
                    obligations.rule_problems(db))

        Query(self, load, label=_("Loading the rules…")).success(self._loaded).run()

    def _loaded(self, data) -> None:
        rules, duties, self.roles, self.problems = data
        self.rules = sorted(rules, key=rule_order)
        self.duties = {d.code: d for d in duties}
        self._populate()

    def role_name(self, code: str) -> str:
        if code == "case_io":
            from app.ui.dialogs.rule_edit import OWNER_CASE_IO

            return _(OWNER_CASE_IO)
        lang = current_language()
        return next((r.name(lang) for r in self.roles if r.code == code), code)

    def duty_text(self, code: str) -> str:
        d = self.duties.get(code)
        return _("{code} {name}").format(code=code, name=d.name(current_language())) if d else code

    def _populate(self) -> None:
        keep = self._select_key or (self.selected_rule().key if self.selected_rule() else None)
        self._select_key = None
        if self.problems:
            self.problem_label.setText("\n".join(self.problems))
            self.problem_label.show()
        else:
            self.problem_label.hide()
        lang = current_language()
        text = self.search.text().strip().casefold()
        rows = []
        for r in self.rules:
            cells = [self.duty_text(r.duty_code), trigger_text(r.trigger, r.every), condition_text(r.when),
                     self.role_name(r.owner), due_text(r), " / ".join(t.basis(lang) for t in r.terms[:1])]
            if text and text not in " ".join(cells + [r.key]).casefold():
                continue
            rows.append((r, cells))
        self.table.setRowCount(len(rows))
        select_row = 0 if rows else None
        for row, (r, cells) in enumerate(rows):
            for col, value in enumerate(cells):
                item = QTableWidgetItem(value)
                item.setToolTip(value if col != 5 else "\n\n".join(t.basis(lang) for t in r.terms))
                if col == 0:
                    item.setData(Qt.ItemDataRole.UserRole, r.key)
                if not r.enabled:
                    item.setForeground(self.palette().placeholderText())
                self.table.setItem(row, col, item)
            if r.source == "station":
                self.table.item(row, 0).setText(_("{duty} (station's rule, v{version})").format(
                    duty=cells[0], version=r.version))
            if not r.enabled:
                self.table.item(row, 3).setText(_("not in use"))
            if r.key == keep:
                select_row = row
        widths = (230, 170, 130, 150, 230)
        for col, w in enumerate(widths):
            self.table.setColumnWidth(col, w)
        self.table.resizeRowsToContents()
        if select_row is not None:
            self.table.selectRow(select_row)
        self._update_buttons()

    def selected_rule(self):
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        key = self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        return next((r for r in self.rules if r.key == key), None)

    def _update_buttons(self) -> None:
        self.edit_button.setEnabled(self.selected_rule() is not None)

    def edit_rule(self):
        rule = self.selected_rule()
        if rule is None:
            return None
        from app.ui.dialogs.rule_edit import RuleDialog

        dialog = RuleDialog(self.ctx, rule, self.roles, self.duty_text(rule.duty_code), parent=self)
        dialog.saved.connect(self._rule_saved)
        dialog.open()
        return dialog

    def _rule_saved(self, rule) -> None:
        self._select_key = rule.key
        self.ctx.status_message.emit(_("Rule {key} saved as version {version}. Open entries change only when you "
                                       "recompute.").format(key=rule.key, version=rule.version))
        # the page reloads when the dialog's Op announces the rule changed (watches)

    def recompute(self):
        from app.ui.dialogs.rule_edit import RecomputeDialog

        dialog_holder = {}

        def open_dialog(people):
            dialog = RecomputeDialog(self.ctx, {p.id: p.name for p in people}, parent=self)
            dialog_holder["dialog"] = dialog
            dialog.open()

        Query(self, staff.list_persons, label=_("Loading the staff…")).success(open_dialog).run()
        return dialog_holder
