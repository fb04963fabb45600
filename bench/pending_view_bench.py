"""How fast the pending workbench shows a filtered view and scrolls, on a big station.

    .venv/bin/python bench/pending_view_bench.py [DEMO.sqlite3]

Without an argument the 5-year demo station is built once into the temp folder and reused. Prints:
- per filter: the ids query, the first page of rows, and the two together ("first rows"; goal < 100 ms);
- the same through the real page (filter set → ids on the worker → model filled → first page read);
- a scroll through every row of the largest view, painting the table at 1366×768 after each screenful
  (total, per screenful average and worst, pages fetched, rows cached at the end).
Offscreen Qt; nothing is written to the database.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def demo_path(argv: list[str]) -> Path:
    if len(argv) > 1:
        return Path(argv[1])
    path = Path(tempfile.gettempdir()) / "anupalan-bench-demo5.sqlite3"
    if not path.exists():
        from app.services.demo import build_demo

        print(f"building the 5-year demo station into {path} (once) …", flush=True)
        result = build_demo(path, years=5, seed=1)
        print(f"  {result.obligations:,} obligations in {result.seconds:.0f} s", flush=True)
    return path


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def main(argv: list[str]) -> int:
    path = demo_path(argv)
    os.environ.setdefault("ANUPALAN_DATA_DIR", tempfile.mkdtemp(prefix="anupalan-bench-"))
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from app.i18n import set_language
    from app.services import obligations, staff
    from app.services.db import open_database
    from app.services.preferences import Preferences
    from app.ui.app import create_application
    from app.ui.context import AppContext
    from app.ui.models.obligation_table import PAGE_SIZE
    from app.ui.pages.pending import PendingPage

    app = create_application()
    set_language("en")
    db = open_database(path)
    people = staff.list_persons(db)
    busiest = max((p for p in people if p.roles), key=lambda p: len(p.roles), default=people[0])
    all_ids = obligations.ids(db, obligations.ObligationFilter(statuses=()))
    print(f"station: {path.name}, {len(all_ids):,} obligations, {len(people)} people")

    filters = {
        "pending (default view)": obligations.ObligationFilter(),
        "overdue": obligations.ObligationFilter(overdue=True),
        "role io, overdue": obligations.ObligationFilter(role="io", overdue=True),
        f"person {busiest.name}": obligations.ObligationFilter(person_id=busiest.id),
        "form IIF-1, any status": obligations.ObligationFilter(form="IIF-1", statuses=()),
        "search 'stranger'": obligations.ObligationFilter(search="stranger", statuses=()),
        "everything (any status)": obligations.ObligationFilter(statuses=()),
    }
    print("\nservice: ids + first page of rows (median of 5)")
    print(f"  {'filter':32} {'rows':>9} {'ids':>10} {'page':>10} {'first rows':>10}")
    for name, flt in filters.items():
        t_ids, t_rows, n = [], [], 0
        for _ in range(5):
            t0 = time.perf_counter()
            found = obligations.ids(db, flt)
            t1 = time.perf_counter()
            obligations.rows(db, found[:PAGE_SIZE])
            t2 = time.perf_counter()
            t_ids.append(t1 - t0)
            t_rows.append(t2 - t1)
            n = len(found)
        a, b = statistics.median(t_ids), statistics.median(t_rows)
        print(f"  {name:32} {n:9,} {ms(a)} {ms(b)} {ms(a + b)}")

    ctx = AppContext(db, Preferences(Path(tempfile.mkdtemp()) / "prefs.json"))
    page = PendingPage(ctx)
    page.resize(1366 - 200, 768 - 60)
    page.show()

    def settle() -> None:
        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(1)
        timer.timeout.connect(lambda: (ctx.tasks.pending == 0 and not page._reload_timer.isActive()) and loop.quit())
        timer.start()
        loop.exec()
        timer.stop()
        app.processEvents()

    page.activated()
    settle()
    print("\nthrough the page: filter set → rows painted (median of 3)")
    for name, flt in (("overdue", {"overdue": True}), ("role io", {"role": "io"}),
                      ("everything", {"statuses": ()}), ("pending", {})):
        times = []
        for _ in range(3):
            page.show_filter({"search": "x"} if flt == {} else {})  # make the next one a real change
            settle()
            t0 = time.perf_counter()
            page.show_filter(flt)
            settle()
            page.table.viewport().repaint()
            times.append(time.perf_counter() - t0)
        print(f"  {name:32} {page.model.rowCount():9,} rows  {ms(statistics.median(times))}")

    page.show_filter({"statuses": ()})
    settle()
    view = page.table
    bar = view.verticalScrollBar()
    step = max(1, bar.pageStep())
    fetches_before = page.model.fetch_count
    steps = []
    t_start = time.perf_counter()
    value = 0
    while True:
        t0 = time.perf_counter()
        bar.setValue(value)
        view.viewport().repaint()
        steps.append(time.perf_counter() - t0)
        if value >= bar.maximum():
            break
        value = min(bar.maximum(), value + step)
    elapsed = time.perf_counter() - t_start
    print(f"\nscroll through all {page.model.rowCount():,} rows, one screenful ({step} rows) at a time, painted:")
    print(f"  total {elapsed:.2f} s for {len(steps):,} screenfuls; per screenful mean {ms(statistics.mean(steps))}, "
          f"p99 {ms(sorted(steps)[int(len(steps) * 0.99) - 1])}, worst {ms(max(steps))}")
    print(f"  pages fetched {page.model.fetch_count - fetches_before:,} (page size {PAGE_SIZE}); "
          f"rows cached at the end {len(page.model._cache):,}")
    t0 = time.perf_counter()
    bar.setValue(bar.maximum() // 2)
    view.viewport().repaint()
    print(f"  jump to the middle (uncached) and paint: {ms(time.perf_counter() - t0)}")
    page.close()
    page.deleteLater()
    app.processEvents()
    ctx.tasks.shutdown()
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
