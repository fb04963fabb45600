"""The one-year demo station the page-walking UI tests open (tests/ui/demo_window.py) and the benchmark's smoke
test starts from (tests/test_bench_smoke.py): ``build_demo(years=1)`` (seed 1, today's clock, as ``bench --years
1`` builds it) with a visit, an equipment fault, handholding staff and a campaign added when the demo has none.
Built once per test run (``built_once``: once for all xdist workers); callers copy it before changing it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

_BUILT: dict[Path, Path] = {}


def ui_demo(tmp_path_factory) -> Path:
    """The path of the built demo (never to be changed: copy it)."""
    from tests.conftest import built_once

    base = tmp_path_factory.getbasetemp()
    if base not in _BUILT:  # one build per process too when the run is not split (built_once builds per call then)
        _BUILT[base] = built_once(tmp_path_factory, "ui_demo", lambda folder: build_ui_demo(folder / "demo.sqlite3"))
    return _BUILT[base]


def build_ui_demo(path: Path) -> Path:
    from app.services import handholding, inspections
    from app.services.core import clock
    from app.services.demo import build_demo
    from app.services.station import open_database

    build_demo(path, years=1)
    db = open_database(path)
    try:
        if not inspections.list_inspections(db):  # findings and instructions are added to a visit
            inspections.record_inspection(db, visit_date=clock.today() - dt.timedelta(days=3),
                                          officer_name="R. K. Verma", officer_rank=next(iter(inspections.RANK_LABELS)))
        if not handholding.list_equipment(db):  # a fault is reported on, escalated and resolved for an item
            item = handholding.add_equipment(db, next(iter(handholding.EQUIPMENT_KIND_LABELS)), "CCTNS PC 1")
            handholding.report_fault(db, item.id, "Does not start", reported_by="Amit Kumar")
        if not handholding.list_support_staff(db):  # a visit is recorded for one of them
            handholding.add_support_staff(db, "Deepak Rawat", next(iter(handholding.OFFICE_KIND_LABELS)), "Lucknow")
        if not handholding.list_campaigns(db):  # progress is recorded on one
            handholding.add_campaign(db, "Backlog drive", clock.today() + dt.timedelta(days=20), target_count=50)
    finally:
        db.close()
    return path
