"""Walk the whole matrix: every role and flag × every action, against a table written out here.

The table is spelled out independently of ``permissions.MATRIX``, so a change to the matrix has to
be made (and reviewed) in both places.
"""

from __future__ import annotations

import datetime as dt

import pytest

from app.services import access, staff
from app.services.access import SYSTEM, Actor
from app.services.core.errors import UserError

COLUMNS = ("sho", "mohrir", "io", "operator", "court", "admin", "inspector", "none")
# Y = allowed on someone else's item; S = only on the actor's own item; . = refused
EXPECTED = """
action               sho mohrir io operator court admin inspector none
station.edit          Y    .     .    .      .    Y      .       .
staff.edit            Y    .     .    Y      .    Y      .       .
staff.transfer        Y    .     .    .      .    Y      .       .
staff.sho             .    .     .    .      .    Y      .       .
case.add              Y    Y     .    Y      .    .      .       .
case.event            Y    Y     Y    Y      Y    .      .       .
case.correct          Y    .     .    .      .    .      .       .
obligation.enter      Y    S     S    Y      S    S      S       S
obligation.enter_for  .    .     .    Y      .    .      .       .
obligation.verify     Y    .     .    .      .    .      .       .
obligation.na         Y    .     .    .      .    .      .       .
obligation.reassign   Y    .     .    .      .    .      .       .
rules.edit            Y    .     .    .      .    Y      .       .
inspection.record     Y    .     .    .      .    .      Y       .
report.print          Y    Y     Y    Y      Y    Y      Y       .
audit.view            Y    .     .    .      .    Y      Y       .
backup.run            Y    Y     Y    Y      Y    Y      .       .
backup.restore        .    .     .    .      .    Y      .       .
accounts.admin        .    .     .    .      .    Y      .       .
equipment.edit        Y    .     .    Y      .    Y      .       .
"""


def _table() -> dict[str, dict[str, str]]:
    lines = [line.split() for line in EXPECTED.strip().splitlines()]
    assert tuple(lines[0][1:]) == COLUMNS
    return {row[0]: dict(zip(COLUMNS, row[1:], strict=True)) for row in lines[1:]}


@pytest.fixture
def people(station_db):
    """One person per column: the station roles held from a month ago, the flags on bare persons."""
    ids = {}
    for col in COLUMNS:
        p = staff.add_person(station_db, f"Person {col}", "HC")
        ids[col] = p.id
        if col in access.STATION_ROLES:
            staff.assign_role(station_db, p.id, col, dt.date.today() - dt.timedelta(days=30))
    return ids


def _actor(ids, col) -> Actor:
    return Actor(person_id=ids[col], label=f"Person {col}", admin=col == "admin", inspector=col == "inspector")


def test_table_covers_exactly_the_matrix():
    assert set(_table()) == set(access.MATRIX)
    assert set(access.ACTION_LABELS) == set(access.MATRIX)


def test_every_role_times_every_action(station_db, people):
    table = _table()
    someone_else = people["none"]
    cells = 0
    with station_db.session() as s:
        for action, row in table.items():
            for col, mark in row.items():
                actor = _actor(people, col)
                other_owner = someone_else if col != "none" else people["sho"]
                on_other = access.allowed(s, actor, action, owner_person_id=other_owner)
                on_own = access.allowed(s, actor, action, owner_person_id=actor.person_id)
                assert on_other == (mark == "Y"), (action, col, "someone else's item")
                assert on_own == (mark in ("Y", "S")), (action, col, "own item")
                cells += 1
    assert cells == len(access.MATRIX) * len(COLUMNS)


def test_authorize_refuses_with_a_clear_message(station_db, people):
    with station_db.session() as s:
        with pytest.raises(UserError) as info:
            access.authorize(s, _actor(people, "mohrir"), "obligation.verify", owner_person_id=people["io"])
    assert info.value.message == "Person mohrir is not allowed to verify an entry."


def test_system_may_do_everything_and_unknown_actions_are_errors(station_db):
    with station_db.session() as s:
        assert all(access.allowed(s, SYSTEM, a) for a in access.MATRIX)
        with pytest.raises(KeyError):
            access.allowed(s, SYSTEM, "no.such.action")


def test_roles_count_only_while_held(station_db):
    p = staff.add_person(station_db, "Former SHO", "Inspector")
    a = staff.assign_role(station_db, p.id, "sho", "2020-01-01")
    actor = Actor(person_id=p.id, label="Former SHO")
    with station_db.session() as s:
        assert access.allowed(s, actor, "obligation.verify")
    staff.end_assignment(station_db, a.id, dt.date.today() - dt.timedelta(days=1))
    with station_db.session() as s:
        assert not access.allowed(s, actor, "obligation.verify")
        assert access.allowed_actions(s, actor) == frozenset()


def test_services_enforce_not_only_the_window(station_db, people):
    """A refused actor changes nothing, through the service itself."""
    before = staff.list_persons(station_db)
    with pytest.raises(UserError, match="not allowed to change the staff list"):
        staff.add_person(station_db, "Sneaky", "HC", actor=_actor(people, "io"))
    assert staff.list_persons(station_db) == before
    assert access.permitted(station_db, _actor(people, "operator"), "staff.edit")
