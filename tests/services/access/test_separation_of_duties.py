"""Separation of duties (issue 16 #1): the SHO's role is given and ended by an administrator only, never
to himself, one SHO at a time; nobody verifies an entry he made; a verification is recorded only as
the signed-in verifier's own act; recording another person as the maker of an entry is operator work."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.pg_store import raw_sql
from app.services import cases, obligations, staff
from app.services.access import Actor
from app.services.core import clock
from app.services.core.errors import UserError

DAY = dt.datetime(2025, 3, 3, 9, 0)


@pytest.fixture
def station(db):
    """omop: administrator + computer operator; shiv: SHO; kamal: a constable without a role."""
    from app.services.station import init_station

    clock.pin(DAY)
    init_station(db, "Kotwali Nagar", "Sitapur")
    ids = {name: staff.add_person(db, name, rank).id
           for name, rank in (("omop", "Constable"), ("shiv", "Inspector"), ("kamal", "Constable"),
                              ("ravi", "SI"))}
    staff.assign_role(db, ids["omop"], "operator", dt.date(2024, 1, 1))
    staff.assign_role(db, ids["shiv"], "sho", dt.date(2024, 1, 1))
    clock.pin(DAY + dt.timedelta(hours=10))
    actors = {
        "omop": Actor(ids["omop"], "omop", admin=True),
        "shiv": Actor(ids["shiv"], "shiv"),
        "kamal": Actor(ids["kamal"], "kamal"),
        "admin2": Actor(ids["ravi"], "ravi", admin=True),
    }
    return db, ids, actors


def _sho_holders(db):
    from app.services.access import holders

    with db.session() as s:
        return holders(s, "sho", clock.today())


def test_the_operator_cannot_make_himself_sho_and_verify_his_own_entry(station):
    """The issue's reproduction: done by omop, verify --by shiv refused, omop makes himself SHO, verifies."""
    db, ids, a = station
    ob = cases.add_case(db, "ncr", registered_at=DAY).obligations[0].id
    obligations.mark_entered(db, [ob], "555", actor=a["omop"])
    with pytest.raises(UserError):
        obligations.verify(db, [ob], by_person_id=ids["shiv"], actor=a["omop"])
    with pytest.raises(UserError, match="for himself"):
        staff.assign_role(db, ids["omop"], "sho", clock.today(), actor=a["omop"])
    with pytest.raises(UserError):  # a constable made SHO by the operator: one SHO at a time
        staff.assign_role(db, ids["kamal"], "sho", clock.today(), actor=a["omop"])
    assert _sho_holders(db) == [ids["shiv"]]
    assert obligations.get(db, ob).status == "entered"


def test_only_an_administrator_gives_or_ends_the_sho_role(station):
    db, ids, a = station
    operator_only = Actor(ids["omop"], "omop")  # the operator's role without the administrator's flag
    sho_assignment = [x for x in staff.list_assignments(db, person_id=ids["shiv"]) if x.role == "sho"][0]
    for actor in (operator_only, a["shiv"], a["kamal"]):
        with pytest.raises(UserError, match="not allowed to"):
            staff.end_assignment(db, sho_assignment.id, clock.today(), actor=actor)
    # the SHO may not end his own role either, even as an administrator
    with pytest.raises(UserError, match="for himself"):
        staff.end_assignment(db, sho_assignment.id, clock.today(), actor=Actor(ids["shiv"], "shiv", admin=True))
    # another role stays staff work: the operator gives a constable the mohrir's role
    staff.assign_role(db, ids["kamal"], "mohrir", clock.today(), actor=operator_only)


def test_one_sho_at_a_time_the_current_one_is_ended_explicitly(station):
    db, ids, a = station
    today = clock.today()
    with pytest.raises(UserError, match="one SHO at a time"):
        staff.assign_role(db, ids["kamal"], "sho", today, actor=a["admin2"])
    sho_assignment = [x for x in staff.list_assignments(db, person_id=ids["shiv"]) if x.role == "sho"][0]
    staff.end_assignment(db, sho_assignment.id, today - dt.timedelta(days=1), actor=a["admin2"])
    new = staff.assign_role(db, ids["kamal"], "sho", today, actor=a["admin2"])
    assert _sho_holders(db) == [ids["kamal"]]
    # extending the old assignment into the new SHO's time is refused too
    with pytest.raises(UserError, match="one SHO at a time"):
        staff.end_assignment(db, sho_assignment.id, today + dt.timedelta(days=5), actor=a["admin2"])
    rows = raw_sql(db, "select action, actor_label, entity_id from audit_entries "
                       "where action in ('role.assign', 'role.end') order by seq desc limit 2")
    assert rows == [("role.assign", "ravi", str(new.id)), ("role.end", "ravi", str(sho_assignment.id))]


