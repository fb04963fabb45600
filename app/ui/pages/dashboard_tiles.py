"""The dashboard's big numbers and banners: a tile per total (pending, due soon, overdue, unassigned,
missed), each opening its entries, the clock warning and the unassigned banner."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy

from app.i18n import _, ngettext
from app.services.core.formatting import format_number
from app.ui.widgets.restyle import restyle

BANNER_STYLE = ("QPushButton#{name} {{ text-align: left; padding: 4px 8px; border: 1px solid #a01414; "
                "border-radius: 3px; color: #a01414; font-weight: bold; background: #fff3f3; }}")


class Tile(QPushButton):
    """A big number with its name under it; a click (or Enter/Space) opens its entries."""

    def __init__(self, key: str, flt: dict, alarm: bool = False):
        super().__init__()
        self.key = key
        self.filter = flt
        self.alarm = alarm
        self.value = 0
        self.setObjectName(f"tile_{key}")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt's name)
        """Never squeezed below its two lines: a page too tall for the screen scrolls instead, so the tiles keep
        their size whether the boxes under them are still empty (the start) or full (after the count)."""
        hint = super().minimumSizeHint()
        return QSize(hint.width(), max(56, self.sizeHint().height()))

    def show_value(self, value: int, label: str) -> None:
        self.value = value
        number = format_number(value)
        if self.alarm and value:
            number = "⚠ " + number
        self.setText("{}\n{}".format(number, label))
        colour = "#a01414" if self.alarm and value else "palette(button-text)"
        restyle(self, f"QPushButton#{self.objectName()} {{ font-size: 15pt; font-weight: bold; color: {colour}; "
                      "padding: 2px 6px; }")


def make_tiles() -> dict[str, Tile]:
    """The tiles in their order, each with the filter its entries are listed with."""
    return {
        "pending": Tile("pending", {}),
        "due_soon": Tile("due_soon", {"due_soon": True}),
        "overdue": Tile("overdue", {"overdue": True}, alarm=True),
        "unassigned": Tile("unassigned", {"unassigned": True}, alarm=True),
        "missed": Tile("missed", {"statuses": ("missed",)}, alarm=True),
    }


def tile_label(key: str) -> str:
    return {"pending": _("Pending"), "due_soon": _("Due soon"), "overdue": _("Overdue"),
            "unassigned": _("Unassigned"), "missed": _("Missed")}[key]


def tile_tip(key: str, soon_days: int) -> str:
    return {
        "pending": _("Every entry not yet made in CAS. Click to list them."),
        "due_soon": _("Pending entries due within {days} days. Click to list them.").format(days=soon_days),
        "overdue": _("Pending entries whose due time has passed. Click to list them."),
        "unassigned": _("Pending entries owed by a role nobody holds. Click to list them."),
        "missed": _("Recurring entries whose period passed while the app was closed. Click to list them."),
    }[key]


def make_clock_banner() -> QLabel:
    """The warning that the PC's clock is behind the records (hidden until there is one)."""
    banner = QLabel()
    banner.setObjectName("clockWarning")
    banner.setWordWrap(True)
    banner.setStyleSheet("QLabel#clockWarning { color: #a01414; font-weight: bold; "
                         "border: 1px solid #a01414; background: #fff3f3; padding: 4px; }")
    banner.hide()
    return banner


def make_unassigned_banner() -> QPushButton:
    """The banner over the tiles when entries have nobody to do them (hidden until then)."""
    banner = QPushButton()
    banner.setObjectName("unassignedBanner")
    banner.setStyleSheet(BANNER_STYLE.format(name="unassignedBanner"))
    # a long text (Hindi is longer) must never widen the window past a 1366 px screen
    banner.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
    banner.hide()
    return banner


def show_unassigned(banner: QPushButton, unassigned: int) -> None:
    if unassigned:
        # nobody owes them: a case still without its IO, or a role nobody holds — say both (the
        # staff page cannot help with the first); one short line, the how-to in the tooltip
        banner.setText(ngettext(
            "⚠ {n} pending entry has nobody to do it: its case has no IO yet, or its role is vacant.",
            "⚠ {n} pending entries have nobody to do them: their case has no IO yet, or their role is vacant.",
            unassigned).format(n=format_number(unassigned)))
        banner.setToolTip(_(
            "Open them. Give a case its IO in the case register (event 'IO assigned or changed'); "
            "assign a vacant role on the staff page."))
        banner.show()
    else:
        banner.hide()
