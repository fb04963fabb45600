"""The rollup window: its own pages (stations ranked, one station, inspection planner, compliance report) over a
rollup store, beside the station's window. The work runs on the station window's worker, one piece at a time;
widgets never hold a connection (the services open and close one per read)."""

from __future__ import annotations

import io

import shiboken6

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox, QHBoxLayout, QLabel, QListWidget, QMainWindow, QMessageBox, QPushButton, QSpinBox, QStackedWidget,
    QVBoxLayout, QWidget,
)

from app.i18n import LANGUAGES, _, current_language
from app.services import rollup_views
from app.ui.operations import Query
from app.ui.rollup.pages import PlannerPage, ReportPage, StationPage, StationsPage

PREF_LOCATION = "rollup.location"


class RollupWindow(QMainWindow):
    def __init__(self, ctx, store, places: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("rollupWindow")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.ctx = ctx
        self._closing = False
        self.store = store
        self.places = places
        self.scope: tuple[str | None, str | None] = (None, None)
        bar = self._build_bar()
        body = self._build_pages(ctx)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(bar)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)
        self.location_label = QLabel()
        self.statusBar().addWidget(self.location_label)
        self._build_menus()
        self._fill_scopes()
        ctx.language_changed.connect(self._language_changed)
        self.retranslate()
        self.nav.setCurrentRow(0)

    # --- building --------------------------------------------------------------------------------
    def _build_bar(self) -> QHBoxLayout:
        """The scope and the silent days above the pages, with Refresh."""
        self.scope_label = QLabel()
        self.scope_box = QComboBox()
        self.scope_box.setObjectName("rollupScope")
        self.scope_box.currentIndexChanged.connect(self._scope_changed)
        self.silent_label = QLabel()
        self.silent = QSpinBox()
        self.silent.setObjectName("rollupSilentDays")
        self.silent.setRange(1, 3650)
        self.silent.setValue(rollup_views.DEFAULT_SILENT_DAYS)
        self.silent.editingFinished.connect(self.refresh)
        self.refresh_button = QPushButton()
        self.scope_label.setBuddy(self.scope_box)  # Alt+S, Alt+A: every control has its key (keyboard only)
        self.silent_label.setBuddy(self.silent)
        self.refresh_button.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        for w in (self.scope_label, self.scope_box, self.silent_label, self.silent):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.refresh_button)
        return bar

    def _build_pages(self, ctx) -> QHBoxLayout:
        """The pages and the list that chooses among them."""
        self.nav = QListWidget()
        self.nav.setObjectName("rollupNav")
        self.nav.setFixedWidth(170)
        self.stack = QStackedWidget()
        self.stations = StationsPage(self)
        self.station = StationPage(self)
        self.planner = PlannerPage(self)
        self.report = ReportPage(self)
        self.pages = [self.stations, self.station, self.planner, self.report]
        for page in self.pages:
            self.stack.addWidget(page)
            self.nav.addItem("")
        self.nav.currentRowChanged.connect(self._show)
        from app.ui.table_export import equip_exports

        for page in self.pages:  # Export on every table, as in the station's window (Ctrl+Shift+X, context menu)
            page.ctx = ctx  # the workbook is written on the station window's worker
            equip_exports(page)
        ctx.status_message.connect(self._status_message)  # "N rows written to …" shown here too
        self.stations.open_station.connect(self.open_station)
        self.planner.open_station.connect(self.open_station)
        body = QHBoxLayout()
        body.addWidget(self.nav)
        body.addWidget(self.stack, 1)
        return body

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.close_action = QAction(self)
        self.close_action.setShortcut(QKeySequence.StandardKey.Close)
        self.close_action.triggered.connect(self.close)
        self.file_menu.addAction(self.close_action)
        self.view_menu = bar.addMenu("")
        self.language_actions: dict[str, QAction] = {}
        for code, name in LANGUAGES.items():
            action = QAction(name, self)
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, c=code: self._switch_language(c))
            self.view_menu.addAction(action)
            self.language_actions[code] = action
        for i in range(len(self.pages)):
            action = QAction(self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _checked=False, row=i: self.nav.setCurrentRow(row))
            self.addAction(action)

    def _fill_scopes(self) -> None:
        """Every station; each district (when there are several); each circle."""
        self.scope_box.blockSignals(True)
        self.scope_box.clear()
        districts = sorted({d for d, _c in self.places})
        self.scope_box.addItem("", (None, None))
        if len(districts) > 1:
            for d in districts:
                self.scope_box.addItem("", (d, None))
        for d, c in self.places:
            if c:
                self.scope_box.addItem("", (d, c))
        self.scope_box.blockSignals(False)
        if len(districts) == 1:
            self.scope = (districts[0], None)
            self.scope_box.setItemData(0, self.scope)

    def retranslate(self) -> None:
        self.setWindowTitle(_("Anupalan — rollup of the stations [{location}]").format(location=self.store.location))
        self.file_menu.setTitle(_("&File"))
        self.close_action.setText(_("&Close the rollup"))
        self.view_menu.setTitle(_("&Language"))
        for code, action in self.language_actions.items():
            action.setChecked(code == current_language())
        self.scope_label.setText(_("&Stations of:"))
        self.silent_label.setText(_("Silent &after (days):"))
        self.silent.setToolTip(_("A station that sent no bundle for this many days is flagged"))
        self.refresh_button.setText(_("&Refresh"))
        for i in range(self.scope_box.count()):
            district, circle = self.scope_box.itemData(i)
            if circle:
                text = _("Circle {circle}, district {district}").format(circle=circle, district=district)
            elif district and i > 0:
                text = _("District {district}").format(district=district)
            else:
                text = _("Every circle")
            self.scope_box.setItemText(i, text)
        for i, page in enumerate(self.pages):
            self.nav.item(i).setText(page.title())
            page.retranslate()
        self.location_label.setText(_("Rollup: {location}").format(location=self.store.location))

    # --- what the pages use ------------------------------------------------------------------------
    def silent_days(self) -> int:
        return self.silent.value()

    def load(self, fn, on_done, label: str = "") -> None:
        """``fn()`` on the worker, ``on_done(result)`` back here; a refusal is shown, nothing changes."""
        def done(result) -> None:
            if shiboken6.isValid(self) and not self._closing:  # closed while it ran: nothing to show it in
                on_done(result)

        def failed(exc: Exception) -> None:
            if shiboken6.isValid(self) and not self._closing:
                self._failed(exc)

        Query(self, lambda _db: fn(), label=label).success(done).failure(failed).run()

    def _failed(self, exc: Exception) -> None:
        from app.services.core.errors import UserError
        from app.ui.tasks import explain

        message = exc.message if isinstance(exc, UserError) else explain(exc)
        QMessageBox.warning(self, _("Anupalan"), message)

    def refresh(self) -> None:
        self.stations.refresh()  # the station chooser follows the list (``_stations_loaded``)
        page = self.stack.currentWidget()
        if page is not self.stations:
            page.refresh()

    def open_station(self, code: str) -> None:
        self.nav.setCurrentRow(self.pages.index(self.station))
        self.station.show_station(code)

    def visit_checklist(self, code: str) -> None:
        lang = current_language()
        store = self.store
        days = self.silent_days()

        def make() -> tuple[bytes, str]:
            buffer = io.BytesIO()
            _pages, detail = rollup_views.write_visit_checklist(store, code, buffer, lang=lang, silent_days=days)
            return buffer.getvalue(), detail.row.code or detail.row.uid[:8]

        self.load(make, lambda result: self._preview(result[0], _("Inspection checklist"),
                                                    f"checklist-{result[1]}.pdf"), _("Making the checklist…"))

    def preview_report(self, lang: str, letter_no: str, visit_days: int) -> None:
        store, (district, circle), days = self.store, self.scope, self.silent_days()

        def make() -> bytes:
            buffer = io.BytesIO()
            rollup_views.write_report(store, buffer, district=district, circle=circle, lang=lang,
                                      letter_no=letter_no, silent_days=days, visit_days=visit_days)
            return buffer.getvalue()

        name = f"compliance-{circle or district or 'rollup'}.pdf"
        self.load(make, lambda pdf: self._preview(pdf, _("Compliance report"), name), _("Making the report…"))

    def _preview(self, pdf: bytes, title: str, name: str) -> None:
        from app.ui.dialogs.pdf_preview import PdfPreviewDialog

        dialog = PdfPreviewDialog(self.ctx, pdf, title, name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    # --- events ------------------------------------------------------------------------------------
    def _show(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        page = self.pages[row]
        if page is self.station and page.current_code() is None:
            self.stations.refresh()
        elif page is not self.stations or not self.stations.rows:
            page.refresh()

    def _scope_changed(self, index: int) -> None:
        self.scope = self.scope_box.itemData(index) or (None, None)
        self.refresh()

    def stations_loaded(self, rows) -> None:
        self.station.set_stations(rows)
        if self.stack.currentWidget() is self.station and self.station.detail is None:
            self.station.refresh()

    def _switch_language(self, code: str) -> None:
        main = self.parent()
        if main is not None and hasattr(main, "switch_language"):
            main.switch_language(code)  # the station window, and this one through ``language_changed``
        else:
            from app.i18n import set_language

            set_language(code)
            self._language_changed(code)

    def _language_changed(self, _code: str) -> None:
        self.retranslate()

    def _status_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def closeEvent(self, event) -> None:
        self._closing = True
        for signal, slot in ((self.ctx.language_changed, self._language_changed),
                             (self.ctx.status_message, self._status_message)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        self.store.close()
        super().closeEvent(event)


def open_rollup_window(main) -> None:
    """File → Open rollup…: ask where it is, open it on the worker, show its window."""
    from app.ui.rollup.open_dialog import OpenRollupDialog

    ctx = main.ctx
    dialog = OpenRollupDialog(ctx.prefs.get(PREF_LOCATION, "") or "", main)
    if dialog.exec() != OpenRollupDialog.DialogCode.Accepted:
        return
    location = dialog.value()

    def opened(result) -> None:
        store, places = result
        ctx.prefs.set(PREF_LOCATION, location)
        window = RollupWindow(ctx, store, places, main)
        window.resize(1366, 768)
        window.show()

    def failed(exc: Exception) -> None:
        from app.services.core.errors import UserError
        from app.ui.tasks import explain

        QMessageBox.warning(main, _("Open rollup"), exc.message if isinstance(exc, UserError) else explain(exc))

    Query(main, lambda _db: open_with_places(location), label=_("Opening the rollup…")).success(opened).failure(
        failed).run()


def open_with_places(location: str):
    from app.services import rollup

    store = rollup.open_rollup(location)
    try:
        return store, rollup_views.places(store)
    except BaseException:
        store.close()
        raise
