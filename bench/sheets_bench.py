"""Reading and mapping big registers (issue 20): 10,000 FIR rows as xlsx, an HTML page saved as .xls, a UTF-16
CSV and a Kruti Dev sheet, each read from its bytes (kind told by content) and mapped through the shipped
"FIR register" profile; the case-number and name helpers over the same rows.

    .venv/bin/python bench/sheets_bench.py [--rows 10000] [--runs 3]

Prints per file kind: bytes, read seconds, map seconds (medians), rows mapped and errors, as JSON.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openpyxl  # noqa: E402

from app.i18n import set_language  # noqa: E402
from app.services import sheets  # noqa: E402

HEAD_EN = ["S.No.", "FIR No.", "Registration date", "Date of offence", "Act", "Sections", "IO", "Remarks"]
HEAD_KRUTI = ["d0la0", "eq0v0la0", "fnukad iath;u", "?kVuk fnukad", "vf/kfu;e", "/kkjk", "foospd", "vfHk;qfDr"]
NAMES = ["राम कुमार", "Suresh Chandra", "उ0नि0 रमेश यादव", "HC Mahesh Singh", "धर्मेन्द्र सिंह"]
KRUTI_NAMES = ["jke dqekj", "lqjs'k pUnz", "mi fujh{kd jes'k ;kno", "/kesZUnz flag", "fd'kksj dqekj"]


def _rows(n: int, kruti: bool = False) -> list[list]:
    start = dt.date(2024, 1, 1)
    out = [HEAD_KRUTI if kruti else HEAD_EN]
    for i in range(1, n + 1):
        day = start + dt.timedelta(days=i % 360)
        out.append([i, f"{i}/2024", day, f"{day.day:02d}/{day.month:02d}/{day.year}",
                    "Hkkjrh; U;k; lafgrk" if kruti else ("BNS" if i % 2 else "भारतीय न्याय संहिता"), "303(2)",
                    (KRUTI_NAMES if kruti else NAMES)[i % 5], None if i % 7 else "theft near the market"])
    return out


def _xlsx(rows) -> bytes:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, dt.date):
        return f"{v.day:02d}/{v.month:02d}/{v.year}"
    return str(v)


def _html(rows) -> bytes:
    body = "".join("<tr>" + "".join(f"<td>{_text(v)}</td>" for v in r) + "</tr>" for r in rows)
    return f"<html><body><table>{body}</table></body></html>".encode("utf-8")


def _csv16(rows) -> bytes:
    return ("\r\n".join("\t".join(_text(v) for v in r) for r in rows) + "\r\n").encode("utf-16")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    set_language("en")
    register = next(p for p in sheets.builtin_profiles() if p.name == "FIR register")
    files = {
        "xlsx": _xlsx(_rows(args.rows)),
        "html_as_xls": _html(_rows(args.rows)),
        "csv_utf16": _csv16(_rows(args.rows)),
        "kruti_dev_xlsx": _xlsx(_rows(args.rows, kruti=True)),
    }
    result: dict = {"rows": args.rows, "runs": args.runs}
    for name, data in files.items():
        reads, maps = [], []
        for _ in range(args.runs):
            sheets.krutidev_to_unicode.cache_clear()
            sheets.is_krutidev.cache_clear()
            t0 = time.perf_counter()
            table = sheets.read_table(data)
            t1 = time.perf_counter()
            mapped = sheets.map_table(table, register)
            t2 = time.perf_counter()
            reads.append(t1 - t0)
            maps.append(t2 - t1)
        result[name] = {"bytes": len(data), "kind": table.kind, "read_s": round(statistics.median(reads), 3),
                        "map_s": round(statistics.median(maps), 3), "mapped_rows": len(mapped.rows),
                        "errors": len(mapped.errors), "krutidev": table.krutidev}
    texts = [f"मु0अ0सं0 {i}/24" for i in range(args.rows)]
    t0 = time.perf_counter()
    keys = {sheets.case_key(t) for t in texts}
    result["case_key_per_10k_s"] = round((time.perf_counter() - t0) * 10_000 / args.rows, 3)
    assert len(keys) == args.rows
    index = sheets.NameIndex({i: n for i, n in enumerate(NAMES * 1000)})
    t0 = time.perf_counter()
    for n in ["Ram Kumar", "Ramesh Yadaw", "Mahesh"] * 100:
        index.candidates(n)
    result["name_candidates_300_queries_over_5000_s"] = round(time.perf_counter() - t0, 3)
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
