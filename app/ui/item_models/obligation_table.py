"""The pending workbench's table: an id-backed, lazily filled model of obligations.

The shape is Anki's browser model (``qt/aqt/browser/table/model.py``): the model holds only the ordered
ids of the current filter (from ``obligations.ids(db, flt)``, run on the worker by the page) and fetches
the rows a view actually paints, a page at a time, through ``obligations.rows(db, ids)`` into a bounded
cache. ``set_ids`` takes the first page with the ids (the page reads both in one worker task), so a new
filter paints at once. A long list comes in two parts: ``set_ids(first_ids, rows, total=n)`` shows the
start of the list (read with a LIMIT) while the whole list is read, then ``extend_ids(token, all_ids)``
appends the rest as inserted rows — the view, its selection and the rows read so far stay — or drops it
when other ids were set meanwhile (a newer filter). Given a ``runner`` (the page passes its task runner), later pages are read on the
worker too: a row not yet read shows "Loading…" and fills in when its page arrives, so scrolling never
waits on a query on the GUI thread. Without a runner (tests, scripts) a page is read where it is asked
for. A row that cannot be loaded becomes a disabled row that says why: ``data()`` never raises.

Column numbers are named constants (Vorta's ``archive_table_model``); ``SORT_ROLE`` gives a comparable
value per cell, ``ID_ROLE`` the obligation id. The model is tested without any widget.

The columns (numbers, titles, roles, cell texts) are in ``obligation_columns``, the page cache and the
fetch scheduling in ``page_cache``; both are re-exported here.
"""

from __future__ import annotations

from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QIcon

from app.i18n import _, current_language
from app.services.core.formatting import digits
from app.ui.item_models.obligation_columns import (
    COL_DUE,
    COL_DUTY,
    COL_PERSON,
    COL_STATE,
    COLUMN_COUNT,
    COLUMN_TITLES,
    DUE_SOON_COLOUR,
    ID_ROLE,
    OVERDUE_COLOUR,
    ROW_ROLE,
    SORT_ROLE,
    cell_texts,
    cell_tooltip,
    due_text,
    sort_value,
    state_text,
)
from app.ui.item_models.page_cache import MAX_CACHED_ROWS, PAGE_SIZE, PageFetching, Runner, CachedRow

_HANDLED_ROLES = frozenset({
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
    Qt.ItemDataRole.FontRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.AccessibleTextRole,
    SORT_ROLE, ID_ROLE, ROW_ROLE,
})

EXTENDED, REPLACED, STALE = "extended", "replaced", "stale"  # what extend_ids did
LINEAR_LOOKUPS = 8  # row_of_id scans the ids this many times before building the id → row map


