"""The station's office particulars for its letters: defaults, changes, refusals (issue 17)."""

from __future__ import annotations


import pytest
from sqlalchemy import select

from app.models.audit import AuditEntry
from app.services import station
from app.services.core.errors import UserError


def _audits(db):
    with db.session() as s:
        return s.scalars(select(AuditEntry).where(AuditEntry.action == "setting.update")).all()


def test_defaults_come_from_the_station_and_the_usual_wording(station_db):
    info = station.office_particulars(station_db)
    assert info.get("station", "hi") == info.get("station", "en") == "Kotwali Nagar"
    assert info.get("district", "hi") == "Lucknow"
    assert info.get("office", "hi") == "कार्यालय प्रभारी निरीक्षक"
    assert info.get("sp", "en") == "Superintendent of Police" and info.get("co", "hi") == "क्षेत्राधिकारी"
    assert info.set_keys == frozenset()


def test_set_audit_and_reset_to_default(station_db):
    info = station.set_office_particulars(station_db, {"station_hi": " कोतवाली नगर ", "co_en": "CO City",
                                                       "email": "so-kotwali@up.gov.in", "phone": "+91 94544-03393"})
    assert info.get("station", "hi") == "कोतवाली नगर" and info.get("co", "en") == "CO City"
    assert info.set_keys == {"station_hi", "co_en", "email", "phone"}
    rows = _audits(station_db)
    assert {r.entity_id for r in rows} == {"office.station_hi", "office.co_en", "office.email", "office.phone"}
    info = station.set_office_particulars(station_db, {"station_hi": ""})
    assert info.get("station", "hi") == "Kotwali Nagar" and "station_hi" not in info.set_keys
    station.set_office_particulars(station_db, {"co_en": "CO City"})  # unchanged: no new audit row
    assert len(_audits(station_db)) == 5


@pytest.mark.parametrize("changes, words", [
    ({"bogus": "x"}, "Unknown particular 'bogus'"),
    ({"email": "not-an-address"}, "not an e-mail address"),
    ({"phone": "call me"}, "not a telephone number"),
    ({"sp_hi": "x" * 121}, "too long"),
    ({"co_hi": "line\nbreak"}, "cannot be stored"),
    ({}, "Say what to change"),
])
def test_bad_changes_are_refused_and_nothing_is_stored(station_db, changes, words):
    with pytest.raises(UserError, match=words):
        station.set_office_particulars(station_db, {"co_hi": "क्षेत्राधिकारी नगर", **changes} if changes else {})
    assert station.office_particulars(station_db).set_keys == frozenset()
    assert _audits(station_db) == []


def test_parse_assignments():
    assert station.parse_assignments(["a=b=c", "x="]) == {"a": "b=c", "x": ""}
    with pytest.raises(UserError):
        station.parse_assignments(["novalue"])
