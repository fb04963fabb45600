import datetime as dt

from sqlalchemy import func, select

from app.models.obligations import Obligation
from app.services.core import clock
from app.services import staff
from app.ui.context import AppContext
from app.ui.recurring_hook import RecurringHook
from app.services.core.preferences import Preferences
from app.ui.changes import Changes


def test_window_start_catches_up_missed_periods(qtbot, db, tmp_path):
    from app.services.station import init_station

    clock.pin(dt.datetime(2026, 11, 1, 9, 0))
    station_db = db
    init_station(db, "Kotwali Nagar", "Lucknow")
    person = staff.add_person(station_db, "Shyam Lal", "HC")
    staff.assign_role(station_db, person.id, "mohrir", "2026-10-01")
    from app.services import obligations

    obligations.catch_up(station_db)  # the app ran on 1 Nov
    clock.pin(dt.datetime(2026, 11, 5, 9, 0))  # closed for four days
    ctx = AppContext(station_db, Preferences(tmp_path / "p.json"))
    changed = []
    ctx.changed.connect(changed.append)
    hook = RecurringHook(ctx)
    qtbot.waitUntil(lambda: hook.last_result is not None, timeout=10000)
    assert hook.last_result.missed > 0 and hook.last_result.pending > 0
    assert changed == [Changes(obligations=True)]
    with station_db.session() as s:
        missed = s.scalar(select(func.count()).select_from(Obligation).where(Obligation.status == "missed"))
    assert missed == hook.last_result.missed
    hook.timer.stop()
    ctx.close()
