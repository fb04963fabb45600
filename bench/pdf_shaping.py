"""What shaping Hindi costs when printing: a 1,000-row bilingual table, shaped vs unshaped.

Duty names are the 69 duties of circular TS-CCTNS-35/2010 (resources/circulars), repeating, with
English role names, counts and dates. Every configuration is built 3 times into memory with all
caches emptied first (a cold start, as for the first print after launching the app); the median
is reported, plus a warm run (caches kept) for the default configuration.

    .venv/bin/python bench/pdf_shaping.py [rows]
"""

from __future__ import annotations

import io
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.paths import resource_path  # noqa: E402
from app.services.pdf import shaping_cache, text  # noqa: E402
from app.services.pdf import build_pdf, clear_caches, para, table  # noqa: E402

RUNS = 3
ROLES = ["Station House Officer", "Constable Moharrir", "Investigating Officer",
         "Computer Operator", "Court Pairokar"]
STATUS = ["Pending", "Overdue", "Done", "Error"]


def duty_names() -> list[str]:
    lines = resource_path("circulars", "up_ts_cctns_35_2010_allocation_2018.txt").read_text(
        encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("(a)"))
    names = []
    for line in lines[start:]:
        if line.startswith("2. समस्त"):
            break
        m = re.match(r"\s*\d+\.\s+(.+)", line)
        if m:
            names.append(m.group(1).strip())
    if len(names) < 60:
        raise SystemExit(f"expected ~69 duty names in the circular, found {len(names)}")
    return names


def story(rows: int, names: list[str]) -> list:
    from reportlab.lib.units import mm

    data = [["क्रम / No.", "कर्तव्य / Duty", "भूमिका / Role", "बकाया / Pending",
             "नियत तिथि / Due", "स्थिति / Status"]]
    for i in range(rows):
        data.append([
            str(i + 1),
            names[i % len(names)],
            ROLES[i % len(ROLES)],
            str((i * 7) % 23),
            f"{1 + i % 28:02d}-{1 + i % 12:02d}-2024",
            STATUS[i % len(STATUS)],
        ])
    return [
        para("लंबित प्रविष्टियाँ — Pending CAS entries", "title"),
        table(data, [11 * mm, 76 * mm, 33 * mm, 17 * mm, 21 * mm, 17 * mm], align=[
            "right", "left", "left", "right", "left", "left"]),
    ]


def build(rows: int, names: list[str]) -> int:
    out = io.BytesIO()
    return build_pdf(
        out, story(rows, names), title="Pending entries", page_label="पृष्ठ {page} / {pages}",
        header_left="थाना कोतवाली — जनपद लखनऊ", header_right="05-01-2024",
        footer_left="Anupalan", footer_note="Audit chain head: 3f2a9c0d…",
    )


CONFIGS = {
    # name: (SHAPING, USE_PLAIN_FOR_LATIN, word cache, paragraph cache)
    "unshaped, plain ReportLab (baseline)": (False, True, False, False),
    "shaped every cell, no caches": (True, False, False, False),
    "shaped Devanagari cells only": (True, True, False, False),
    "  + shaped-word cache": (True, True, True, False),
    "  + paragraph cache (default)": (True, True, True, True),
    "unshaped + paragraph cache": (False, True, False, True),
}


def configure(shaping: bool, plain: bool, words: bool, paras: bool) -> None:
    text.SHAPING = shaping
    text.USE_PLAIN_FOR_LATIN = plain
    text.USE_PARAGRAPH_CACHE = paras
    shaping_cache.USE_CACHE = words


def timed(rows: int, names: list[str], clear: bool = True) -> tuple[float, int]:
    times = []
    pages = 0
    for _ in range(RUNS):
        if clear:
            clear_caches()
        t0 = time.perf_counter()
        pages = build(rows, names)
        times.append(time.perf_counter() - t0)
    return statistics.median(times), pages


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    names = duty_names()
    configure(True, True, True, True)
    build(50, names)  # import, font loading, HarfBuzz face: not part of the comparison
    results = {}
    for name, cfg in CONFIGS.items():
        configure(*cfg)
        results[name] = timed(rows, names)
    configure(True, True, True, True)
    clear_caches()
    build(rows, names)
    warm = timed(rows, names, clear=False)

    base = results["unshaped, plain ReportLab (baseline)"][0]
    print(f"{rows} rows, {len(names)} distinct duty names, median of {RUNS} cold runs")
    for name, (secs, pages) in results.items():
        print(f"  {name:40s} {secs:6.3f} s  {secs / base:5.2f}x  ({pages} pages)")
    print(f"  {'default, warm caches (second print)':40s} {warm[0]:6.3f} s  {warm[0] / base:5.2f}x")
    default = results["  + paragraph cache (default)"][0]
    print(f"shaped (default) / unshaped = {default / base:.2f}x (goal <= 1.3x)")


if __name__ == "__main__":
    main()
