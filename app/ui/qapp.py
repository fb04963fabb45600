"""The QApplication with the app's names and the bundled font (the window, the self-test, scripts)."""

from __future__ import annotations

import sys


def create_application(argv: list[str] | None = None):
    from PySide6.QtWidgets import QApplication

    from app.ui.fonts import install_app_font

    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setApplicationName("Anupalan")
    app.setOrganizationName("Anupalan")
    install_app_font(app)
    keep_selection_visible(app)
    return app


def keep_selection_visible(app) -> None:
    """The chosen row of a table keeps its full highlight when the keyboard is elsewhere (the style's
    inactive highlight is a faint grey on some systems: after a search the row was hard to see)."""
    from PySide6.QtGui import QPalette

    palette = app.palette()
    for role in (QPalette.ColorRole.Highlight, QPalette.ColorRole.HighlightedText):
        palette.setColor(QPalette.ColorGroup.Inactive, role, palette.color(QPalette.ColorGroup.Active, role))
    app.setPalette(palette)
