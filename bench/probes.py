"""Child processes for the start-up figures: ``python -m bench.probes app DB`` or ``… bare``.

Each prints one JSON line on stdout when its window is shown and the event loop is idle, then leaves
at once (``os._exit``: no close-time backup, nothing else after the measurement). Times are seconds
since ``BENCH_T0`` (``time.time()`` taken by the parent just before it started the process), so they
include the interpreter's own start and every import.

- ``bare``: the floor — a QApplication and an empty QMainWindow, shown.
- ``app``: the real start path, ``app.ui.app.run_gui(["--db", DB])``: the integrity check, opening the
  database, the main window with its first page (the others are built when first shown), that page's
  data. Only the sign-in dialog is answered for the user (it waits for a person typing a password);
  everything else is the app's own code.
  "ready" is when the main window is visible, every task the start queued on the worker has come back
  and been delivered, and the event queue has drained once more; "fresh" when Today's first count has
  been put on the page (in place of the figures saved at the last close) and painted.
"""

from __future__ import annotations

import json
import os
import sys
import time


def _t() -> float:
    return time.time() - float(os.environ.get("BENCH_T0", time.time()))


def _finish(report: dict) -> None:
    report["rss_now_mb"] = _peak_rss_mb()
    sys.stdout.write(json.dumps(report) + "\n")
    sys.stdout.flush()
    os._exit(0)


def _peak_rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):  # the peak resident set so far
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def bare() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.resize(1366, 768)
    window.show()
    shown = _t()
    QTimer.singleShot(0, lambda: _finish({"shown": shown, "ready": _t()}))
    app.exec()


def app_start(db_path: str) -> None:
    from PySide6.QtCore import QTimer

    from app.ui.app import run_gui
    from app.ui.qapp import create_application

    qapp = create_application()
    state: dict = {}
    from app.ui import app as gui

    preload, wait = gui.begin_preload, gui.wait_quietly

    def waited(future):  # the heavy modules are loaded now: answer the sign-in (importing it earlier would
        result = wait(future)  # load SQLAlchemy before the shell, which is what is measured)
        from app.ui import session

        session.sign_in_at_start = lambda ctx: True  # no one to type a password; see the module's docstring
        _watch_fresh_figures(state)
        return result

    gui.wait_quietly = waited

    def shell_drawn(path):  # the shell is on screen; the heavy imports start now
        state["shell"] = _t()
        state["shell_modules"] = sorted(sys.modules)
        return preload(path)

    gui.begin_preload = shell_drawn

    def poll() -> None:
        window = next((w for w in qapp.topLevelWidgets()
                       if type(w).__name__ == "MainWindow" and w.isVisible()), None)
        if window is None:
            return
        state.setdefault("shown", _t())
        if window.ctx.tasks.pending == 0 and "idle" not in state and (
                "complete" in state or window.current_page().key != "dashboard"):
            state["idle"] = True
            timer.stop()
            QTimer.singleShot(0, lambda: _finish({"shell": state.get("shell"), "shown": state["shown"], "ready": _t(),
                                                   "fresh": state.get("fresh"), "complete": state.get("complete"),
                                                   "page": window.current_page().key,
                                                   "shell_modules": state.get("shell_modules")}))

    def stuck() -> None:  # a modal dialog (database in use, damaged file...) would wait for a person forever
        shown = [f"{type(w).__name__}: {getattr(w, 'text', lambda: '')() or w.windowTitle()}"
                 for w in qapp.topLevelWidgets() if w.isVisible()]
        sys.stdout.write(json.dumps({"error": "not ready after {:.0f} s; visible: {}".format(_t(), shown)}) + "\n")
        sys.stdout.flush()
        os._exit(3)

    timer = QTimer()
    timer.setInterval(2)
    timer.timeout.connect(poll)
    timer.start()
    watchdog = QTimer()
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(stuck)
    watchdog.start(int(float(os.environ.get("BENCH_PROBE_TIMEOUT", "120")) * 1000))
    run_gui(["--db", db_path])
    sys.stdout.write(json.dumps({"error": "the app quit before its window was ready"}) + "\n")
    os._exit(3)


def _watch_fresh_figures(state: dict) -> None:
    """``state["fresh"]``: when Today's first fresh totals have been put on the page (the tiles, in place of the
    figures saved at the last close: ``_totals_loaded`` where the totals come first, else ``_loaded``) and the
    window has been through one more event loop turn (painted); ``state["complete"]`` likewise when the whole
    page's data has."""
    from PySide6.QtCore import QTimer

    from app.ui.pages import dashboard

    def watch(name: str, marks: tuple[str, ...]) -> None:
        real = getattr(dashboard.DashboardPage, name, None)
        if real is None:
            return

        def first(page, data):
            real(page, data)
            for mark in marks:
                if mark + "_set" not in state:
                    state[mark + "_set"] = True
                    QTimer.singleShot(0, lambda mark=mark: state.setdefault(mark, _t()))

        setattr(dashboard.DashboardPage, name, first)

    watch("_totals_loaded", ("fresh",))
    watch("_loaded", ("fresh", "complete"))


def close_app(db_path: str) -> None:
    """Ctrl+Q on a window whose data changed (so a closing backup is due): seconds from the key to the window
    gone, to the file free for the next window (the one-writer lock released, watched from a thread), and to
    the process done (the backup verified and recorded)."""
    import threading

    from PySide6.QtCore import QTimer

    from app.services import staff, storage
    from app.ui import session
    from app.ui.app import run_gui
    from app.ui.qapp import create_application

    session.sign_in_at_start = lambda ctx: True
    qapp = create_application()
    state: dict = {}

    def watch(path) -> None:
        while storage.is_locked(path):
            time.sleep(0.005)
        state["free"] = time.perf_counter() - state["t0"]

    def close(window) -> None:
        staff.add_person(window.ctx.db, "Bench Sipahi", "Constable")  # a change: the closing backup is due
        path = window.ctx.db.path
        state["t0"] = time.perf_counter()
        state["watch"] = threading.Thread(target=watch, args=(path,), daemon=True)
        state["watch"].start()
        window.quit_action.trigger()  # Ctrl+Q
        state["gone"] = time.perf_counter() - state["t0"] if not window.isVisible() else None

    def poll() -> None:
        window = next((w for w in qapp.topLevelWidgets()
                       if type(w).__name__ == "MainWindow" and w.isVisible()), None)
        if window is None or "t0" in state or window.ctx.tasks.pending:
            return
        timer.stop()
        QTimer.singleShot(0, lambda: close(window))

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(poll)
    timer.start()
    run_gui(["--db", db_path])
    done = time.perf_counter() - state["t0"]
    state["watch"].join(10)
    sys.stdout.write(json.dumps({"gone": state.get("gone"), "free": state.get("free"), "done": done}) + "\n")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if sys.argv[1] == "bare":
        bare()
    elif sys.argv[1] == "close":
        close_app(sys.argv[2])
    else:
        app_start(sys.argv[2])
