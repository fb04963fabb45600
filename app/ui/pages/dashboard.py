"""Today (आज): what is pending, due soon, overdue and unassigned — in total, per role and per person —
the station's score per form over a chosen period, and the last 12 weeks as a chart. Every number
opens the pending workbench filtered to exactly the entries behind it (click, or Enter on the cell).

The tiles and banners are in ``dashboard_tiles``, the rows of the tables in ``dashboard_tables``; this
module lays the page out, loads the data on the worker and fills the widgets.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox, QFrame, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, bilingual, current_language
from app.services import cases, catalogue
from app.services.core import clock
from app.services import obligations
from app.services import staff
from app.services.handholding import dashboard_summary
from app.services.core.formatting import format_date, format_time, weekday_name
from app.ui.widgets.count_grid import CountGrid
from app.ui.widgets.clocks_box import WINDOW_DAYS, ClocksBox
from app.ui.widgets.handholding_box import HandholdingBox
from app.ui.widgets.week_chart import WeekChart
from app.ui.changes import Changes
from app.ui.operations import Query
from app.ui.pages.base import Page
from app.ui.pages.dashboard_tables import form_rows, person_rows, role_rows
from app.ui import start_figures
from app.ui.shell import heading_font, show_saved_figures
from app.ui.slip_print import SLIP_KEY, print_person_slip
from app.ui.pages.dashboard_tiles import (
    make_clock_banner,
    make_tiles,
    make_unassigned_banner,
    show_unassigned,
    tile_label,
    tile_tip,
)

PERIODS = ((7, N_("Last 7 days")), (30, N_("Last 30 days")), (90, N_("Last 90 days")), (365, N_("Last 365 days")))
DEFAULT_PERIOD = 30
AUTO_REFRESH_MS = 5 * 60 * 1000  # overdue counts move with the clock



class _FitToScreen(QWidget):
    """The page's body: asks for no more than its minimum, so the scroll area gives it the screen's height
    (stretching what can stretch) and scrolls only when even the minimum does not fit."""

    def sizeHint(self):  # noqa: N802 (Qt's name)
        return self.minimumSizeHint()


class _Grid(QGridLayout):
    """The body's grid: its word-wrapped banners would make the scroll area size it by height-for-width from
    the preferred heights (taller than the screen); the minimum already allows for the wrapped lines."""

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt's name)
        return False


def load_today(db, days: int) -> dict:
    """Everything the page shows, read on the worker; ``days``: the score's period."""
    today = clock.today()
    date_from = today - dt.timedelta(days=days - 1)
    try:  # equipment and support: a problem there must not hide today's counts
        handholding, handholding_error = dashboard_summary(db), ""
    except Exception as exc:  # noqa: BLE001 - shown in the box, the rest of the dashboard still loads
        handholding, handholding_error = None, getattr(exc, "message", None) or str(exc) or type(exc).__name__
    try:  # the clocks likewise: shown in their box, never hiding the rest
        clocks, clocks_error = cases.statutory_clocks(db, within_days=WINDOW_DAYS), ""
    except Exception as exc:  # noqa: BLE001
        clocks, clocks_error = [], getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return {
        "clocks": clocks,
        "clocks_error": clocks_error,
        "handholding": handholding,
        "handholding_error": handholding_error,
        "counts": obligations.dashboard_counts(db),
        "scores": obligations.scores(db, date_from, today),
        "weeks": obligations.weekly_history(db, 12),
        "clock": obligations.clock_warning(db),
        "roles": catalogue.list_roles(db),
        "people": staff.list_persons(db),
    }


