"""Bulk changes (staff transfer, rule recompute) take a verified backup first; refused input takes none."""

import pytest

from app.services import staff
from app.services.storage import list_backups
from app.services.core.errors import UserError

pytestmark = pytest.mark.sqlite_only("the verified copy of the SQLite file before a bulk change; "
                                     "on a server pg_dump does backups")


def _pre_bulk(db):
    return [r for r in list_backups(db.path) if r.reason == "pre-bulk"]


def test_transfer_backs_up_first_and_refusal_leaves_no_backup(station_db):
    a = staff.add_person(station_db, "Shyam Lal", "HC")
    b = staff.add_person(station_db, "Kshitij Prakash", "Constable")
    staff.assign_role(station_db, a.id, "mohrir", "2026-01-01")
    with pytest.raises(UserError):
        staff.transfer(station_db, a.id, 999, "2026-06-01")
    assert _pre_bulk(station_db) == []
    staff.transfer(station_db, a.id, b.id, "2026-06-01")
    records = _pre_bulk(station_db)
    assert len(records) == 1 and records[0].ok
