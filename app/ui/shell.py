"""The window drawn at once at start, before SQLAlchemy is even imported: the navigation and the dashboard's
big numbers as last counted for this file (``start_figures``), marked "as of 18:42 yesterday".

Meanwhile the worker imports the rest, checks, migrates and locks the file (app/ui/app.py); the sign-in and
every start-up dialog (first run, migration, damaged or locked file) come over this window as before, and the
main window then takes its place at the same spot with the same numbers in the same places, which the fresh
count replaces there. Nothing here acts on the saved numbers: a click on a page or a number is remembered and
carried out by the main window once the file is open (``queued``); closing this window quits the start.

Light on purpose (Qt widgets, the language, the preferences): nothing here may import SQLAlchemy.
"""

from __future__ import annotations

import base64
import datetime as dt

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QHBoxLayout, QLabel, QListWidget, QMainWindow, QScrollArea, QStackedWidget,
    QVBoxLayout, QWidget,
)

from app.i18n import _
from app.services.core import clock
from app.services.core.formatting import format_date, weekday_name
from app.ui import start_figures
from app.ui.pages import PAGES
from app.ui.pages.dashboard_tiles import (
    make_clock_banner, make_tiles, make_unassigned_banner, show_unassigned, tile_label, tile_tip,
)


def heading_font(label: QLabel):
    """The dashboard heading's font (the page uses the same)."""
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    return font


class StartShell(QMainWindow):
    """The start-up window: navigation and last known numbers, nothing that reads or writes the file."""

    def __init__(self, prefs, path):
        super().__init__()
        self.setObjectName("startShell")
        self.figures = start_figures.saved(prefs, path)
        self.queued: tuple[str, object] | None = None  # ("page", key) or ("filter", dict): done once ready
        self.quit_requested = False
        self.setWindowTitle("{} [{}]".format(_("Anupalan — CCTNS duty compliance"), path.name))
        self._build_menus()
        self.nav = QListWidget()  # as the main window's (app/ui/page_host.py)
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(190)
        for entry in PAGES:
            self.nav.addItem(entry.title())
        self.nav.setCurrentRow(0)
        self.nav.currentRowChanged.connect(self._page_clicked)
        self.stack = QStackedWidget()
        self.stack.addWidget(self._build_body())
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.status = QLabel(_("Opening the database…"))
        self.statusBar().addWidget(self.status)
        geometry = prefs.get("window_geometry")
        restored = False
        if geometry:
            try:
                restored = self.restoreGeometry(QByteArray(base64.b64decode(geometry)))
            except (ValueError, TypeError):
                restored = False
        if not restored:
            self.resize(1366, 768)

    def _build_menus(self) -> None:
        bar = self.menuBar()  # the same height as the main window's: the body starts at the same place
        file_menu = bar.addMenu(_("&File"))
        self.quit_action = QAction(_("&Quit"), self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)
        bar.addMenu(_("&Language")).setEnabled(False)  # chosen in the main window, once it is open
        bar.addMenu(_("&Help")).setEnabled(False)

    def _build_body(self) -> QWidget:
        """The dashboard's top as app/ui/pages/dashboard.py lays it out: heading, banners, tiles."""
        today = clock.today()
        self.heading = QLabel(_("Today: {weekday}, {date}").format(weekday=weekday_name(today),
                                                                   date=format_date(today, style="long")))
        self.heading.setObjectName("pageHeading")
        self.heading.setFont(heading_font(self.heading))
        self.as_of = QLabel()
        self.as_of.setObjectName("asOf")
        self.clock_banner = make_clock_banner()
        self.unassigned_banner = make_unassigned_banner()
        self.unassigned_banner.clicked.connect(lambda: self._filter_clicked({"unassigned": True}))
        self.tiles = make_tiles()
        for key, tile in self.tiles.items():
            tile.clicked.connect(lambda _c=False, t=tile: self._filter_clicked(t.filter))
        self.show_figures(self.figures)

        head = QHBoxLayout()
        head.addWidget(self.heading)
        head.addStretch(1)
        head.addWidget(self.as_of)
        page = QWidget()
        inner = QWidget()
        scroll = QScrollArea()
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # always room for the scroll bar: the tiles keep their width when the count fills the page past the
        # screen (the start-up shell draws the same page without it: app/ui/shell.py)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        grid = QGridLayout(inner)
        grid.setContentsMargins(6, 6, 6, 6)
        grid.setVerticalSpacing(5)
        grid.addLayout(head, 0, 0, 1, 2)
        grid.addWidget(self.clock_banner, 1, 0, 1, 2)
        grid.addWidget(self.unassigned_banner, 2, 0, 1, 2)
        tiles = QHBoxLayout()
        for tile in self.tiles.values():
            tiles.addWidget(tile)
        grid.addLayout(tiles, 3, 0, 1, 2)
        grid.setRowStretch(4, 1)
        return page

    def show_figures(self, figures: dict | None) -> None:
        """The saved numbers in the tiles with their time; none saved (a first run): the tiles stay empty."""
        show_saved_figures(figures, self.tiles, self.unassigned_banner, self.as_of)

    # --- what the user does before the file is open: remembered, done by the main window ------------------
    def _page_clicked(self, row: int) -> None:
        if 0 <= row < len(PAGES):
            self.queued = ("page", PAGES[row].key)
            self.status.setText(_("Opening the database… ({page} follows)").format(page=PAGES[row].title()))

    def _filter_clicked(self, flt: dict) -> None:
        self.queued = ("filter", dict(flt))
        self.status.setText(_("Opening the database… (the entries follow)"))

    def hand_over(self) -> None:
        """The main window is shown in this one's place: close without it meaning "quit"."""
        self._handed_over = True
        self.close()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        if not getattr(self, "_handed_over", False):
            self.quit_requested = True  # the user closed it (or Ctrl+Q): the start stops at its next step
        super().closeEvent(event)


def show_saved_figures(figures: dict | None, tiles: dict, banner, as_of: QLabel,
                       now: dt.datetime | None = None) -> None:
    """Fill the tiles (and the unassigned banner) with saved figures, marked with when they were counted.
    Shared by the shell and the dashboard page before its first count, so both look the same."""
    if not figures:
        for key, tile in tiles.items():
            tile.show_value(0, tile_label(key))  # the tile's font and colours, then no number yet
            tile.setText("…\n{}".format(tile_label(key)))
        tiles["missed"].setVisible(False)
        as_of.setText(_("Counting…"))
        return
    for key, tile in tiles.items():
        tile.show_value(figures[key], tile_label(key))
        tile.setToolTip(tile_tip(key, figures.get("due_soon_days") or 0))
    tiles["missed"].setVisible(figures["missed"] > 0)
    show_unassigned(banner, figures["unassigned"])
    as_of.setText(start_figures.as_of_text(figures["counted"], now or clock.now()))