class EarlyTotals:
    """Today's totals (the tiles) counted on the worker as soon as the file is open (``count_early``), while
    the main window is still being built on the GUI thread: one quick statement, so the fresh numbers
    replace the ones saved at the last close before the window is first painted. The page asks for them
    (``then``) when it first loads, and reads the rest (boxes, tables, charts) after the window's own first
    reads (station, clock, vacant roles), as before. The callbacks run on the GUI thread."""

    def __init__(self, ctx):
        self._outcome: tuple[bool, object] | None = None
        self._waiting: list[tuple] = []
        Query(ctx, obligations.dashboard_counts).success(lambda counts: self._settle(True, counts)).failure(
            lambda exc: self._settle(False, exc)).run()

    def _settle(self, ok: bool, value) -> None:
        self._outcome = (ok, value)
        waiting, self._waiting = self._waiting, []
        for done, failed in waiting:
            (done if ok else failed)(value)

    def then(self, done, failed) -> None:
        if self._outcome is None:
            self._waiting.append((done, failed))
        else:
            ok, value = self._outcome
            (done if ok else failed)(value)


def count_early(ctx) -> None:
    """Start counting Today's totals for ``ctx`` now; the page, built next, shows them when they arrive."""
    ctx.early_today = EarlyTotals(ctx)


