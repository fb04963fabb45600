"""The dashboard's "Equipment and support" line: CCTV working or not, open faults (and how many are older
than the station's threshold), staff without CCTNS training, staff without a CCTNS user id — from
``handholding.dashboard_summary``. Every number is a button that opens the page where it is dealt with
(``opened(page_key)``: "equipment" or "support"); a number that needs action is bold red with a ⚠, so it
also reads in grey print.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from app.i18n import _, ngettext
from app.services.core.formatting import format_number
from app.ui.widgets.restyle import restyle

LINK_STYLE = ("QPushButton#{name} {{ border: none; padding: 1px 3px; text-decoration: underline; color: {colour};"
              " font-weight: {weight}; text-align: left; }}"
              " QPushButton#{name}:focus {{ border: 1px dotted palette(text); }}")
ALARM = "#a01414"


class SummaryLink(QPushButton):
    """A number (with its words) that opens a page."""

    def __init__(self, key: str, page: str):
        super().__init__()
        self.key = key
        self.page = page
        self.value: int | None = None
        self.alarm = False
        self.setObjectName(f"support_{key}")
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def show_value(self, text: str, value: int | None, alarm: bool) -> None:
        self.value, self.alarm = value, alarm
        self.setText("⚠ " + text if alarm else text)
        restyle(self, LINK_STYLE.format(name=self.objectName(), colour=ALARM if alarm else "palette(link)",
                                        weight="bold" if alarm else "normal"))


class HandholdingBox(QGroupBox):
    opened = Signal(str)  # the key of the page to show

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("supportBox")
        self._summary = None
        self._error = ""
        self.links = {
            "cctv_working": SummaryLink("cctv_working", "equipment"),
            "cctv_faulty": SummaryLink("cctv_faulty", "equipment"),
            "cctv_none": SummaryLink("cctv_none", "equipment"),
            "faults": SummaryLink("faults", "equipment"),
            "faults_old": SummaryLink("faults_old", "equipment"),
            "untrained": SummaryLink("untrained", "support"),
            "no_user_id": SummaryLink("no_user_id", "support"),
        }
        for link in self.links.values():
            link.clicked.connect(lambda _c=False, page=link.page: self.opened.emit(page))
        self.cctv_label, self.faults_label = QLabel(), QLabel()
        self.training_label, self.user_id_label = QLabel(), QLabel()
        self.error = QLabel()
        self.error.setStyleSheet(f"color: {ALARM};")
        self.error.setWordWrap(True)
        self.error.hide()

        row = QHBoxLayout(self)
        row.setContentsMargins(8, 2, 8, 4)
        row.setSpacing(2)
        groups = ((self.cctv_label, ("cctv_working", "cctv_faulty", "cctv_none")),
                  (self.faults_label, ("faults", "faults_old")),
                  (self.training_label, ("untrained",)),
                  (self.user_id_label, ("no_user_id",)))
        for i, (label, keys) in enumerate(groups):
            if i:
                row.addSpacing(18)
            row.addWidget(label)
            for key in keys:
                row.addWidget(self.links[key])
        row.addWidget(self.error, 1)
        row.addStretch(1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.retranslate()

    def tab_order(self) -> list[QWidget]:
        return list(self.links.values())

    def retranslate(self) -> None:
        self.setTitle(_("Equipment and support"))
        self.cctv_label.setText(_("CCTV:"))
        self.faults_label.setText(_("Open faults:"))
        self.training_label.setText(_("Staff without CCTNS training:"))
        self.user_id_label.setText(_("CCTNS user ids missing:"))
        self._show()

    def set_summary(self, summary, error: str = "") -> None:
        """A ``HandholdingSummary``, or None with the reason it could not be read."""
        self._summary, self._error = summary, error
        self._show()

    def _show(self) -> None:
        s = self._summary
        for label in (self.cctv_label, self.faults_label, self.training_label, self.user_id_label):
            label.setVisible(s is not None)
        if s is None:
            for link in self.links.values():
                link.hide()
            self.error.setText(_("Could not be read: {error}").format(error=self._error) if self._error else "")
            self.error.setVisible(bool(self._error))
            return
        self.error.hide()
        links = self.links
        registered = s.cctv_items > 0
        working = s.cctv_items - s.cctv_faulty
        links["cctv_working"].show_value(_("{n} working").format(n=format_number(working)), working, False)
        links["cctv_faulty"].show_value(_("{n} not working").format(n=format_number(s.cctv_faulty)), s.cctv_faulty,
                                        s.cctv_faulty > 0)
        links["cctv_none"].show_value(_("none registered"), 0, True)
        links["cctv_working"].setVisible(registered)
        links["cctv_faulty"].setVisible(registered)
        links["cctv_none"].setVisible(not registered)
        for key in ("cctv_working", "cctv_faulty"):
            links[key].setToolTip(_("{faulty} of {count} cameras and recorders have an open fault. Click to open "
                                    "the equipment register.").format(faulty=format_number(s.cctv_faulty),
                                                                       count=format_number(s.cctv_items)))
        links["cctv_none"].setToolTip(_("No cameras or recorder are in the equipment register. Click to add them."))

        links["faults"].show_value(format_number(s.open_faults), s.open_faults, False)
        links["faults"].setToolTip(_("Faults reported and not yet put right. Click to see them."))
        links["faults_old"].show_value(ngettext(
            "({n} older than {days} day)", "({n} older than {days} days)", s.threshold_days).format(
                n=format_number(s.flagged_faults), days=format_number(s.threshold_days)),
            s.flagged_faults, s.flagged_faults > 0)
        links["faults_old"].setToolTip(_("Open longer than the station's limit: take them higher."))
        links["faults"].show()
        links["faults_old"].setVisible(s.open_faults > 0)

        untrained = len(s.untrained)
        links["untrained"].show_value(format_number(untrained), untrained, untrained > 0)
        names = ", ".join(p.name for p in s.untrained[:12])
        links["untrained"].setToolTip(
            _("Active staff with no CCTNS training: {names}").format(names=names) if untrained
            else _("Every active staff member has had CCTNS training."))
        links["untrained"].show()

        links["no_user_id"].show_value(format_number(s.without_user_id), s.without_user_id, s.without_user_id > 0)
        links["no_user_id"].setToolTip(_("Active staff without their own CCTNS user id (requested and awaited: "
                                         "{n}). Click to see them.").format(n=format_number(s.user_ids_requested)))
        links["no_user_id"].show()
