"""The demo station: built once on the worker into its own file in the data folder, with a progress dialog
(the station's real database is never touched by the demo)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog

from app.i18n import _
from app.paths import data_dir
from app.services.core.errors import UserError
from app.ui.operations import Query

DEMO_FILE = "demo-station.sqlite3"
DEMO_YEARS = 5


def demo_path() -> Path:
    return data_dir() / DEMO_FILE


class _ProgressBridge(QObject):
    """Carries the demo builder's progress from the worker thread to the GUI thread (queued signal)."""

    progressed = Signal(float, str)


def finish(dialog: QProgressDialog) -> None:
    """Closed and deleted: its bridge's connection to a closure over it would keep a hidden dialog alive
    for as long as the window (for good, without a parent)."""
    dialog.close()
    dialog.deleteLater()


def build_demo_station(ctx, parent, on_ready, *, path: Path | None = None, years: int = DEMO_YEARS) -> QProgressDialog | None:
    """Build the demo station into its own file (unless it is there already) on the worker, with a progress
    dialog; then call ``on_ready(path)`` — or ``on_ready(None)`` with the error shown, if it failed."""
    path = path or demo_path()
    if path.exists() and path.stat().st_size > 0:
        on_ready(path)
        return None
    from app.services.demo import build_demo

    dialog = QProgressDialog(parent)
    dialog.setWindowTitle(_("The demo station"))
    dialog.setLabelText(_("Building the demo station (five years of made-up work)…"))
    dialog.setRange(0, 1000)
    dialog.setCancelButton(None)  # the builder cannot stop half-way; it never leaves a partial file
    dialog.setMinimumDuration(0)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumWidth(480)
    bridge = _ProgressBridge(dialog)

    def show_progress(fraction: float, message: str) -> None:
        dialog.setValue(int(max(0.0, min(1.0, fraction)) * 1000))
        if message:
            dialog.setLabelText(message)

    bridge.progressed.connect(show_progress)
    dialog.show()

    def done(_result) -> None:
        finish(dialog)
        on_ready(path)

    def failed(exc: Exception) -> None:
        finish(dialog)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(parent, _("The demo station"), exc.message if isinstance(exc, UserError) else str(exc))
        on_ready(None)

    # the demo goes into its own file: the worker builds it, the open database is not touched
    Query(ctx, lambda _db: build_demo(path, years=years, progress=bridge.progressed.emit),
          label=_("Building the demo station…")).success(done).failure(failed).run()
    return dialog
