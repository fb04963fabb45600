"""Put obligations straight into a test database (through the models), for the UI tests.

The UI tests need many rows in known states (overdue, due soon, unassigned, entered …) quickly;
the obligation engine's own tests cover how events create them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from app.models.cases import Case
from app.models.catalogue import Duty
from app.models.obligations import Obligation
from app.services import staff

NOW = dt.datetime(2026, 3, 10, 10, 0)


def people(db) -> dict[str, int]:
    """An SHO, a mohrir, an IO and an operator holding their roles since 2025."""
    ids = {}
    for key, name, rank, role in (("sho", "Vikram Singh", "Inspector", "sho"),
                                  ("mohrir", "Ram Prakash", "HC", "mohrir"),
                                  ("io", "Sunita Yadav", "SI", "io"),
                                  ("operator", "Amit Kumar", "Constable", "operator")):
        p = staff.add_person(db, name, rank)
        staff.assign_role(db, p.id, role, dt.date(2025, 1, 1))
        ids[key] = p.id
    return ids


def duty_ids(db) -> dict[str, tuple[int, str, str | None]]:
    with db.session() as s:
        return {d.code: (d.id, d.role_code, d.form) for d in s.scalars(select(Duty))}


def add_case(db, number: int, year: int = 2026) -> int:
    with db.session() as s:
        c = Case(kind="fir", number=number, year=year, registered_at=NOW - dt.timedelta(days=5),
                 act="BNS", sections="303(2)", created_at=NOW)
        s.add(c)
        s.flush()
        return c.id


def add_obligations(db, specs: list[dict]) -> list[int]:
    """Each spec: code, due (datetime), person_id (None = unassigned), status, case_id, cas_ref."""
    duties = duty_ids(db)
    out = []
    with db.session() as s:
        for i, spec in enumerate(specs):
            duty_id, role, form = duties[spec.get("code", "B-2")]
            due = spec["due"]
            ob = Obligation(duty_id=duty_id, role_code=role, form=form, person_id=spec.get("person_id"),
                            case_id=spec.get("case_id"), basis=spec.get("basis", "within 24 hours of the FIR"),
                            basis_hi="", anchor_at=min(due, NOW) - dt.timedelta(days=1), due_at=due,
                            status=spec.get("status", "pending"), cas_ref=spec.get("cas_ref"),
                            period_key=spec.get("period_key"), created_at=NOW)
            s.add(ob)
            s.flush()
            out.append(ob.id)
    return out


def bulk(db, n: int, person_id: int | None, *, code: str = "D-18", start: dt.datetime = NOW) -> None:
    """``n`` pending recurring obligations, one per hour backwards from ``start`` (fast, core insert)."""
    duty_id, role, form = duty_ids(db)[code]
    rows = [dict(duty_id=duty_id, role_code=role, form=form, person_id=person_id, case_id=None, event_id=None,
                 rule_key=None, basis="daily", basis_hi="", rule_id=None, period_key=f"b{person_id}-{i}",
                 anchor_at=start - dt.timedelta(hours=i + 1), due_at=start - dt.timedelta(hours=i),
                 status="pending", created_at=NOW) for i in range(n)]
    with db.session() as s:
        s.execute(Obligation.__table__.insert(), rows)
