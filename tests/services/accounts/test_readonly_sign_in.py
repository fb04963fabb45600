"""A station with accounts can still be opened read-only (another window holds it): sign-in checks the
password without writing anything."""

import pytest

from app.services import accounts, staff
from app.services.station import open_database
from app.services.core.errors import UserError

PW = "river tea window"


@pytest.fixture(autouse=True)
def cheap_hashing():
    accounts.use_params(accounts.Argon2Params(1, 8, 1))
    yield
    accounts.use_params(None)


@pytest.mark.sqlite_only("compares the database file's bytes before and after")
def test_read_only_sign_in_checks_without_writing(station_db, db_path, monkeypatch):
    person = staff.add_person(station_db, "Sunita", "Constable")
    accounts.create_first_admin(station_db, person_id=person.id, username="operator", password=PW, confirm=PW)
    station_db.close()
    before = db_path.read_bytes()
    ro = open_database(db_path, readonly=True)
    try:
        signed = accounts.sign_in(ro, "operator", PW)
        assert signed.actor.person_id == person.id
        with pytest.raises(UserError):
            accounts.sign_in(ro, "operator", "wrong password here")
    finally:
        ro.close()
    assert db_path.read_bytes() == before


def test_session_events_are_skipped_on_a_read_only_file(station_db, db_path):
    person = staff.add_person(station_db, "Sunita", "Constable")
    signed = accounts.create_first_admin(station_db, person_id=person.id, username="operator", password=PW,
                                         confirm=PW)
    station_db.close()
    ro = open_database(db_path, readonly=True)
    try:
        accounts.record_session_event(ro, signed.actor, "session.lock")  # no error, nothing written
    finally:
        ro.close()
