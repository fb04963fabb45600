"""The pending workbench's actions (a mixin of ``PendingPage``): mark entered with the CAS reference, the
SHO's verification and not applicable with a reason, each through its dialog, on the selected entries
(or the current one), and the table's context menu.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu

from app.i18n import _, current_language, ngettext
from app.ui.item_models.obligation_columns import case_text


class PendingActions:
    """The page has ``ctx``, ``model``, ``table``, ``_people``, ``_shos``, the actions and ``selected_ids()``."""

    def _acted_on(self) -> list[int]:
        """The selected entries, or the current one when nothing is selected."""
        found = self.selected_ids()
        if not found and self.table.currentIndex().isValid():
            index = self.table.currentIndex()
            oid = self.model.id_at(index.row())
            if oid is not None and self.model.flags(index) & Qt.ItemFlag.ItemIsSelectable:  # not a broken row
                found = [oid]
        return found

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        menu.addAction(self.enter_action)
        menu.addAction(self.verify_action)
        menu.addAction(self.na_action)
        menu.addAction(self.reassign_action)
        menu.addSeparator()
        menu.addAction(self.reload_action)
        from app.ui.table_export import add_export_to

        add_export_to(menu, self.table)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    def _row_summary(self, oid: int) -> str:
        row = self.model.row_of_id(oid)
        o = self.model.row_at(row) if row is not None else None
        if o is None:
            return ""
        parts = [o.duty_code, o.duty_name(current_language()) if hasattr(o, "duty_name") else o.duty_name_en]
        if o.case_label:
            parts.append(case_text(o))
        return " — ".join(parts)

    # --- actions --------------------------------------------------------------------------
    def _nothing_chosen(self) -> None:
        self.ctx.status_message.emit(_("Choose one or more entries in the table first."))

    def mark_entered(self) -> None:
        from app.ui.dialogs.mark_entered import MarkEnteredDialog

        chosen = self._acted_on()
        if not chosen:
            return self._nothing_chosen()
        summary = self._row_summary(chosen[0]) if len(chosen) == 1 else ""
        dialog = MarkEnteredDialog(self.ctx, chosen, self._people, default_person_id=self.ctx.actor.person_id,
                                   summary=summary, parent=self)
        dialog.saved.connect(lambda n: self._changed(ngettext(
            "{n} entry marked as made in CAS.", "{n} entries marked as made in CAS.", n).format(n=n)))
        self._open(dialog)

    def verify(self) -> None:
        from app.ui.dialogs.verify import VerifyDialog

        chosen = self._acted_on()
        if not chosen:
            return self._nothing_chosen()
        dialog = VerifyDialog(self.ctx, chosen, self._shos, default_person_id=self.ctx.actor.person_id, parent=self)
        dialog.saved.connect(lambda n: self._changed(ngettext(
            "{n} entry verified.", "{n} entries verified.", n).format(n=n)))
        self._open(dialog)

    def not_applicable(self) -> None:
        from app.ui.dialogs.not_applicable import NotApplicableDialog

        index = self.table.currentIndex()
        chosen = self._acted_on()
        if not chosen:
            return self._nothing_chosen()
        if len(chosen) > 1:
            oid = self.model.id_at(index.row()) if index.isValid() else None
            if oid not in chosen:
                oid = chosen[0]
            self.ctx.status_message.emit(_("Not applicable is given one entry at a time, each with its reason."))
        else:
            oid = chosen[0]
        dialog = NotApplicableDialog(self.ctx, oid, summary=self._row_summary(oid), parent=self)
        dialog.saved.connect(lambda _r: self._changed(_("The entry was marked not applicable.")))
        self._open(dialog)

    def reassign(self) -> None:
        from app.ui.dialogs.reassign import ReassignDialog

        chosen = self._acted_on()
        if not chosen:
            return self._nothing_chosen()
        summary = self._row_summary(chosen[0]) if len(chosen) == 1 else ""
        dialog = ReassignDialog(self.ctx, chosen, self._active_people, summary=summary, parent=self)
        dialog.saved.connect(lambda n: self._changed(ngettext(
            "{n} entry given to another person.", "{n} entries given to another person.", n).format(n=n)))
        self._open(dialog)

    def _open(self, dialog) -> None:
        self.dialog = dialog  # kept for tests and so it is not collected while open
        dialog.setModal(True)
        dialog.finished.connect(lambda _r: self.table.setFocus())
        dialog.open()

    def _changed(self, message: str) -> None:
        self.ctx.status_message.emit(message)
        # the dialog's Op then announces the entries changed, and the page reloads (``data_changed``): the new
        # ids and rows come together (forgetting the rows now would only flash "Loading…" over them). A page
        # hidden meanwhile (the window locked) is shown again without being activated: it reloads now.
        if not self.isVisible():
            self.refresh()
