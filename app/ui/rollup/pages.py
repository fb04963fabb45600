"""The rollup window's pages: the stations ranked, one station drilled down, the inspection planner, the
compliance report. Each reads through the window's ``load`` (the work runs on the worker, never here)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QSplitter,
    QTabWidget, QTableWidget, QVBoxLayout, QWidget,
)

from app.i18n import _, current_language
from app.services import rollup_views
from app.services.core import officers
from app.services.core.formatting import format_date, format_number
from app.ui.widgets.tables import row_table, table_item
from app.ui.widgets.week_chart import WeekBar, WeekChart

BAND_LABELS = ("0–7 days", "8–30 days", "31–90 days", "Over 90 days")


def _num(n) -> str:
    return "–" if n is None else format_number(n)


def _pct(share) -> str:
    return "–" if share is None else f"{round(share * 100)}%"


def _two_lines(text: str, width: int = 11) -> str:
    """A long column heading on two lines, broken at the space nearest its middle (the tables fit 1366 pixels)."""
    if len(text) <= width or " " not in text:
        return text
    middle = len(text) // 2
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    at = min(spaces, key=lambda i: abs(i - middle))
    return text[:at] + "\n" + text[at + 1:]


def _when(moment) -> str:
    """A moment as the letters write it: 05.12.2026 10:30."""
    if moment is None:
        return "–"
    return f"{format_date(moment.date(), style='numeric')} {moment.hour:02d}:{moment.minute:02d}"


def _fill(table: QTableWidget, headers: list[str], rows: list[list], keys: list | None = None,
          right_from: int = 0) -> None:
    """Fill ``table``: each row's cells as text, its first cell keeping ``keys[i]``; numbers right-aligned from
    column ``right_from`` on (0: none)."""
    table.setSortingEnabled(False)
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels([_two_lines(h) for h in headers])
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            key = keys[r] if keys is not None and c == 0 else None
            table.setItem(r, c, table_item(value, key, right=bool(right_from) and c >= right_from))
    table.resizeColumnsToContents()


def _selected_key(table: QTableWidget):
    sel = table.selectionModel().selectedRows() if table.selectionModel() else []
    if not sel:
        return None
    return table.item(sel[0].row(), 0).data(Qt.ItemDataRole.UserRole)


class StationsPage(QWidget):
    """The stations of the scope, worst first; Enter or a double click drills into one."""

    open_station = Signal(str)

    def __init__(self, window):
        super().__init__()
        self.window_ = window
        self.rows: list = []
        self.summary = QLabel()
        self.summary.setObjectName("rollupSummary")
        self.summary.setWordWrap(True)
        self.table = row_table("rollupStations", 0, read_only=True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the next control
        self.table.doubleClicked.connect(self._open)
        self.table.activated.connect(self._open)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def title(self) -> str:
        return _("Stations")

    def refresh(self) -> None:
        w = self.window_  # the values are read here, on the GUI thread; the worker touches no widget
        store, (district, circle), days = w.store, w.scope, w.silent_days()
        w.load(lambda: rollup_views.ranked_stations(store, district=district, circle=circle, silent_days=days),
               self._loaded, _("Reading the rollup…"))

    def _loaded(self, result) -> None:
        _scope, rows = result
        self.rows = rows
        self.retranslate()
        self.window_.stations_loaded(rows)

    def retranslate(self) -> None:
        rows = self.rows
        headers = [_("Ranked"), _("Code"), _("Station"), _("Circle"), _("Pending"), _("Overdue"),
                   *[_(b) for b in BAND_LABELS], _("Missed periods"), _("Awaiting verification"),
                   _("Near default bail"), _("On time (12 weeks)"), _("Figures as at"), _("Days since"), _("Remark")]
        table = []
        for r in rows:
            got = r.imported
            remark = []
            if not got:
                remark.append(_("No data received yet"))
            elif r.silent:
                remark.append(_("Silent for {days} days or more").format(days=format_number(self.window_.silent_days())))
            if r.needs_full:
                remark.append(_("A full snapshot is asked for"))
            table.append([format_number(r.rank), r.code, r.name, r.circle, _num(r.pending if got else None),
                          _num(r.overdue if got else None),
                          *[_num(r.bands.get(b, 0) if got else None) for b in rollup_views.BANDS],
                          _num(r.missed if got else None), _num(r.awaiting_verification if got else None),
                          _num(r.near_bail if got else None), _pct(r.on_time_total.share) if got else "–",
                          _when(r.as_of), _num(r.silent_days),
                          "; ".join(remark)])
        _fill(self.table, headers, table, [r.code or r.uid for r in rows], right_from=4)
        self.table.setColumnWidth(2, min(self.table.columnWidth(2), 200))
        if rows:
            tt = rollup_views.totals(rows)
            self.summary.setText(_("{stations} stations ({silent} silent or without data); {pending} pending, "
                                   "{overdue} overdue, {old} over 90 days; {bail} accused near default bail.").format(
                stations=format_number(tt.stations), silent=format_number(tt.silent),
                pending=format_number(tt.pending), overdue=format_number(tt.overdue),
                old=format_number(tt.bands.get("90+", 0)), bail=format_number(tt.near_bail)))
        else:
            self.summary.setText("")

    def _open(self, *_args) -> None:
        key = _selected_key(self.table)
        if key:
            self.open_station.emit(key)


class StationPage(QWidget):
    """One station: its roles, persons, 12-week trend and pending entries; its visit checklist one click away."""

    def __init__(self, window):
        super().__init__()
        self.window_ = window
        self.detail = None
        self.codes: list[tuple[str, str]] = []
        self.chooser = QComboBox()
        self.chooser.setObjectName("rollupStationChooser")
        self.chooser.currentIndexChanged.connect(self._chosen)
        self.checklist_button = QPushButton()
        self.checklist_button.setObjectName("rollupChecklist")
        self.checklist_button.clicked.connect(self._checklist)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        self.chooser_label = QLabel()
        self.chooser_label.setBuddy(self.chooser)
        top.addWidget(self.chooser_label)
        top.addWidget(self.chooser, 1)
        top.addWidget(self.checklist_button)
        self.roles = row_table("rollupRoles", 0, read_only=True)
        self.roles.setTabKeyNavigation(False)  # Tab leaves the table for the next control
        self.chart = WeekChart()
        self.persons = row_table("rollupPersons", 0, read_only=True)
        self.persons.setTabKeyNavigation(False)  # Tab leaves the table for the next control
        self.entries = row_table("rollupEntries", 0, read_only=True)
        self.entries.setTabKeyNavigation(False)  # Tab leaves the table for the next control
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.roles)
        upper.addWidget(self.chart)
        upper.setSizes([700, 500])
        self.tabs = QTabWidget()
        self.tabs.addTab(self.persons, "")
        self.tabs.addTab(self.entries, "")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(self.tabs)
        split.setSizes([230, 330])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)

    def title(self) -> str:
        return _("Station")

    def set_stations(self, rows) -> None:
        """The stations of the scope to choose from (from the Stations page's list)."""
        current = self.current_code()
        self.codes = [(r.code or r.uid, f"{r.name} ({r.code})" if r.code else r.name) for r in rows]
        self.chooser.blockSignals(True)
        self.chooser.clear()
        for key, label in self.codes:
            self.chooser.addItem(label, key)
        index = max(0, self.chooser.findData(current)) if current else 0
        self.chooser.setCurrentIndex(index)
        self.chooser.blockSignals(False)

    def current_code(self) -> str | None:
        return self.chooser.currentData()

    def show_station(self, code: str) -> None:
        index = self.chooser.findData(code)
        if index >= 0 and index != self.chooser.currentIndex():
            self.chooser.setCurrentIndex(index)  # loads it
        else:
            self.refresh()

    def _chosen(self, _index: int) -> None:
        self.refresh()

    def refresh(self) -> None:
        code = self.current_code()
        if not code:
            return
        w = self.window_
        store, days = w.store, w.silent_days()
        w.load(lambda: rollup_views.station_view(store, code, silent_days=days), self._loaded, _("Reading the rollup…"))

    def _loaded(self, detail) -> None:
        self.detail = detail
        self.retranslate()

    def retranslate(self) -> None:
        self.chooser_label.setText(_("Statio&n:"))
        self.checklist_button.setText(_("&Visit checklist…"))
        self.checklist_button.setToolTip(_("The checklist for an inspection of this station: its figures, the oldest "
                                           "overdue entries and the checks to make (PDF)"))
        self.tabs.setTabText(0, _("Persons"))
        self.tabs.setTabText(1, _("Pending entries"))
        d = self.detail
        if d is None:
            return
        r = d.row
        if not r.imported:
            self.summary.setText(_("No bundle has been imported from this station yet."))
        else:
            self.summary.setText(_("{name} ({code}), circle {circle}, district {district}: rank {rank} of {count}.")
                                 .format(name=r.name, code=r.code or "-", circle=r.circle or "-",
                                         district=r.district, rank=format_number(r.rank),
                                         count=format_number(d.rank_in)) + " " +
                                 _("Figures as at {moment} (bundle {seq}); {pending} pending, {overdue} overdue, "
                                   "{missed} missed, {waiting} awaiting verification, {bail} accused near default "
                                   "bail.").format(moment=_when(r.as_of),
                                                   seq=format_number(r.last_sequence or 0),
                                                   pending=format_number(r.pending), overdue=format_number(r.overdue),
                                                   missed=format_number(r.missed),
                                                   waiting=format_number(r.awaiting_verification),
                                                   bail=format_number(r.near_bail)))
        hi = current_language() == "hi"
        _fill(self.roles, [_("Role"), _("Pending"), _("Overdue"), *[_(b) for b in BAND_LABELS], _("Missed periods"),
                           _("Awaiting verification")],
              [[x.name_hi if hi else x.name_en, _num(x.tally.pending), _num(x.tally.overdue),
                *[_num(x.tally.bands.get(b, 0)) for b in rollup_views.BANDS], _num(x.tally.missed),
                _num(x.tally.awaiting_verification)] for x in d.roles], [x.code for x in d.roles], right_from=1)
        names = {x.code: (x.name_hi if hi else x.name_en) for x in d.roles}
        _fill(self.persons, [_("Person"), _("Rank"), _("Roles"), _("Pending"), _("Overdue"), _("Over 90 days"),
                             _("Missed periods"), _("Awaiting verification")],
              [[p.name_text(_) or _("Nobody (no holder)"), officers.rank_text(p.rank, current_language(), full=True) if p.rank
                else "", ", ".join(names.get(c, c) for c in p.roles),
                _num(p.tally.pending), _num(p.tally.overdue), _num(p.tally.bands.get("90+", 0)), _num(p.tally.missed),
                _num(p.tally.awaiting_verification)] for p in d.persons], [p.person_id for p in d.persons],
              right_from=3)
        _fill(self.entries, [_("Duty"), _("Form"), _("Role"), _("Person"), _("Case"), _("Due"), _("Days overdue")],
              [[e.duty_code, e.form, names.get(e.role_code, e.role_code), e.person_text(_) or _("Nobody (no holder)"),
                e.case_text(_),
                _when(e.due_at) if e.due_at else "", _num(e.days_overdue)]
               for e in d.entries], [e.origin_id for e in d.entries])
        self.tabs.setTabText(1, _("Pending entries ({shown} of {total})").format(
            shown=format_number(len(d.entries)), total=format_number(d.entries_total)))
        self.chart.set_weeks([WeekBar(w.start, w.on_time, w.late, w.still_pending + w.missed) for w in d.weeks])

    def _checklist(self) -> None:
        code = self.current_code()
        if code:
            self.window_.visit_checklist(code)


class PlannerPage(QWidget):
    """Stations not inspected for N days, worst first; the visit's checklist or the drill-down one click away."""

    open_station = Signal(str)

    def __init__(self, window):
        super().__init__()
        self.window_ = window
        self.lines: list = []
        self.days = QSpinBox()
        self.days.setRange(1, 3650)
        self.days.setValue(rollup_views.DEFAULT_VISIT_DAYS)
        self.days.setObjectName("rollupPlanDays")
        self.days.editingFinished.connect(self.refresh)
        self.include_all = QCheckBox()
        self.include_all.toggled.connect(self.refresh)
        self.days_label = QLabel()
        self.days_label.setBuddy(self.days)
        self.checklist_button = QPushButton()
        self.checklist_button.clicked.connect(self._checklist)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._open)
        self.summary = QLabel()
        self.table = row_table("rollupPlan", 0, read_only=True)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the next control
        self.table.doubleClicked.connect(self._checklist)
        top = QHBoxLayout()
        top.addWidget(self.days_label)
        top.addWidget(self.days)
        top.addWidget(self.include_all)
        top.addStretch(1)
        top.addWidget(self.open_button)
        top.addWidget(self.checklist_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def title(self) -> str:
        return _("Inspection planner")

    def refresh(self) -> None:
        w = self.window_
        store, (district, circle) = w.store, w.scope
        days, every = self.days.value(), self.include_all.isChecked()
        w.load(lambda: rollup_views.plan_view(store, district=district, circle=circle, days=days, include_all=every),
               self._loaded, _("Reading the rollup…"))

    def _loaded(self, result) -> None:
        self.lines = result[1]
        self.retranslate()

    def retranslate(self) -> None:
        self.days_label.setText(_("Not &inspected for (days):"))
        self.include_all.setText(_("All s&tations"))
        self.checklist_button.setText(_("&Visit checklist…"))
        self.open_button.setText(_("&Drill down"))
        rows = []
        for p in self.lines:
            rows.append([format_number(p.row.rank), p.row.code, p.row.name, p.row.circle,
                         format_date(p.last_visit, style="numeric") if p.last_visit else _("Never"), p.officer,
                         _num(p.days_since), _("Yes") if p.due else _("No"),
                         _num(p.row.overdue if p.row.imported else None),
                         _num(p.row.near_bail if p.row.imported else None)])
        _fill(self.table, [_("Ranked"), _("Code"), _("Station"), _("Circle"), _("Last inspection"), _("By"),
                           _("Days since"), _("Due for a visit"), _("Overdue"), _("Near default bail")],
              rows, [p.row.code or p.row.uid for p in self.lines])
        due = sum(p.due for p in self.lines)
        self.summary.setText(_("{due} stations due for a visit, worst first. Double-click one for its visit "
                               "checklist.").format(due=format_number(due)))

    def _checklist(self, *_args) -> None:
        key = _selected_key(self.table)
        if key:
            self.window_.visit_checklist(key)

    def _open(self) -> None:
        key = _selected_key(self.table)
        if key:
            self.open_station.emit(key)


class ReportPage(QWidget):
    """The circle's (a CO's) or district's (the SP's) compliance report as an office letter, previewed."""

    def __init__(self, window):
        super().__init__()
        self.window_ = window
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.doc_lang = QComboBox()
        self.doc_lang.setObjectName("rollupReportLang")
        for code in ("hi", "en", "both"):
            self.doc_lang.addItem("", code)
        self.letter_no = QLineEdit()
        self.letter_no.setObjectName("rollupLetterNo")
        self.visit_days = QSpinBox()
        self.visit_days.setRange(1, 3650)
        self.visit_days.setValue(rollup_views.DEFAULT_VISIT_DAYS)
        self.preview = QPushButton()
        self.preview.setObjectName("rollupReportPreview")
        self.preview.clicked.connect(self._preview)
        self.form = QFormLayout()
        self.form_labels = [QLabel(), QLabel(), QLabel()]
        for label, field in zip(self.form_labels, (self.doc_lang, self.letter_no, self.visit_days)):
            label.setBuddy(field)
            self.form.addRow(label, field)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note)
        layout.addLayout(self.form)
        row = QHBoxLayout()
        row.addWidget(self.preview)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)

    def title(self) -> str:
        return _("Compliance report")

    def refresh(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        w = self.window_
        district, circle = w.scope
        if circle:
            whose = _("Circle {circle}, district {district}").format(circle=circle, district=district)
        elif district:
            whose = _("District {district}").format(district=district)
        else:
            whose = _("every station of the rollup")
        self.note.setText(_("The compliance report (अनुपालन आख्या) of {whose} as an office letter: the stations' data, "
                            "their pending entries by age and role, forms made on time, inspections and the action "
                            "proposed. A Circle Officer reports on his circle (choose it above), the SP on every "
                            "circle of the district.").format(whose=whose))
        for i, text in enumerate((_("Hindi"), _("English"), _("Hindi and English"))):
            self.doc_lang.setItemText(i, text)
        labels = (_("Language of the doc&ument:"), _("Letter &number (from the dispatch register):"),
                  _("&Due for a visit after (days):"))
        for label, text in zip(self.form_labels, labels):
            label.setText(text)
        self.letter_no.setPlaceholderText(_("blank: a line to write it by hand"))
        self.preview.setText(_("&Preview the report…"))

    def _preview(self) -> None:
        self.window_.preview_report(self.doc_lang.currentData(), self.letter_no.text(), self.visit_days.value())