class ObligationTableModel(PageFetching, QAbstractTableModel):
    """Rows are obligation ids; row data is fetched lazily through ``fetch(ids) -> rows``."""

    fetch_failed = Signal(str)  # a page could not be loaded (the rows show the error too)

    def __init__(self, fetch: Callable[[list[int]], Sequence[Any]], parent=None, *,
                 page_size: int = PAGE_SIZE, max_cached: int = MAX_CACHED_ROWS, runner: Runner | None = None):
        super().__init__(parent)
        self._fetch = fetch
        self._runner = runner
        self._ids = array("q")
        self._positions: dict[int, int] | None = None  # id → row, built after a few lookups
        self._lookups = 0
        self._cache: OrderedDict[int, CachedRow] = OrderedDict()
        self._loading: set[int] = set()  # ids whose page is being read on the worker
        self._waited: set[int] = set()  # of them, asked for meanwhile (shown as "Loading…"): repaint on arrival
        self._epoch = 0  # bumped when the ids or the whole cache change: older deliveries are dropped
        self._list = 0  # bumped by set_ids: the token extend_ids checks
        self._total = 0  # rows the whole list has (more than len(self._ids) until extend_ids)
        self._page_size = max(1, page_size)
        self._max_cached = max(self._page_size * 2, max_cached)
        self._role_names: dict[str, tuple[str, str]] = {}
        self._icons: dict[str, QIcon] = {}
        self._bold = QFont()
        self._bold.setBold(True)
        self.fetch_count = 0  # how many pages were fetched (for tests and the benchmark)

    # --- contents -------------------------------------------------------------------------
    def set_ids(self, ids: Iterable[int], rows: Sequence[Any] | None = None, *,
                asked: Sequence[int] | None = None, total: int | None = None) -> int:
        """Show these obligations in this order (the result of ``obligations.ids``).

        ``rows`` are rows already read for some of them (the first page, read with the ids), ``asked`` the
        ids they were read for (default: the rows' ids): an asked id without a row is no longer there.
        ``total`` says the ids are only the start of a list this long, the rest to come by ``extend_ids``
        with the token returned here.
        """
        self.beginResetModel()
        self._ids = ids if isinstance(ids, array) and ids.typecode == "q" else array("q", ids)
        self._total = max(len(self._ids), total or 0)
        self._positions = None
        self._lookups = 0
        self._cache.clear()
        self._loading.clear()
        self._waited.clear()
        self._epoch += 1
        self._list += 1
        if rows is not None:
            self._store([r.id for r in rows] if asked is None else list(asked), rows, "")
        self.endResetModel()
        return self._list

    def extend_ids(self, token: int, ids: Iterable[int]) -> str:
        """The whole list whose start ``set_ids`` (which returned ``token``) showed.

        Returns ``EXTENDED`` when the rows shown are its start (the rest is inserted after them: the view,
        its selection and the cached rows stay), ``REPLACED`` when the entries changed meanwhile and the
        start differs (the model is reset to the whole list, keeping the rows read by id), ``STALE`` when
        other ids were set since (nothing changes).
        """
        if token != self._list:
            return STALE
        full = ids if isinstance(ids, array) and ids.typecode == "q" else array("q", ids)
        n = len(self._ids)
        if full[:n] == self._ids:
            self._total = len(full)
            if len(full) > n:
                self.beginInsertRows(QModelIndex(), n, len(full) - 1)
                self._ids = full
                self._positions = None
                self._lookups = 0
                self.endInsertRows()
            return EXTENDED
        self.beginResetModel()
        self._ids = full
        self._total = len(full)
        self._positions = None
        self._lookups = 0
        self._loading.clear()  # pages on their way were asked by row: ask again
        self._waited.clear()
        self._epoch += 1
        self.endResetModel()
        return REPLACED

    @property
    def total(self) -> int:
        """How many entries the list has, including those ``extend_ids`` has yet to bring."""
        return max(self._total, len(self._ids))

    @property
    def complete(self) -> bool:
        """Every id of the list is here (no ``extend_ids`` awaited)."""
        return len(self._ids) >= self._total

    def invalidate(self, ids: Iterable[int] | None = None) -> None:
        """Forget cached rows (all, or these ids) so they are read again when painted."""
        if ids is None:
            self._cache.clear()
            self._loading.clear()
            self._waited.clear()
            self._epoch += 1
            if self._ids:
                self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, COLUMN_COUNT - 1))
            return
        for oid in ids:
            self._cache.pop(oid, None)
            row = self.row_of_id(oid)
            if row is not None:
                self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_COUNT - 1))

    def set_role_names(self, names: dict[str, tuple[str, str]]) -> None:
        """Role code → (Hindi, English) label, from the catalogue."""
        self._role_names = dict(names)
        self.retranslate()

    def retranslate(self) -> None:
        """The rows already read are written out again in the new language from what they hold (duty, role
        and basis in both languages, the case label's parts; each row's texts are rebuilt when next painted):
        nothing is read again but the few rows whose words the service wrote in the old language (one that
        could not be read, one with a problem)."""
        for oid in [oid for oid, c in self._cache.items() if c.row is None or getattr(c.row, "problem", None)]:
            del self._cache[oid]
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMN_COUNT - 1)
        if self._ids:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._ids) - 1, COLUMN_COUNT - 1))

    # --- lookups --------------------------------------------------------------------------
    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of_id(self, oid: int) -> int | None:
        if self._positions is None:
            if self._lookups < LINEAR_LOOKUPS:  # a few lookups (the current row after a reload): scan in C
                self._lookups += 1
                try:
                    return self._ids.index(oid)
                except ValueError:
                    return None
            self._positions = {v: i for i, v in enumerate(self._ids)}
        return self._positions.get(oid)

    def row_at(self, row: int) -> Any:
        """The ObligationRow at ``row`` (fetched if needed), or None if it failed to load."""
        cached = self._cached(row)
        return None if cached is None else cached.row

    def ids_of_rows(self, rows: Iterable[int]) -> list[int]:
        n = len(self._ids)
        return [self._ids[r] for r in sorted(set(rows)) if 0 <= r < n]

    def is_cached(self, row: int) -> bool:
        oid = self.id_at(row)
        return oid is not None and oid in self._cache

    def is_loading(self, row: int) -> bool:
        """The row's page is being read on the worker (it shows "Loading…" until then)."""
        oid = self.id_at(row)
        return oid is not None and oid not in self._cache and oid in self._loading

    @property
    def loading(self) -> bool:
        return bool(self._loading)

    # --- Qt model interface ---------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            title = COLUMN_TITLES.get(section)
            return _(title) if title else None
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return digits(str(section + 1))
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        # never reads: a selection of every row asks every row's flags
        oid = self.id_at(index.row()) if index.isValid() else None
        if oid is None:
            return Qt.ItemFlag.NoItemFlags
        cached = self._cache.get(oid)
        if cached is not None and cached.row is None:
            return Qt.ItemFlag.NoItemFlags  # could not be read: cannot be selected or acted on
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if role not in _HANDLED_ROLES or not index.isValid():
            return None  # most of what a view asks while painting (alignment, background, check state …)
        row, col = index.row(), index.column()
        if role == ID_ROLE:
            return self.id_at(row)
        cached = self._cached(row)
        if cached is None:
            if role == Qt.ItemDataRole.DisplayRole and col == COL_DUTY and self.id_at(row) is not None:
                return _("Loading…")  # its page is on its way from the worker
            return None
        if self._runner is not None and col == 0 and role == Qt.ItemDataRole.DisplayRole:
            self._prefetch_ahead(row)
        obligation = cached.row
        if obligation is None:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                if col == COL_DUTY or role == Qt.ItemDataRole.ToolTipRole:
                    return _("This entry could not be loaded: {error}").format(error=cached.error)
                if col == COL_STATE:
                    return _("Error")
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts(cached)[col]
        if role == ROW_ROLE:
            return obligation
        if role == SORT_ROLE:
            return self._sort_value(obligation, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(obligation, col) or self._texts(cached)[col]  # the whole text of an elided cell
        if role == Qt.ItemDataRole.ForegroundRole:
            if obligation.status == "pending" and obligation.overdue and col in (COL_STATE, COL_DUE):
                return QBrush(OVERDUE_COLOUR)
            if obligation.status == "pending" and obligation.due_soon and col == COL_STATE:
                return QBrush(DUE_SOON_COLOUR)
            return None
        if role == Qt.ItemDataRole.FontRole:
            if col == COL_STATE and obligation.status == "pending" and obligation.overdue:
                return self._bold
            if col == COL_PERSON and obligation.person_id is None:
                return self._bold
            return None
        if role == Qt.ItemDataRole.DecorationRole and col == COL_STATE:
            return self._state_icon(obligation)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._texts(cached)[col]
        return None

    # --- presentation ---------------------------------------------------------------------
    def _texts(self, cached: CachedRow) -> tuple[str, ...]:
        lang = current_language()
        if cached.texts is None or cached.lang != lang:
            cached.texts = self._build_texts(cached.row, lang)
            cached.lang = lang
        return cached.texts

    def _build_texts(self, o: Any, lang: str) -> tuple[str, ...]:
        return cell_texts(o, lang, self._role_names)

    due_text = staticmethod(due_text)
    state_text = staticmethod(state_text)

    def _tooltip(self, o: Any, col: int) -> str:
        return cell_tooltip(o, col)

    def _state_icon(self, o: Any) -> QIcon | None:
        if o.status != "pending" or not (o.overdue or o.due_soon):
            return None
        key = "overdue" if o.overdue else "soon"
        icon = self._icons.get(key)
        if icon is None:
            from PySide6.QtWidgets import QApplication, QStyle

            style = QApplication.style()
            if style is None:
                return None
            pixmap = (QStyle.StandardPixmap.SP_MessageBoxWarning if o.overdue
                      else QStyle.StandardPixmap.SP_MessageBoxInformation)
            icon = style.standardIcon(pixmap)
            self._icons[key] = icon
        return icon

    def _sort_value(self, o: Any, col: int):
        def texts() -> tuple[str, ...]:
            return self._texts(self._cache[o.id]) if o.id in self._cache else self._build_texts(o, current_language())
        return sort_value(o, col, texts)
