"""How fast the pending workbench shows a filtered view and scrolls, on a big station.

    .venv/bin/python bench/pending_view_bench.py [DEMO.sqlite3] [--repeat N] [--scroll-rows N]

Without a file the 5-year demo station is built once into the temp folder and reused. Prints:
- per filter: the first page (ids with a LIMIT, the count, the rows: "first rows"; goal < 100 ms) and the
  whole ordered id list the page reads next;
- the same through the real page: filter set → first page on the worker → model filled ("first rows",
  ``page.last_load_ms``) → the whole id list appended and rows painted (median and worst of N, default 7),
  and how long the GUI thread was busy with it;
- a scroll through the largest view (every row, or the first --scroll-rows), one screenful at a time
  at 1366×768: how long the GUI thread is held per screenful (scroll, paint, then the events that came
  in meanwhile, as between two turns of the wheel), and how long until the
  screenful shows real rows rather than "Loading…" (pages are read on the worker), pages fetched,
  rows cached at the end; then a jump to the middle.
Timings on a shared machine are noisy: compare medians of runs made one after the other.
Offscreen Qt; nothing is written to the database.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def demo_path(given: str | None) -> Path:
    if given:
        return Path(given)
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("demo", nargs="?")
    parser.add_argument("--repeat", type=int, default=7, help="runs per filter through the page")
    parser.add_argument("--scroll-rows", type=int, default=0, help="scroll this many rows (0: all)")
    args = parser.parse_args(argv[1:])
    path = demo_path(args.demo)
    os.environ.setdefault("ANUPALAN_DATA_DIR", tempfile.mkdtemp(prefix="anupalan-bench-"))
    from PySide6.QtCore import QEventLoop, QTimer

    from app.i18n import set_language
    from app.services import obligations, staff
    from app.services.station import open_database
    from app.services.core.preferences import Preferences
    from app.ui.qapp import create_application
    from app.ui.context import AppContext
    from app.ui.item_models.page_cache import PAGE_SIZE
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
    print("\nservice: first page (ids with a LIMIT, the count, rows: 'first rows'; goal < 100 ms), then the"
          " whole id list the page reads next (median of 5)")
    print(f"  {'filter':32} {'rows':>9} {'first rows':>10} {'whole list':>10}")
    for name, flt in filters.items():
        t_first, t_rest, n = [], [], 0
        for _ in range(5):
            t0 = time.perf_counter()
            first = obligations.first_ids(db, flt, limit=PAGE_SIZE)
            t1 = time.perf_counter()
            if not first.complete:
                obligations.ids(db, flt)
            t_first.append(t1 - t0)
            t_rest.append(time.perf_counter() - t1)
            n = first.total
        print(f"  {name:32} {n:9,} {ms(statistics.median(t_first))} {ms(statistics.median(t_rest))}")

    ctx = AppContext(db, Preferences(Path(tempfile.mkdtemp()) / "prefs.json"))
    page = PendingPage(ctx)
    page.resize(1366 - 200, 768 - 60)
    page.show()

    def settle() -> None:
        """Run the event loop until the page has nothing on the worker or queued."""
        loop = QEventLoop()
        timer = QTimer()
        timer.setInterval(1)
        timer.timeout.connect(lambda: (ctx.tasks.pending == 0 and not page._reload_timer.isActive()) and loop.quit())
        timer.start()
        loop.exec()
        timer.stop()

    view = page.table
    model = page.model

    def visible_rows() -> range:
        first = view.rowAt(0)
        if first < 0:
            return range(0)
        last = view.rowAt(view.viewport().height() - 1)
        return range(first, (last if last >= 0 else model.rowCount() - 1) + 1)

    def loading_visible() -> bool:
        is_loading = getattr(model, "is_loading", None)
        return bool(is_loading) and any(is_loading(r) for r in visible_rows())

    # the GUI thread's own time: the handler that fills the model, and every paint
    gui_busy: list[float] = []
    handler = page._ids_loaded

    def timed_handler(*a):
        t0 = time.perf_counter()
        handler(*a)
        gui_busy.append(time.perf_counter() - t0)

    page._ids_loaded = timed_handler

    page.activated()
    settle()
    print(f"\nthrough the page: filter set → rows painted (median / worst of {args.repeat}); GUI thread busy")
    for name, flt in (("overdue", {"overdue": True}), ("role io", {"role": "io"}), ("pending", {}),
                      ("form IIF-1, any status", {"form": "IIF-1", "statuses": ()}),
                      ("everything", {"statuses": ()})):
        times, busy, first_rows = [], [], []
        for _ in range(args.repeat):
            page.show_filter({"search": "x"} if flt == {} else {})  # make the next one a real change
            settle()
            view.viewport().repaint()
            gui_busy.clear()
            t0 = time.perf_counter()
            page.show_filter(flt)
            settle()
            t1 = time.perf_counter()
            view.viewport().repaint()
            t2 = time.perf_counter()
            while loading_visible():  # the first screenful must be real rows, not "Loading…"
                settle()
                view.viewport().repaint()
            times.append(time.perf_counter() - t0)
            busy.append(sum(gui_busy) + (t2 - t1))
            first_rows.append(page.last_load_ms / 1000)
        print(f"  {name:32} {model.rowCount():9,} rows  first rows {ms(statistics.median(first_rows))}"
              f"  whole list {ms(statistics.median(times))} (worst {ms(max(times))})   GUI {ms(statistics.median(busy))}")

    page.show_filter({"statuses": ()})
    settle()
    bar = view.verticalScrollBar()
    step = max(1, bar.pageStep())
    limit = bar.maximum() if not args.scroll_rows else min(bar.maximum(), args.scroll_rows)
    fetches_before = model.fetch_count
    held, shown = [], []
    t_start = time.perf_counter()
    value = 0
    while True:
        t0 = time.perf_counter()
        bar.setValue(value)
        view.viewport().repaint()
        app.processEvents()  # what the event loop does between two turns of the wheel (pages arriving)
        t1 = time.perf_counter()
        held.append(t1 - t0)
        if loading_visible():
            while loading_visible():
                settle()
                view.viewport().repaint()
            shown.append(time.perf_counter() - t0)
        else:
            shown.append(t1 - t0)
        if value >= limit:
            break
        value = min(limit, value + step)
    settle()
    elapsed = time.perf_counter() - t_start

    def p99(values: list[float]) -> float:
        return sorted(values)[max(0, int(len(values) * 0.99) - 1)]

    print(f"\nscroll through {value + 1:,} of {model.rowCount():,} rows, one screenful ({step} rows) at a time, painted:")
    print(f"  total {elapsed:.2f} s for {len(held):,} screenfuls")
    print(f"  GUI held per screenful:  mean {ms(statistics.mean(held))}, p99 {ms(p99(held))}, worst {ms(max(held))}")
    print(f"  until real rows shown:   mean {ms(statistics.mean(shown))}, p99 {ms(p99(shown))}, "
          f"worst {ms(max(shown))}; screenfuls that showed 'Loading…': {sum(1 for h, s in zip(held, shown) if s > h):,}")
    print(f"  pages fetched {model.fetch_count - fetches_before:,} (page size {PAGE_SIZE}); "
          f"rows cached at the end {len(model._cache):,}")
    t0 = time.perf_counter()
    bar.setValue(bar.maximum() // 2)
    view.viewport().repaint()
    t1 = time.perf_counter()
    while loading_visible():
        settle()
        view.viewport().repaint()
    print(f"  jump to the middle (uncached): GUI held {ms(t1 - t0)}, real rows shown after {ms(time.perf_counter() - t0)}")
    page.close()
    page.deleteLater()
    app.processEvents()
    ctx.tasks.shutdown()
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
