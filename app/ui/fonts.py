"""The bundled font (Noto Sans Devanagari, Latin included) registered and set as the app font."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from app.paths import resource_path

FONT_FILES = ("NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf")
FALLBACK_FAMILY = "Noto Sans Devanagari"


def install_app_font(app: QApplication, point_size: float = 10.0) -> str:
    family = ""
    for name in FONT_FILES:
        path = resource_path("fonts", name)
        if not path.exists():
            continue
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families and not family:
            family = families[0]
    font = QFont(family or FALLBACK_FAMILY)
    font.setPointSizeF(point_size)
    app.setFont(font)
    return family
