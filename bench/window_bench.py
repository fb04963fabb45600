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
    results are painted), hi→en and en→hi alternately; and, as the floor, a bare QMainWindow with the same menus retranslated."""
    from PySide6.QtWidgets import QApplication

    from app.i18n import set_language
    from app.services.core.preferences import Preferences
    from app.services.station import open_database
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    app = QApplication.instance()
    set_language("en")
    db = open_database(path)
    ctx = AppContext(db, Preferences(path.with_name("bench-prefs.json")))
    window = MainWindow(ctx)
    window.resize(1366, 768)
    window.show()
    out: dict = {"language_floor_ms": _bare_floor(app, runs)}
    try:
        for key in window.page_keys():  # every page visited once, as after a while at work: all are built
            window.show_page(key)
            _settle(app, ctx)
        for page in ("dashboard", "pending"):
            window.show_page(page)
            _settle(app, ctx)
            frozen, settled = [], []
            for k in range(runs * 2):
                code = "hi" if k % 2 == 0 else "en"
                gaps = _GapWatch()
                t0 = time.perf_counter()
                gaps.last = t0
                window.switch_language(code)
                gaps.tick()  # the switch itself, then each result the worker hands back (painting it)
                gaps.timer.start()
                _settle(app, ctx)
                gaps.timer.stop()
                frozen.append(max(gaps.gaps))
                settled.append(time.perf_counter() - t0)
            out[f"language_switch_{page}_ms"] = statistics.median(frozen) * 1000
            out[f"language_switch_{page}_worst_ms"] = max(frozen) * 1000
            out[f"language_switch_{page}_settled_ms"] = statistics.median(settled) * 1000
        out["language_switch_ms"] = max(out["language_switch_dashboard_ms"], out["language_switch_pending_ms"])
    finally:
        window.switch_language("en")
        window.close()
        ctx.close()
        db.close()
    return out


class _GapWatch:
    """The GUI thread's longest stretch without handling a 5 ms timer: how long the window was frozen."""

    def __init__(self):
        from PySide6.QtCore import QTimer

        self.gaps: list[float] = []
        self.last = time.perf_counter()
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(self.tick)

    def tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self.last)
        self.last = now


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


def _bare_floor(app, runs: int) -> float:
    """The floor: a bare QMainWindow of the same size with a menu bar and a screenful of labels (what a window
    must at least redo on a switch), its texts set again in the other language."""
    from PySide6.QtWidgets import QGridLayout, QLabel, QMainWindow, QWidget

    from app.i18n import _, set_language

    window = QMainWindow()
    window.resize(1366, 768)
    menus = [window.menuBar().addMenu("") for _i in range(4)]
    body = QWidget()
    grid = QGridLayout(body)
    labels = [QLabel() for _i in range(120)]
    for i, label in enumerate(labels):
        grid.addWidget(label, i // 6, i % 6)
    window.setCentralWidget(body)
    window.show()
    words = ("Pending", "Overdue", "Due soon", "Person", "Case", "Duty")
    times = []
    for k in range(runs * 2):
        set_language("hi" if k % 2 == 0 else "en")
        t0 = time.perf_counter()
        for i, menu in enumerate(menus):
            menu.setTitle(_(words[i]))
        for i, label in enumerate(labels):
            label.setText(_(words[i % len(words)]))
        app.processEvents()
        times.append(time.perf_counter() - t0)
    set_language("en")
    window.close()
    return statistics.median(times) * 1000
