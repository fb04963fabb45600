"""A seeded station for the report tests and the checklist benchmark.

Obligations are inserted directly (SQLAlchemy Core, one transaction) with a fixed random seed:
staff in every role but the court (so the allocation check has a role with no holder), cases,
and obligations in every status spread over the months before ``TODAY``.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from sqlalchemy import insert, select

from app.models.cases import Case
from app.models.catalogue import Duty
from app.models.obligations import Obligation
from app.services.core import clock
from app.services import staff
from app.services.storage import Database
from app.services.station import init_station

TODAY = dt.datetime(2026, 11, 20, 10, 30)

STAFF = [
    ("Rajesh Kumar Tripathi", "Inspector", "sho"),
    ("Shyam Lal", "Head Constable", "mohrir"),
    ("Kshitij Prakash", "Constable", "mohrir"),
    ("Priya Mishra", "Sub-Inspector", "io"),
    ("Trilok Singh", "Sub-Inspector", "io"),
    ("Amit Verma", "Constable", "operator"),
]


@dataclass
class Seeded:
    db: Database
    people: dict[str, int]  # role-ish key → person id (first holder of each role, by name)
    ids: dict[str, int]  # full name → id
    obligations: int


def backdate_station(db: Database, day: dt.date) -> None:
    """Say the station was set up on ``day``: documents refuse periods before the station's records begin."""
    from sqlalchemy import update

    from app.models.staff import Station

    with db.session() as s:
        s.execute(update(Station).values(created_at=dt.datetime.combine(day, dt.time(9))))


def seed_station(db: Database, *, obligations: int = 600, seed: int = 7, court_holder: bool = False,
                 overdue_share: float = 0.25) -> Seeded:
    clock.pin(TODAY)
    init_station(db, "Kotwali Nagar", "Lucknow", "LKO-01")
    backdate_station(db, dt.date(2026, 1, 1))  # set up when the roles were first given (below)
    ids: dict[str, int] = {}
    people: dict[str, int] = {}
    roster = list(STAFF) + ([("Dinesh Chandra", "Constable", "court")] if court_holder else [])
    for name, rank, role in roster:
        p = staff.add_person(db, name, rank, pno=None)
        staff.assign_role(db, p.id, role, "2026-01-01")
        ids[name] = p.id
        people.setdefault(role, p.id)
    rng = random.Random(seed)
    by_role: dict[str, list[int]] = {}
    for name, _rank, role in roster:
        by_role.setdefault(role, []).append(ids[name])
    with db.session() as s:
        duties = s.execute(select(Duty.id, Duty.role_code, Duty.form).order_by(Duty.id)).all()
        case_rows = [
            {"kind": "fir", "number": n, "year": 2026, "registered_at": TODAY - dt.timedelta(days=300 - n),
             "act": "BNS", "sections": "303(2)", "sensitive": False, "description": "", "status": "open",
             "created_at": TODAY - dt.timedelta(days=300 - n)}
            for n in range(1, 201)
        ]
        s.execute(insert(Case), case_rows)
        case_ids = list(s.scalars(select(Case.id).order_by(Case.id)))
        rows = []
        for i in range(obligations):
            duty_id, role, form = duties[rng.randrange(len(duties))]
            anchor = TODAY - dt.timedelta(days=rng.randint(0, 240), hours=rng.randint(0, 23))
            due = anchor + dt.timedelta(days=rng.choice((1, 2, 3, 7, 15, 30)))
            holders = by_role.get(role, [])
            person = rng.choice(holders) if holders else None
            roll = rng.random()
            status, entered_at, na_at = "pending", None, None
            if due < TODAY and roll > overdue_share:
                if roll < 0.9:
                    status = "entered" if roll < 0.7 else "verified"
                    entered_at = min(TODAY, due + dt.timedelta(days=rng.randint(-3, 4)))
                    entered_at = max(entered_at, anchor)
                else:
                    status, na_at = "na", min(TODAY, due)
            rows.append({
                "duty_id": duty_id, "role_code": role, "form": form, "person_id": person,
                "case_id": rng.choice(case_ids) if form else None, "event_id": None, "rule_key": "seed",
                "basis": "seeded", "period_key": None, "anchor_at": anchor, "due_at": due, "status": status,
                "cas_ref": None, "entered_by_id": person if entered_at else None, "entered_at": entered_at,
                "verified_by_id": None, "verified_at": None, "na_reason": "seed" if na_at else None,
                "na_by_id": None, "na_at": na_at, "created_at": anchor,
            })
        if rows:
            s.execute(insert(Obligation), rows)
    return Seeded(db, people, ids, obligations)


@dataclass
class SeededOnce:
    """``seed_station`` run once for a module (``seeded_once``): each test's database starts from what it left."""

    made: object  # tests/conftest.py MadeOnce
    people: dict[str, int]
    ids: dict[str, int]
    obligations: int

    def fresh(self, tmp_path):
        return self.made.fresh(tmp_path)

    def on(self, db: Database) -> Seeded:
        """What ``seed_station`` returned, for the test's ``db`` (made by ``fresh``); the clock at TODAY, as it left it."""
        clock.pin(TODAY)
        return Seeded(db, dict(self.people), dict(self.ids), self.obligations)


def seeded_once(made_once, **options) -> SeededOnce:
    """``seed_station(db, **options)`` run once (tests/conftest.py ``made_once``). In a module::

        @pytest.fixture(scope="module")
        def made(made_once):
            return seeded_once(made_once, obligations=500)

        @pytest.fixture
        def db_path(db_path, tmp_path, request, made):  # the tests that ask for ``seeded`` start from it
            return made.fresh(tmp_path) if "seeded" in request.fixturenames else db_path

        @pytest.fixture
        def seeded(db, made):
            return made.on(db)
    """
    from app.services.station import open_database

    kept: list[Seeded] = []

    def build(path) -> None:
        db = open_database(path)
        try:
            kept.append(seed_station(db, **options))
        finally:
            db.close()
            clock.pin(None)

    made = made_once(build)
    return SeededOnce(made, kept[0].people, kept[0].ids, kept[0].obligations)
