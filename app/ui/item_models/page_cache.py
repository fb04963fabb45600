"""The page cache and fetch scheduling behind the lazy obligation table (``obligation_table``).

The model holds only the ordered ids; the rows a view paints are read a page at a time, through
``fetch(ids) -> rows``, into a bounded cache (the oldest pages are dropped first). Given a ``runner``,
pages are read on the worker: a row asked for meanwhile is remembered and repainted when its page
arrives, and a page that arrives after the ids or the cache changed (the epoch moved on) is dropped.
Without a runner a page is read where it is asked for. A page that cannot be read becomes cache
entries that say why, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from app.i18n import _
from app.ui.item_models.obligation_columns import COLUMN_COUNT

PAGE_SIZE = 200
MAX_CACHED_ROWS = 6000

# runner(work, on_done, on_error): run ``work()`` off the GUI thread and call back on it with the result
Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[Exception], None]], Any]


@dataclass
class CachedRow:
    row: Any  # ObligationRow, or None when it failed to load
    error: str = ""
    texts: tuple[str, ...] | None = None  # display texts, built once per language
    lang: str = ""


class PageFetching:
    """Fetching and caching for ``ObligationTableModel`` (a mixin: the model owns the state).

    The model sets ``_fetch``, ``_runner``, ``_ids``, ``_cache``, ``_loading``, ``_waited``, ``_epoch``,
    ``_page_size``, ``_max_cached`` and ``fetch_count``, and has ``id_at``, ``index``, ``dataChanged``
    and ``fetch_failed``.
    """

    _fetch: Callable[[list[int]], Sequence[Any]]
    _runner: Runner | None
    _ids: Any  # array('q') of the ids shown, in order
    _cache: Any  # OrderedDict[int, CachedRow]
    _loading: set[int]
    _waited: set[int]
    _epoch: int
    _page_size: int
    _max_cached: int
    fetch_count: int

    def _cached(self, row: int) -> CachedRow | None:
        """The row's cache entry; asks for its page when it has none (and then, with a runner, is None
        until the page arrives)."""
        oid = self.id_at(row)
        if oid is None:
            return None
        cached = self._cache.get(oid)
        if cached is None:
            if oid not in self._loading:
                self._fetch_around(row)
                cached = self._cache.get(oid)
            if cached is None:
                self._waited.add(oid)
        return cached  # the cache drops the oldest fetched pages first

    def _page_at(self, row: int) -> tuple[int, int, list[int]]:
        n = len(self._ids)
        # a page mostly ahead of the row asked for: views paint top to bottom and scroll down
        start = max(0, min(row - self._page_size // 4, n - self._page_size))
        end = min(n, start + self._page_size)
        cache, loading, ids = self._cache, self._loading, self._ids
        return start, end, [ids[r] for r in range(start, end) if ids[r] not in cache and ids[r] not in loading]

    def _fetch_around(self, row: int) -> None:
        start, end, wanted = self._page_at(row)
        if not wanted:
            return
        self.fetch_count += 1
        if self._runner is not None:
            self._request(start, end, wanted)
            return
        try:
            fetched, error = self._fetch(wanted), ""
        except Exception as exc:  # a broken page becomes disabled rows, never an exception in data()
            fetched, error = (), self._error_text(exc)
            self.fetch_failed.emit(error)
        self._store(wanted, fetched, error)

    def _request(self, start: int, end: int, wanted: list[int]) -> None:
        """Read ``wanted`` (rows start..end) on the worker; the rows repaint when it arrives."""
        epoch = self._epoch
        self._loading.update(wanted)
        fetch = self._fetch

        def done(fetched) -> None:
            self._delivered(epoch, start, end, wanted, fetched, "")

        def failed(exc: Exception) -> None:
            error = self._error_text(exc)
            if epoch == self._epoch:
                self.fetch_failed.emit(error)
            self._delivered(epoch, start, end, wanted, (), error)

        self._runner(lambda: fetch(wanted), done, failed)

    def _delivered(self, epoch: int, start: int, end: int, wanted: list[int], fetched, error: str) -> None:
        if epoch != self._epoch:
            return  # the ids or the cache changed meanwhile: these rows are asked again when painted
        self._loading.difference_update(wanted)
        self._store(wanted, fetched, error)
        waited = self._waited.intersection(wanted)
        if waited:  # shown as "Loading…": repaint them (a page read ahead is painted when scrolled to)
            self._waited.difference_update(waited)
            rows = [r for r in range(start, end) if self._ids[r] in waited]
            self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], COLUMN_COUNT - 1))

    @staticmethod
    def _error_text(exc: Exception) -> str:
        return getattr(exc, "message", None) or str(exc) or type(exc).__name__

    def _store(self, wanted: Sequence[int], fetched: Sequence[Any], error: str) -> None:
        by_id = {r.id: r for r in fetched}
        cache = self._cache
        for oid in wanted:
            row_obj = by_id.get(oid)
            if row_obj is None:
                cache[oid] = CachedRow(None, error or _("This entry is no longer in the database."))
            else:
                cache[oid] = CachedRow(row_obj)
        while len(cache) > self._max_cached:
            cache.popitem(last=False)

    def _prefetch_ahead(self, row: int) -> None:
        """With a runner: ask for the next page while the rows shown are still read from the cache."""
        ahead = row + self._page_size // 2
        oid = self.id_at(min(ahead, len(self._ids) - 1))
        if oid is not None and oid not in self._cache and oid not in self._loading:
            start, end, wanted = self._page_at(ahead)
            if wanted:
                self.fetch_count += 1
                self._request(start, end, wanted)
