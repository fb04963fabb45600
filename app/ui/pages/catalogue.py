"""The allocation role by role: the letter's Hindi verbatim, English beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
)

from app.i18n import N_, _, current_language
from app.services import catalogue
from app.ui.changes import Changes
from app.ui.operations import Query
from app.ui.pages.base import Page

KIND_LABELS = {"event": N_("Per event"), "recurring": N_("Recurring"), "standing": N_("Standing duty")}
RECURRENCE_LABELS = {
    "daily": N_("daily"), "weekly": N_("weekly"), "fortnightly": N_("fortnightly"), "monthly": N_("monthly"),
}


class CataloguePage(Page):
    key = "catalogue"
    watches = Changes(catalogue=True)

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self._data = None
        self._select_duty_id: int | None = None
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.heading.setWordWrap(True)
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(5)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.heading)
        layout.addWidget(self.source)
        layout.addWidget(self.tree, 1)
        self._build_label_editing(layout)
        self.retranslate()

    def title(self) -> str:
        return _("Duty allocation")

    def retranslate(self) -> None:
        self.heading.setText(_("Allocation of CAS duties among the station's roles"))
        self.label_button.setText(_("&Edit the duty's label (F2)"))
        self.label_hint.setText(_("Labels the station gives a duty are shown instead of the letter's text; "
                                  "hover over a duty to see the letter's text."))
        self.tree.setHeaderLabels([_("Code"), _("Duty (letter's Hindi)"), _("Duty (English)"), _("Form"), _("Kind")])
        self._populate()

    def refresh(self) -> None:
        def load(db):
            return (catalogue.list_roles(db), catalogue.list_duties(db),
                    catalogue.circular_info(db))

        Query(self, load, label=_("Loading the allocation…")).success(self._loaded).run()

    def _loaded(self, data) -> None:
        self._data = data
        self._populate()

    def _populate(self) -> None:
        self.tree.clear()
        if not self._data:
            return
        roles, duties, circular = self._data
        lang = current_language()
        if circular is not None:
            self.source.setText(_("Source: letter no. {number} dated {date}, UP Police Technical Services HQ.").format(
                number=circular.number_in(lang), date=circular.date.strftime("%d.%m.%Y")))
        by_role: dict[str, QTreeWidgetItem] = {}
        for role in roles:
            count = sum(1 for d in duties if d.role == role.code)
            item = QTreeWidgetItem([f"({role.section})", _("{role} — {count} duties").format(
                role=role.name(lang), count=count)])
            font = item.font(1)
            font.setBold(True)
            item.setFont(1, font)
            item.setFirstColumnSpanned(False)
            self.tree.addTopLevelItem(item)
            by_role[role.code] = item
        for d in duties:
            kind = _(KIND_LABELS.get(d.kind, d.kind))
            if d.recurrence:
                kind = _("{kind} ({period})").format(kind=kind, period=_(RECURRENCE_LABELS[d.recurrence]))
            child = QTreeWidgetItem([d.code, d.name_hi, d.display_en, d.form or "", kind])
            child.setData(0, Qt.ItemDataRole.UserRole, d.id)
            child.setToolTip(2, d.note_en)
            if d.label_hi or d.label_en:
                child.setToolTip(1, _("Letter's text: {text}").format(text=d.text_hi))
                child.setToolTip(0, _("The station's own label"))
            by_role[d.role].addChild(child)
        self.tree.expandAll()
        if self._select_duty_id is not None:
            self._select_duty(self._select_duty_id)
            self._select_duty_id = None

    # --- the station's labels for duties -------------------------------------------------------
    def _build_label_editing(self, layout) -> None:
        self.label_button = QPushButton()
        self.label_button.clicked.connect(self.edit_label)
        self.label_hint = QLabel()
        self.label_hint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.label_button)
        row.addWidget(self.label_hint, 1)
        layout.addLayout(row)
        self.add_shortcuts((("F2", self.edit_label),))
        self.tree.itemActivated.connect(lambda item, _col: self.edit_label() if item.parent() else None)
        self.tree.currentItemChanged.connect(lambda *_a: self.label_button.setEnabled(self.selected_duty() is not None))
        self.label_button.setEnabled(False)

    def selected_duty(self):
        item = self.tree.currentItem()
        if item is None or self._data is None:
            return None
        duty_id = item.data(0, Qt.ItemDataRole.UserRole)
        return next((d for d in self._data[1] if d.id == duty_id), None) if duty_id is not None else None

    def _select_duty(self, duty_id: int) -> None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount()):
                if top.child(j).data(0, Qt.ItemDataRole.UserRole) == duty_id:
                    self.tree.setCurrentItem(top.child(j))
                    self.tree.scrollToItem(top.child(j))
                    return

    def edit_label(self):
        duty = self.selected_duty()
        if duty is None:
            return None
        from app.ui.dialogs.duty_label import DutyLabelDialog

        dialog = DutyLabelDialog(self.ctx, duty, parent=self)
        dialog.saved.connect(self._label_saved)
        dialog.open()
        return dialog

    def _label_saved(self, duty) -> None:
        self._select_duty_id = duty.id  # the page reloads when the dialog's Op announces the change (watches)
