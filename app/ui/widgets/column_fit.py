"""Table columns as wide as their content, in the language shown, without sideways scrolling.

A table opts in with ``enable(view, stretch=…, keep=…)``; its page calls ``fit(view)`` after filling it
(and the fitter refits when the view is resized). Each column gets the width of its header and its
content; the ``stretch`` column (a long free text, also shown whole elsewhere on the page) takes what is
left. When the content is wider than the view, the other columns give up width — never those in ``keep``
(the identifying column: the case number, the person's name), which always stay whole and in sight.

A column the user widened or narrowed by hand is his: the table is no longer fitted, and its widths are
remembered with the page's layout (``app/ui/page_host.py`` stores only such tables, under ``#user``).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from app.ui.widgets.soon import soon

MIN_STRETCH = 160  # the stretch column never gets less than this, when there is room at all
PADDING = 14


class ColumnFitter(QObject):
    def __init__(self, view: QTableView, stretch: int, keep: tuple[int, ...], caps: dict[int, int]):
        super().__init__(view)
        self.setObjectName("columnFitter")
        self.stretch, self.keep, self.caps = stretch, tuple(keep), dict(caps)
        self.user_sized = False
        self.lazy = False
        self._fitting = False
        self._queued = False
        view.horizontalHeader().sectionResized.connect(self._resized)
        view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)  # a narrow header ends in "…"
        view.viewport().installEventFilter(self)

    def view(self) -> QTableView:
        return self.parent()

    def _resized(self, column: int, _old: int, _new: int) -> None:
        header = self.view().horizontalHeader()
        if not self._fitting and column != self.stretch and \
                header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive and header.underMouse():
            self.user_sized = True  # dragged by hand: his widths from now on

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show) and not self._fitting and not self._queued:
            self._queued = True  # once the layout has settled (a splitter sized in a showEvent)
            soon(self, self._queued_fit)
        return False

    def _queued_fit(self) -> None:
        self._queued = False
        self.fit()

    def content_width(self, column: int) -> int:
        view = self.view()
        header = view.horizontalHeader()
        body = self._rows_in_sight_width(column) if self.lazy else view.sizeHintForColumn(column)
        width = max(header.sectionSizeFromContents(column).width(), body) + PADDING // 2
        return min(width, self.caps.get(column, width))

    def _rows_in_sight_width(self, column: int) -> int:
        """The widest of the rows in sight that the model has already read (a lazy model is never asked
        for more: Qt's own measure looks at up to a thousand rows, and each would be read from the file)."""
        view = self.view()
        model = view.model()
        first = max(view.rowAt(0), 0)
        last = view.rowAt(view.viewport().height() - 1)
        last = min(model.rowCount(), first + 60) - 1 if last < 0 else last
        cached = getattr(model, "is_cached", lambda _row: True)
        widest = 0
        for row in range(first, last + 1):
            if cached(row):
                widest = max(widest, view.sizeHintForIndex(model.index(row, column)).width())
        return widest

    def fit(self) -> None:
        view = self.view()
        header = view.horizontalHeader()
        if self.user_sized or self._fitting or not view.isVisible():
            return  # a hidden table is fitted when it is shown (a hidden view would measure every row)
        self._fitting = True
        try:
            columns = [c for c in range(header.count()) if not header.isSectionHidden(c) and c != self.stretch]
            widths = {c: self.content_width(c) for c in columns}
            available = view.viewport().width()
            if available > 200:
                excess = sum(widths.values()) + MIN_STRETCH - available
                # the widest columns that may give up width do, down to what their header needs
                for c in sorted((c for c in columns if c not in self.keep), key=lambda c: -widths[c]):
                    if excess <= 0:
                        break
                    floor = min(widths[c], max(header.sectionSizeFromContents(c).width(), 60))
                    give = min(excess, widths[c] - floor)
                    widths[c] -= give
                    excess -= give
            for c, w in widths.items():
                header.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
                header.resizeSection(c, w)
            header.setStretchLastSection(False)
            header.setSectionResizeMode(self.stretch, QHeaderView.ResizeMode.Stretch)
        finally:
            self._fitting = False


def enable(view: QTableView, *, stretch: int, keep: tuple[int, ...] = (0,), caps: dict[int, int] | None = None,
           lazy: bool = False) -> ColumnFitter:
    """``lazy``: the model reads rows as they are painted (the pending list): measure the rows in sight only,
    never ask it for the thousand Qt would otherwise look at."""
    fitter = fitter_of(view)
    if fitter is None:
        fitter = ColumnFitter(view, stretch, keep, caps or {})
    fitter.lazy = lazy
    return fitter


def fitter_of(view) -> ColumnFitter | None:
    for child in view.children():
        if isinstance(child, ColumnFitter):
            return child
    return None


def fit(view: QTableView) -> None:
    fitter = fitter_of(view)
    if fitter is not None:
        fitter.fit()
