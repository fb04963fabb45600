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
    return app