class DashboardPage(Page):
    key = "dashboard"
    watches = Changes(obligations=True, cases=True, staff=True, rules=True, handholding=True)

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, parent)
        self._data = None
        self._early_counts = None  # the first fresh totals while the rest is still being read (count_early)
        self._stale = True
        self._loading = False
        self._period = DEFAULT_PERIOD
        self._build_top()
        self._build_count_boxes()
        self._build_form_box()
        self._lay_out()
        self._timer = QTimer(self)
        self._timer.setInterval(AUTO_REFRESH_MS)
        self._timer.timeout.connect(self._auto_refresh)
        self.slip_shortcut = self.add_shortcuts(((SLIP_KEY, self.print_slip),))[0]
        self.retranslate()

    def _build_top(self) -> None:
        """The heading, the banners (clock, unassigned entries), the count tiles and the support box."""
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.heading.setFont(heading_font(self.heading))  # as the start-up window draws it
        self.as_of = QLabel()
        self.as_of.setObjectName("asOf")
        self.clock_banner = make_clock_banner()
        self.unassigned_banner = make_unassigned_banner()
        self.unassigned_banner.clicked.connect(lambda: self.open_filter({"unassigned": True}))

        self.tiles = make_tiles()
        for tile in self.tiles.values():
            tile.clicked.connect(lambda _c=False, t=tile: self.open_filter(t.filter))

        self.clocks_box = ClocksBox()  # accused in custody near default bail: a row opens his case's entries
        self.clocks_box.opened.connect(self.open_filter)
        self.handholding_box = HandholdingBox()  # CCTV, faults, training, user ids: each number opens its page
        self.handholding_box.opened.connect(self.ctx.open_page.emit)

    def _build_count_boxes(self) -> None:
        """The counts by role and by person; each number opens the workbench with its filter."""
        self.role_box = QGroupBox()
        self.role_grid = CountGrid()
        self.role_grid.setObjectName("roleGrid")
        self.role_grid.opened.connect(self.open_filter)
        box = QVBoxLayout(self.role_box)
        box.addWidget(self.role_grid)
        box.addStretch(1)

        self.person_box = QGroupBox()
        self.person_grid = CountGrid()
        self.person_grid.setObjectName("personGrid")
        self.person_grid.opened.connect(self.open_filter)
        box = QVBoxLayout(self.person_box)
        box.addWidget(self.person_grid)
        self.plan_button = QPushButton()  # today's plan for the person on the chosen row (else the signed-in one)
        self.plan_button.setObjectName("todayPlan")
        self.plan_button.clicked.connect(self.open_plan)
        self.slip_button = QPushButton()  # the roll-call slip of the same person
        self.slip_button.setObjectName("todaySlip")
        self.slip_button.clicked.connect(self.print_slip)
        person_buttons = QHBoxLayout()
        person_buttons.addStretch(1)
        person_buttons.addWidget(self.plan_button)
        person_buttons.addWidget(self.slip_button)
        box.addLayout(person_buttons)
        box.addStretch(1)

    def _build_form_box(self) -> None:
        """The score per form over a chosen period, and the last 12 weeks' chart beside it."""
        self.form_box = QGroupBox()
        self.period_label = QLabel()
        self.period = QComboBox()
        self.period_label.setBuddy(self.period)
        for days, _label in PERIODS:
            self.period.addItem("", days)
        self.period.setCurrentIndex(self.period.findData(DEFAULT_PERIOD))
        self.period.currentIndexChanged.connect(self._period_changed)
        self.period_range = QLabel()
        self.form_grid = CountGrid()
        self.form_grid.setObjectName("formGrid")
        self.form_grid.opened.connect(self.open_filter)
        form_layout = QVBoxLayout(self.form_box)
        chooser = QHBoxLayout()
        chooser.addWidget(self.period_label)
        chooser.addWidget(self.period)
        chooser.addWidget(self.period_range, 1)
        form_layout.addLayout(chooser)
        form_layout.addWidget(self.form_grid, 1)
        self.chart_box = QGroupBox()
        self.chart = WeekChart()
        QVBoxLayout(self.chart_box).addWidget(self.chart)

    def _lay_out(self) -> None:
        """A grid: heading, banners, tiles and support across; roles | people; forms | the chart. Then Tab's order."""
        head = QHBoxLayout()
        head.addWidget(self.heading)
        head.addStretch(1)
        head.addWidget(self.as_of)
        # The page fits 1366×768 as it is; a banner more (the clock warning) or a larger font scrolls the page
        # instead of making the window taller than the screen.
        inner = _FitToScreen()
        scroll = QScrollArea()
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # always room for the scroll bar: the tiles keep their width when the count fills the page past the
        # screen (the start-up shell draws the same page without it: app/ui/shell.py)
        scroll.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        scroll.setWidgetResizable(True)
        scroll.setWidget(inner)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        layout = _Grid(inner)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setVerticalSpacing(5)
        layout.addLayout(head, 0, 0, 1, 2)
        layout.addWidget(self.clock_banner, 1, 0, 1, 2)
        layout.addWidget(self.unassigned_banner, 2, 0, 1, 2)
        tiles = QHBoxLayout()
        for tile in self.tiles.values():
            tiles.addWidget(tile)
        layout.addLayout(tiles, 3, 0, 1, 2)
        layout.addWidget(self.clocks_box, 4, 0, 1, 2)
        layout.addWidget(self.handholding_box, 5, 0, 1, 2)
        layout.addWidget(self.role_box, 6, 0)
        layout.addWidget(self.person_box, 6, 1)
        layout.addWidget(self.form_box, 7, 0)
        layout.addWidget(self.chart_box, 7, 1)
        layout.setColumnStretch(0, 11)
        layout.setColumnStretch(1, 9)
        layout.setRowStretch(6, 0)
        layout.setRowStretch(7, 1)

        order: list[QWidget] = [*self.tiles.values(), self.unassigned_banner, self.clocks_box.table,
                                *self.handholding_box.tab_order(),
                                self.role_grid, self.person_grid, self.period, self.form_grid]
        for a, b in zip(order, order[1:]):
            QWidget.setTabOrder(a, b)

    # --- texts ----------------------------------------------------------------------------
    def title(self) -> str:
        return _("Today")

    def retranslate(self) -> None:
        today = clock.today()
        self.heading.setText(_("Today: {weekday}, {date}").format(weekday=weekday_name(today),
                                                                   date=format_date(today, style="long")))
        self.role_box.setTitle(_("By role"))
        self.person_box.setTitle(_("By person"))
        self.form_box.setTitle(_("Score per form: share entered in CAS on time"))
        self.chart_box.setTitle(_("Last 12 weeks: entries by due week"))
        self.handholding_box.retranslate()  # each box writes out its own figures again in the language
        self.clocks_box.retranslate()
        self.period_label.setText(_("&Period"))
        for i, (_days, label) in enumerate(PERIODS):
            self.period.setItemText(i, _(label))
        self.period.setToolTip(_("The score counts the entries that fell due in this period."))
        self.role_grid.set_headers([_("Role"), _("Pending"), _("Due soon"), _("Overdue"), _("Unassigned"),
                                    _("On time")])
        self.person_grid.set_headers([_("Person"), _("Pending"), _("Due soon"), _("Overdue")])
        self.plan_button.setText(_("Today's plan for this perso&n…"))
        self.slip_button.setText(_("Print &slip…"))
        self.slip_shortcut.setWhatsThis(_("Print the roll-call slip"))  # its name under Help → Keyboard shortcuts
        self.slip_button.setToolTip(_("The roll-call slip of the person on the chosen row (else yours), half an A4 "
                                      "sheet ({keys})").format(keys=SLIP_KEY))
        self.plan_button.setToolTip(_("The entries to make first (statutory clocks, then the oldest overdue) and "
                                      "what making them does to the counts."))
        self.form_grid.set_headers([_("Form"), _("Pending now"), _("Overdue now"), _("Due in period"),
                                    _("On time"), _("Late"), _("Not entered"), _("Score")])
        self._populate(boxes=False)
        if self._data is not None and self._data.get("clock"):  # the counts do not change with the language: only
            # the PC clock's warning, the service's own text, is read again in it (none shown: nothing to read)
            Query(self, obligations.clock_warning).success(self._clock_warning_loaded).run()

    def _clock_warning_loaded(self, warning) -> None:
        if self._data is not None:
            self._data["clock"] = warning
            self.clock_banner.setVisible(bool(warning))
            self.clock_banner.setText(warning or "")

    # --- loading --------------------------------------------------------------------------
    def activated(self) -> None:
        self._timer.start()
        if self._stale or self._data is None:
            self.refresh()

    def hideEvent(self, event) -> None:
        self._timer.stop()
        super().hideEvent(event)

    def _auto_refresh(self) -> None:
        if self.isVisible():
            self.refresh()

    def data_changed(self, changes: Changes) -> None:
        if changes & self.watches:
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True

    def _period_changed(self, _index: int) -> None:
        self._period = self.period.currentData() or DEFAULT_PERIOD
        self.refresh()

    def refresh(self) -> None:
        self._stale = False
        self._loading = True
        early, self.ctx.early_today = self.ctx.early_today, None
        if early is not None:  # the totals counted while the window was being built: on the tiles first
            early.then(self._totals_loaded, lambda _exc: None)  # (a failure is said by the whole read, below)
        days = self._period
        Query(self, lambda db: load_today(db, days), label=_("Counting today's work…")).success(
            self._loaded).failure(self._failed).run()

    def _loaded(self, data: dict) -> None:
        self._loading = False
        self._data = data
        self._populate()
        self._remember_figures(data["counts"])

    def _saved_figures(self) -> dict | None:
        storage = self.ctx.db.storage
        return start_figures.saved(self.ctx.prefs, storage.path) if storage.has_file else None

    def _remember_figures(self, counts) -> None:
        """For the next start's first picture (app/ui/shell.py); saved with the preferences."""
        storage = self.ctx.db.storage
        if storage.has_file:
            total = counts.total
            start_figures.remember(self.ctx.prefs, storage.path, counts.as_of, {
                "pending": total.pending, "due_soon": total.due_soon, "overdue": total.overdue,
                "unassigned": total.unassigned, "missed": counts.missed}, counts.due_soon_days)

    def _failed(self, exc: Exception) -> None:
        self._loading = False
        message = getattr(exc, "message", None) or str(exc)
        self.clock_banner.setText(_("The counts could not be loaded: {error}").format(error=message))
        self.clock_banner.show()

    @property
    def loading(self) -> bool:
        return self._loading

    # --- showing --------------------------------------------------------------------------
    def _populate(self, boxes: bool = True) -> None:
        """The figures into the widgets; ``boxes=False``: not into the clocks and support boxes (a language
        switch, after which they have already written out their own)."""
        if not self._data:  # before the first count: the figures saved at the last close, as the start showed them
            if self._early_counts is not None:  # or the first fresh totals, come before the rest (count_early)
                self._show_totals(self._early_counts)
            else:
                show_saved_figures(self._saved_figures(), self.tiles, self.unassigned_banner, self.as_of)
            return
        lang = current_language()
        counts, scores = self._data["counts"], self._data["scores"]
        roles = self._data["roles"]
        people = {p.id: p for p in self._data["people"]}
        role_names = {r.code: r.name(lang) for r in roles}

        self._show_totals(counts)
        if boxes:
            self.handholding_box.set_summary(self._data.get("handholding"), self._data.get("handholding_error", ""))
            if self._data.get("clocks_error"):
                self.clocks_box.set_error(self._data["clocks_error"])
            else:
                self.clocks_box.set_rows(self._data.get("clocks", []))
        warning = self._data["clock"]
        self.clock_banner.setVisible(bool(warning))
        self.clock_banner.setText(warning or "")

        self.role_grid.set_rows(role_rows(counts, scores, roles, role_names))
        self.role_grid.fit_height()
        self.person_grid.set_rows(person_rows(counts, people, role_names))
        self.person_grid.fit_height(max_rows=6)

        self.period_range.setText(_("{start} to {end}").format(start=format_date(scores.date_from),
                                                               end=format_date(scores.date_to)))
        self.form_grid.set_rows(form_rows(counts, scores))
        self.chart.set_weeks(self._data["weeks"])

    def _show_totals(self, counts) -> None:
        """The tiles, the unassigned banner and the time of the count."""
        self.as_of.setText(_("Counted at {time}").format(time=format_time(counts.as_of)))
        total = counts.total
        for key, value in (("pending", total.pending), ("due_soon", total.due_soon), ("overdue", total.overdue),
                           ("unassigned", total.unassigned), ("missed", counts.missed)):
            self.tiles[key].show_value(value, tile_label(key))
            self.tiles[key].setToolTip(tile_tip(key, counts.due_soon_days))
        self.tiles["missed"].setVisible(counts.missed > 0)
        show_unassigned(self.unassigned_banner, total.unassigned)

    def _totals_loaded(self, counts) -> None:
        """The first fresh totals, before the rest of the page's data (``count_early``)."""
        if self._data is None:
            self._early_counts = counts
            self._show_totals(counts)
            self._remember_figures(counts)

    # --- going to the workbench -----------------------------------------------------------
    def open_plan(self) -> None:
        """Today's plan for the person on the chosen row of "By person" (else the signed-in person)."""
        from app.ui.dialogs.today_plan import TodayPlanDialog

        people = [(p.id, p.name if not p.roles else _("{name} ({roles})").format(
                   name=p.name, roles=", ".join(self.role_label(r) for r in p.roles)))
                  for p in (self._data or {}).get("people", []) if p.active and p.roles]
        row = self.person_grid.currentRow()
        chosen = next((self.person_grid.filter_at(row, c) for c in range(1, self.person_grid.columnCount())
                       if self.person_grid.filter_at(row, c)), None) if row >= 0 else None
        person_id = (chosen or {}).get("person_id") or getattr(self.ctx.actor, "person_id", None)
        dialog = TodayPlanDialog(self.ctx, people, person_id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def slip_person_id(self) -> int | None:
        """The person on the chosen row of "By person", else the signed-in person."""
        row = self.person_grid.currentRow()
        chosen = next((self.person_grid.filter_at(row, c) for c in range(1, self.person_grid.columnCount())
                       if self.person_grid.filter_at(row, c)), None) if row >= 0 else None
        return (chosen or {}).get("person_id") or getattr(self.ctx.actor, "person_id", None)

    def print_slip(self) -> None:
        print_person_slip(self, self.slip_person_id())

    def open_filter(self, flt: dict) -> None:
        self.ctx.open_pending.emit(dict(flt))

    def role_label(self, code: str) -> str:
        for r in (self._data or {}).get("roles", []):
            if r.code == code:
                return bilingual(r.name_hi, r.name_en)
        return code
