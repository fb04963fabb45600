"""The window's figures for the bench: closing (Ctrl+Q to the window gone, to the file free for the next window,
to the closing backup done) and the language switch (how long the window is frozen, on the 5-year demo)."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _fresh_copy(src: Path, folder: Path) -> Path:
    """The demo as the window leaves it: the file and its committed mark, no backups yet."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    dst = folder / "station.sqlite3"
    shutil.copyfile(src, dst)
    mark = src.with_name(src.name + ".committed")
    if mark.exists():
        shutil.copyfile(mark, dst.with_name(dst.name + ".committed"))
    return dst


def measure_close(src: Path, work: Path, runs: int) -> dict:
    """Each run: start the window on a fresh copy, change something, Ctrl+Q (``bench.probes close``)."""
    gone, free, done = [], [], []
    for i in range(runs):
        folder = work / f"close-{i}"
        db = _fresh_copy(src, folder)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", ANUPALAN_DATA_DIR=str(folder / "data"), ANUPALAN_LANG="en",
                   PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
        proc = subprocess.run([sys.executable, "-m", "bench.probes", "close", str(db)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=600)
        try:
            r = json.loads(proc.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            raise RuntimeError(f"the close probe printed nothing usable (exit {proc.returncode})") from None
        gone.append(r["gone"] if r["gone"] is not None else float("nan"))
        free.append(r["free"] if r["free"] is not None else r["done"])
        done.append(r["done"])
        shutil.rmtree(folder, ignore_errors=True)
    return {"close_window_gone_s": statistics.median(gone), "close_file_free_s": statistics.median(free),
            "close_backup_done_s": statistics.median(done), "close_copy_floor_s": copy_floor(src, work)}


def copy_floor(src: Path, work: Path) -> float:
    """The floor of "file free": SQLite's backup API copying the same file, nothing else."""
    import sqlite3

    dst = work / "floor-copy.sqlite3"
    dst.unlink(missing_ok=True)
    t0 = time.perf_counter()
    source, target = sqlite3.connect(f"file:{src}?mode=ro", uri=True), sqlite3.connect(str(dst))
    source.backup(target)
    source.close()
    target.close()
    seconds = time.perf_counter() - t0
    dst.unlink(missing_ok=True)
    return seconds


def measure_language(path: Path, runs: int) -> dict:
    """The main window on the demo with every page visited once, then on Today and on Pending entries: each
    switch's frozen time (the GUI thread's longest stretch busy, from the menu's choice until the worker's
    results are painted), hi→en and en→hi alternately; and, as the floor, a bare QMainWindow with the same menus
    retranslated, switched just before each switch of the window (the same load, the same moment). Both in the
    app's own QApplication (its bundled Devanagari font: without it Qt hunts for a fallback font on every
    Hindi text, which the app never does)."""
    from app.i18n import set_language
    from app.services.core.preferences import Preferences
    from app.services.station import open_database
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow
    from app.ui.qapp import create_application

    app = create_application()
    set_language("en")
    db = open_database(path)
    ctx = AppContext(db, Preferences(path.with_name("bench-prefs.json")))
    window = MainWindow(ctx)
    window.resize(1366, 768)
    window.show()
    floor = _BareFloor(app)
    out: dict = {}
    try:
        for key in window.page_keys():  # every page visited once, as after a while at work: all are built
            window.show_page(key)
            _settle(app, ctx)
        floors: list[tuple[float, float]] = []
        for page in ("dashboard", "pending"):
            window.show_page(page)
            _settle(app, ctx)
            frozen, cpu, settled = [], [], []
            for k in range(runs * 2):
                code = "hi" if k % 2 == 0 else "en"
                floors.append(floor.switch(code))
                frozen_s, cpu_s, settled_s = _switch_once(app, ctx, window, code)
                frozen.append(frozen_s)
                cpu.append(cpu_s)
                settled.append(settled_s)
            out[f"language_switch_{page}_ms"] = statistics.median(frozen) * 1000
            out[f"language_switch_{page}_worst_ms"] = max(frozen) * 1000
            out[f"language_switch_{page}_cpu_ms"] = statistics.median(cpu) * 1000
            out[f"language_switch_{page}_settled_ms"] = statistics.median(settled) * 1000
        out["language_switch_ms"] = max(out["language_switch_dashboard_ms"], out["language_switch_pending_ms"])
        out["language_switch_cpu_ms"] = max(out["language_switch_dashboard_cpu_ms"],
                                            out["language_switch_pending_cpu_ms"])
        out["language_floor_ms"] = statistics.median(wall for wall, _cpu in floors) * 1000
        out["language_floor_cpu_ms"] = statistics.median(cpu for _wall, cpu in floors) * 1000
    finally:
        floor.close()
        window.switch_language("en")
        window.close()
        ctx.close()
        db.close()
    return out


def _switch_once(app, ctx, window, code: str) -> tuple[float, float, float]:
    """One switch of the window: (the longest the GUI thread was busy, the most CPU time it spent in one such
    stretch, the time until all was painted)."""
    gaps = _GapWatch()
    t0 = time.perf_counter()
    gaps.last, gaps.last_cpu = t0, time.thread_time()
    window.switch_language(code)
    gaps.tick()  # the switch itself, then each result the worker hands back (painting it)
    gaps.timer.start()
    _settle(app, ctx)
    gaps.timer.stop()
    return max(gaps.gaps), max(gaps.cpu_gaps), time.perf_counter() - t0


class _GapWatch:
    """The GUI thread's longest stretch without handling a 5 ms timer: how long the window was frozen. Also
    the GUI thread's own CPU time in each stretch: on a shared machine a stretch's wall time counts the waits
    for a core (other programs), its CPU time only the window's own work."""

    def __init__(self):
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self.cpu_gaps: list[float] = []
        self.last = time.perf_counter()
        self.last_cpu = time.thread_time()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.tick)

    def tick(self) -> None:
        now, cpu = time.perf_counter(), time.thread_time()
        self.gaps.append(now - self.last)
        self.cpu_gaps.append(cpu - self.last_cpu)
        self.last, self.last_cpu = now, cpu


def _settle(app, ctx, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        if ctx.tasks.pending == 0:
            for _ in range(5):
                app.processEvents()
            if ctx.tasks.pending == 0:
                return
        time.sleep(0.001)


class _BareFloor:
    """The floor: a bare QMainWindow of the same size with a menu bar and a screenful of labels (what a window
    must at least redo on a switch), its texts set again in the other language and painted."""

    WORDS = ("Pending", "Overdue", "Due soon", "Person", "Case", "Duty")

    def __init__(self, app):
        from PySide6.QtWidgets import QGridLayout, QLabel, QMainWindow, QWidget

        self.app = app
        self.window = QMainWindow()
        self.window.resize(1366, 768)
        self.menus = [self.window.menuBar().addMenu("") for _i in range(4)]
        body = QWidget()
        grid = QGridLayout(body)
        self.labels = [QLabel() for _i in range(120)]
        for i, label in enumerate(self.labels):
            grid.addWidget(label, i // 6, i % 6)
        self.window.setCentralWidget(body)
        self.window.show()

    def switch(self, code: str) -> tuple[float, float]:
        """Its texts in ``code`` (translated in a scope: the app's language and its listeners are left alone):
        (wall, the GUI thread's CPU) seconds."""
        from app.i18n import _, language_scope

        t0, cpu0 = time.perf_counter(), time.thread_time()
        with language_scope(code):
            for i, menu in enumerate(self.menus):
                menu.setTitle(_(self.WORDS[i]))
            for i, label in enumerate(self.labels):
                label.setText(_(self.WORDS[i % len(self.WORDS)]))
        self.app.processEvents()
        return time.perf_counter() - t0, time.thread_time() - cpu0

    def close(self) -> None:
        self.window.close()
