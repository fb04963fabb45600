"""What shaping and /ActualText cost on a real document: the Hindi inspection checklist of a demo
station, built shaped (as printed, with /ActualText spans), shaped without the spans, and unshaped
(wrong Hindi, the floor), in CPU seconds. The data is read once; each build empties the caches first (a cold
start, as for the first print after launching the app). Medians of RUNS builds, interleaved.

    .venv/bin/python bench/demo_shaping.py DEMO.sqlite [runs] [hi|en|both]

Give it a copy of a demo file (``python -m app demo --years 5``): the file is opened read-only.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.services.pdf import build_pdf, clear_caches, shaping_cache, text  # noqa: E402
from app.services.reports import DocLang, checklist_data, render_checklist  # noqa: E402
from app.services.station import open_database  # noqa: E402

CONFIGS = {
    "unshaped": dict(shaping=False, actual=False),
    "shaped, no ActualText": dict(shaping=True, actual=False),
    "shaped + ActualText": dict(shaping=True, actual=True),
}


def build(data, lang: DocLang, *, shaping: bool, actual: bool) -> tuple[float, int]:
    text.SHAPING = shaping
    shaping_cache.USE_ACTUAL_TEXT = actual
    try:
        clear_caches()
        out = io.BytesIO()
        t = time.process_time()  # CPU time: the machine's load does not count
        result = render_checklist(data, lang, out, build=build_pdf)
        return time.process_time() - t, result.pages
    finally:
        text.SHAPING = True
        shaping_cache.USE_ACTUAL_TEXT = True


def main() -> None:
    path = Path(sys.argv[1])
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    lang = DocLang(sys.argv[3] if len(sys.argv) > 3 else "hi")
    db = open_database(path)
    data = checklist_data(db)
    db.close()
    build(data, lang, shaping=True, actual=True)  # imports and fonts out of the way
    times: dict[str, list[float]] = {k: [] for k in CONFIGS}
    pages = {}
    for i in range(runs):
        order = list(CONFIGS) if i % 2 == 0 else list(reversed(CONFIGS))
        for name in order:
            elapsed, pages[name] = build(data, lang, **CONFIGS[name])
            times[name].append(elapsed)
    base = statistics.median(times["unshaped"])
    print(f"checklist ({lang.mode}), {path.name}, median of {runs} cold builds")
    for name in CONFIGS:
        m = statistics.median(times[name])
        print(f"  {name:24s} {m:.3f} s  {m / base:.2f}x  ({pages[name]} pages)")


if __name__ == "__main__":
    main()
