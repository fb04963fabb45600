"""The pending workbench's loading in two phases (a mixin of ``PendingPage``).

Phase one reads, in one worker task, the filter's first ids (a LIMIT, no sort of every id), the count and
the rows the view paints first; phase two reads the whole id list and appends it below the rows shown.
Every load carries a generation: a result that arrives after a newer filter, order or change was asked
for is dropped. The selection and the current entry are kept across a reload of the same view.
"""

from __future__ import annotations

import time
from array import array

from PySide6.QtCore import QItemSelection, QItemSelectionModel

from app.i18n import _
from app.services import obligations
from app.ui.item_models.obligation_table import EXTENDED, REPLACED
from app.ui.item_models.page_cache import PAGE_SIZE
from app.ui.operations import Query

KEEP_SELECTION_MAX = 5000  # re-select at most this many rows after a reload


class PendingLoading:
    """Loads the page's model; the page has ``ctx``, ``model``, ``table``, ``_generation``, ``_order``,
    ``_shown``, ``last_load_ms``, ``last_complete_ms``, ``current_filter()``, ``selected_ids()``,
    ``_update_count()``, ``_update_actions()`` and ``_show_details()``."""

    def _load_ids(self) -> None:
        self._generation += 1
        generation = self._generation
        flt = self.current_filter()
        order, descending = self._order
        query = (flt, self._order)
        index = self.table.currentIndex()
        # a reload of the same view keeps the current entry in view; a new filter or order starts at the top
        current = self.model.id_at(index.row()) if index.isValid() and query == self._shown else None
        started = time.perf_counter()

        def load(db):
            # the first ids (a LIMIT: no sort of the whole list), the count and the rows the view paints
            # first, in one task: nothing is read on the GUI thread; the whole list follows in a second task
            return obligations.first_ids(db, flt, order, descending=descending, limit=PAGE_SIZE, around=current)

        Query(self, load, label=_("Finding entries…")).success(
            lambda result: self._ids_loaded(generation, query, result, started)).failure(
            lambda exc: self._load_failed(generation, exc)).run()

    def _load_failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        self.ctx.status_message.emit(_("The entries could not be loaded: {error}").format(error=message))

    def _ids_loaded(self, generation: int, query: tuple, result: obligations.FirstIds, started: float) -> None:
        if generation != self._generation:
            return  # a newer filter is on its way
        keep = self.selected_ids()
        index = self.table.currentIndex()
        current = self.model.id_at(index.row()) if index.isValid() and query == self._shown else None
        self._shown = query
        token = self.model.set_ids(array("q", result.ids), result.rows, asked=result.page, total=result.total)
        # lay the view out now rather than on its timer: one paint, with the rows the worker read
        self.table.executeDelayedItemsLayout()
        keep = keep[:KEEP_SELECTION_MAX]
        self._restore_selection(keep, current)
        self.last_load_ms = (time.perf_counter() - started) * 1000
        self.last_complete_ms = self.last_load_ms if result.complete else None
        self._update_count()
        self._update_actions()
        self._show_details()
        self._fit_columns()  # widths from the rows now shown, in the window's language
        if not result.complete:
            self._load_rest(generation, query, token, keep, current, started)

    def _load_rest(self, generation: int, query: tuple, token: int, keep: list[int], current: int | None,
                   started: float) -> None:
        """Phase two: the whole id list, appended to the first ids shown (a newer filter drops it)."""
        flt, (order, descending) = query
        # selected entries not among the first ids are selected when they arrive, unless the user has
        # changed the selection meanwhile
        missing = [oid for oid in keep if self.model.row_of_id(oid) is None]
        selected = self.selected_ids()

        def done(found: list[int]) -> None:
            if generation != self._generation:
                return  # the filter, order or entries changed meanwhile: this list is stale
            now_selected = self.selected_ids()
            still = now_selected == selected
            index = self.table.currentIndex()
            now_current = self.model.id_at(index.row()) if index.isValid() else None
            outcome = self.model.extend_ids(token, array("q", found))
            if outcome == REPLACED:  # the entries changed between the two reads: a reset, so select again
                self.table.executeDelayedItemsLayout()
                again = now_selected + missing if still else now_selected
                self._restore_selection(again[:KEEP_SELECTION_MAX], now_current)
            elif outcome == EXTENDED and still and missing:
                self._select_more(missing)
            self.last_complete_ms = (time.perf_counter() - started) * 1000
            self._update_count()
            self._update_actions()

        Query(self, lambda db: obligations.ids(db, flt, order, descending=descending),
              label=_("Finding entries…")).success(done).failure(lambda exc: self._load_failed(generation, exc)).run()

    def _select_more(self, ids: list[int]) -> None:
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for oid in ids:
            row = self.model.row_of_id(oid)
            if row is not None:
                selection.select(self.model.index(row, 0), self.model.index(row, last))
        if not selection.isEmpty():
            self.table.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.Select)

    def _restore_selection(self, keep: list[int], current: int | None) -> None:
        sel_model = self.table.selectionModel()
        selection = QItemSelection()
        last = self.model.columnCount() - 1
        for oid in keep:
            row = self.model.row_of_id(oid)
            if row is not None:
                selection.select(self.model.index(row, 0), self.model.index(row, last))
        if not selection.isEmpty():
            sel_model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        row = self.model.row_of_id(current) if current is not None else None
        if row is None and self.model.rowCount():
            row = 0 if selection.isEmpty() else None
            if row is not None:
                sel_model.setCurrentIndex(self.model.index(0, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
                return
        if row is not None:
            sel_model.setCurrentIndex(self.model.index(row, 0), QItemSelectionModel.SelectionFlag.NoUpdate)
            self.table.scrollTo(self.model.index(row, 0))  # acted on by the shortcuts: keep it in sight
