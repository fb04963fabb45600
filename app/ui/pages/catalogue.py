"""The allocation role by role: the letter's Hindi verbatim, English beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView, QHeaderView, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
)

from ...i18n import N_, _, current_language
from ...services import catalogue as catalogue_service
from .base import Page

KIND_LABELS = {"event": N_("Per event"), "recurring": N_("Recurring"), "standing": N_("Standing duty")}
RECURRENCE_LABELS = {
    "daily": N_("daily"), "weekly": N_("weekly"), "fortnightly": N_("fortnightly"), "monthly": N_("monthly"),
}


class CataloguePage(Page):
    key = "catalogue"

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self._data = None
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
        self.retranslate()

    def title(self) -> str:
        return _("Duty allocation")

    def retranslate(self) -> None:
        self.heading.setText(_("Allocation of CAS duties among the station's roles"))
        self.tree.setHeaderLabels([_("Code"), _("Duty (letter's Hindi)"), _("Duty (English)"), _("Form"), _("Kind")])
        self._populate()

    def refresh(self) -> None:
        db = self.ctx.db

        def load():
            return (catalogue_service.list_roles(db), catalogue_service.list_duties(db),
                    catalogue_service.circular_info(db))

        self.ctx.tasks.run(load, on_done=self._loaded, label=_("Loading the allocation…"))

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
                number=circular.number, date=circular.date.strftime("%d.%m.%Y")))
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
            child.setToolTip(2, d.note_en)
            by_role[d.role].addChild(child)
        self.tree.expandAll()