def test_nobody_verifies_an_entry_he_made(station):
    db, ids, a = station
    ob = cases.add_case(db, "ncr", registered_at=DAY).obligations[0].id
    obligations.mark_entered(db, [ob], "NCR-1", actor=a["shiv"])
    with pytest.raises(UserError, match="nobody verifies his own entry"):
        obligations.verify(db, [ob], by_person_id=ids["shiv"], actor=a["shiv"])
    with pytest.raises(UserError, match="nobody verifies his own entry"):  # the system console is held to it too
        obligations.verify(db, [ob], by_person_id=ids["shiv"])
    assert obligations.get(db, ob).status == "entered"
    other = cases.add_case(db, "ncr", registered_at=DAY).obligations[0].id
    obligations.mark_entered(db, [other], "NCR-2", actor=a["omop"])
    assert obligations.verify(db, [other], by_person_id=ids["shiv"], actor=a["shiv"]) == 1


def test_by_names_the_maker_only_for_the_operator_and_the_row_names_both(station):
    db, ids, a = station
    ob = cases.add_case(db, "ncr", registered_at=DAY).obligations[0].id
    with pytest.raises(UserError, match="not allowed to record someone else"):  # the SHO cannot put kamal's name
        obligations.mark_entered(db, [ob], "X-1", by_person_id=ids["kamal"], actor=a["shiv"])
    obligations.mark_entered(db, [ob], "X-1", by_person_id=ids["kamal"], actor=a["omop"])
    (label, after), = raw_sql(db, "select actor_label, after from audit_entries where action='obligation.enter'")
    assert label == "omop" and f'"by": {ids["kamal"]}' in after
    with pytest.raises(UserError, match="own act"):  # nor does the SHO record a verification in another name
        obligations.verify(db, [ob], by_person_id=ids["ravi"], actor=a["shiv"])


def test_the_sho_cannot_take_the_operators_role_and_verify_an_entry_he_recorded_for_another(station):
    """A second hostile test: the SHO gave himself the operator's role (any role but the SHO's was his to give),
    recorded an entry as made by the IO (operator work), then verified it as SHO: his own work, verified by
    himself. The SHO and the computer operator are never the same person, whoever gives the role."""
    db, ids, a = station
    for who in ("shiv", "admin2"):
        with pytest.raises(UserError, match="never the same person"):
            staff.assign_role(db, ids["shiv"], "operator", DAY.date(), actor=a[who])
    with pytest.raises(UserError, match="never the same person"):  # nor the other way round, later on
        staff.assign_role(db, ids["omop"], "sho", dt.date(2026, 1, 1), actor=a["admin2"])
    with db.session() as s:
        from app.services.access import holders

        assert ids["shiv"] not in holders(s, "operator", DAY.date())
    # after the operator's assignment ends, he may become SHO (and then not operator again)
    (op,) = [x for x in staff.list_assignments(db, person_id=ids["omop"]) if x.role == "operator"]
    staff.end_assignment(db, op.id, DAY.date(), actor=a["admin2"])
    shiv_sho = [x for x in staff.list_assignments(db, person_id=ids["shiv"]) if x.role == "sho"][0]
    staff.end_assignment(db, shiv_sho.id, DAY.date() + dt.timedelta(days=1), actor=a["admin2"])
    staff.assign_role(db, ids["omop"], "sho", DAY.date() + dt.timedelta(days=2), actor=a["admin2"])


def test_one_sho_at_a_time_says_the_date_as_typed(station):
    """The refusal names the current SHO's start as DD.MM.YYYY (it echoed 2024-01-01)."""
    db, ids, actors = station
    with pytest.raises(UserError) as caught:
        staff.assign_role(db, ids["ravi"], "sho", "01.03.2025", actor=actors["omop"])
    assert "01.01.2024" in caught.value.message and "2024-01-01" not in caught.value.message
