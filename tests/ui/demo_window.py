"""A window on a one-year demo station (with a visit, an equipment fault, handholding staff and a campaign
added when the demo has none), as the app opens it: for tests that walk every page or work on real volumes."""

from __future__ import annotations

import pytest

from app.i18n import set_language
from app.services.core.preferences import Preferences
from app.services.station import open_database
from app.services.storage import copy_database
from tests.ui.waiting import wait_idle


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    from app.services.demo import build_demo

    import datetime as dt

    from app.services import handholding, inspections
    from app.services.core import clock

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
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


@pytest.fixture
def window(qtbot, demo_file, tmp_path, make_ctx):
    from app.ui.station_switch import build_window

    copy = tmp_path / "station.sqlite3"
    copy_database(demo_file, copy)
    db = open_database(copy)
    ctx = make_ctx(db, Preferences(tmp_path / "prefs.json"))
    win = build_window(ctx)  # with the Backup menu and the other hooks, as the app opens it
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    wait_idle(qtbot, ctx)
    yield win
    win.close()
    ctx.close()
    db.close()
    set_language("en")
