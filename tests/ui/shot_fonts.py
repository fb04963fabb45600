"""Screenshots (only when ANUPALAN_SCREENSHOTS is set) with the window's own fonts, so Hindi is readable."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication


def shot_fonts() -> None:
    from app.ui.fonts import install_app_font

    install_app_font(QApplication.instance())
