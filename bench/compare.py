"""Compare two benchmark results (bench/results/*.json): each figure side by side, with the change.

    .venv/bin/python bench/compare.py bench/results/OLD.json bench/results/NEW.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

FIGURES = (  # (key, unit, lower is better)
    ("start_app_s", "s"), ("start_bare_s", "s"), ("start_ratio", "x"), ("rss_mb", "MB"),
    ("dashboard_ms", "ms"), ("dashboard_sqlite3_ms", "ms"), ("dashboard_ratio", "x"),
    ("pending_first_rows_ms", "ms"), ("scroll_total_s", "s"), ("scroll_screenful_worst_ms", "ms"),
    ("checklist_shaped_s", "s"), ("checklist_unshaped_s", "s"), ("checklist_ratio", "x"),
    ("backup_s", "s"), ("backup_longest_gui_gap_ms", "ms"),
)


def compare(old: dict, new: dict) -> str:
    lines = [f"{'figure':<28} {old.get('commit', 'old'):>16} {new.get('commit', 'new'):>16}   change"]
    for key, unit in FIGURES:
        a, b = old.get(key), new.get(key)
        if a is None and b is None:
            continue
        change = f"{(b - a) / a * 100:+6.1f}%" if isinstance(a, (int, float)) and isinstance(b, (int, float)) and a else ""
        fa = f"{a:.3f} {unit}" if isinstance(a, (int, float)) else "-"
        fb = f"{b:.3f} {unit}" if isinstance(b, (int, float)) else "-"
        lines.append(f"{key:<28} {fa:>16} {fb:>16}   {change}")
    for name in sorted(set(old.get("pending_first_rows_by_filter_ms", {})) | set(new.get("pending_first_rows_by_filter_ms", {}))):
        a = old.get("pending_first_rows_by_filter_ms", {}).get(name)
        b = new.get("pending_first_rows_by_filter_ms", {}).get(name)
        change = f"{(b - a) / a * 100:+6.1f}%" if a and b else ""
        lines.append(f"  pending {name:<19} {f'{a:.3f} ms' if a else '-':>16} {f'{b:.3f} ms' if b else '-':>16}   {change}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    old, new = (json.loads(Path(p).read_text(encoding="utf-8")) for p in argv[1:])
    print(compare(old, new))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
