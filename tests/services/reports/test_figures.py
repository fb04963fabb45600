"""Issue 17, "every document is true for its moment": one set of figures per moment (``reports.figures``) —
holders of that day (transferred staff included), pending without missed, overdue, missed, awaiting
verification, age bands — and the same numbers in the checklist, the compliance and pendency reports, the
slips and ``pending --as-of``; entries owed in the past named with whoever owed them then."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from app.services import cases, obligations, reports, staff
from app.services.core import clock
from app.services.core.errors import UserError
from tests.conftest import build_with_db, starting_from
from tests.services.reports.test_clocks_section import text_of

NOW = dt.datetime(2025, 3, 5, 12, 0)


def _station(db):
    """SHO, IO and a mohrir (Asha) who is transferred on 1 March to Bharat and then marked inactive; three FIRs
    of early February whose B-2 entries Asha owed then (Bharat owes them now)."""
    from app.services.station import init_station

    clock.pin(NOW)
    init_station(db, "Kotwali Nagar", "Sitapur")
    people = {}
    for key, name, role in (("sho", "Vikram Singh", "sho"), ("io", "Sunita Yadav", "io"), ("asha", "Asha Verma", "mohrir")):
        p = staff.add_person(db, name, "SI")
        staff.assign_role(db, p.id, role, dt.date(2025, 1, 1))
        people[key] = p.id
    people["bharat"] = staff.add_person(db, "Bharat Lal", "HC").id
    firs = [cases.add_case(db, "fir", registered_at=dt.datetime(2025, 2, 1 + i, 10), number=f"{1 + i}/2025",
                           act="BNS", sections="303(2)", io_person_id=people["io"]) for i in range(3)]
    staff.transfer(db, people["asha"], people["bharat"], "2025-03-01")
    staff.update_person(db, people["asha"], active=False)
    return people, firs


made, db_path = starting_from("station", lambda made_once: made_once(build_with_db(_station)))


@pytest.fixture
def station(db, made):
    """The station set up once for the module (each test its own copy), the clock at NOW."""
    clock.pin(NOW)
    people, firs = made.value
    return db, dict(people), firs


def _b2(db, case_id) -> int:
    return next(r.id for r in obligations.query(db, obligations.ObligationFilter(case_id=case_id))
                if r.duty_code == "B-2")


def test_a_past_day_names_its_holders_and_who_owed_each_entry_then(station):
    db, p, firs = station
    past = reports.station_figures(db, dt.date(2025, 2, 15))
    assert past.moment == dt.datetime.combine(dt.date(2025, 2, 15), dt.time.max) and not past.live
    assert [h.name for h in past.role("mohrir").holders] == ["Asha Verma"]  # transferred and inactive since
    now = reports.station_figures(db)
    assert now.live and [h.name for h in now.role("mohrir").holders] == ["Bharat Lal"]

    rows = obligations.query(db, obligations.ObligationFilter(role="mohrir", as_of=dt.date(2025, 2, 15)))
    assert rows and {r.person for r in rows} == {"Asha Verma"}  # not today's holder
    assert {r.person for r in obligations.query(db, obligations.ObligationFilter(role="mohrir"))} == {"Bharat Lal"}
    with db.session() as s:
        who = {x.name: x for x in reports.persons_at(s, dt.date(2025, 2, 15))}
        assert who["Asha Verma"].pending == past.role("mohrir").pending and "Bharat Lal" not in who
        late = obligations.overdue_by_person(s, obligations.as_of_moment(dt.date(2025, 2, 15)))
        assert "Asha Verma" in {x.name for x in late} and "Bharat Lal" not in {x.name for x in late}
        assert [h.name for h in obligations.role_holders(s, dt.date(2025, 2, 15))[1].holders] == ["Asha Verma"]
        spans = reports.holders_in_period(s, dt.date(2025, 2, 1), dt.date(2025, 3, 5))["mohrir"]
    assert [(h.name, h.from_date, h.to_date) for h in spans] == [
        ("Asha Verma", dt.date(2025, 1, 1), dt.date(2025, 2, 28)), ("Bharat Lal", dt.date(2025, 3, 1), None)]

    data = reports.checklist_data(db, as_of=dt.date(2025, 2, 15))
    assert [h.name for r in data.roles if r.role == "mohrir" for h in r.holders] == ["Asha Verma"]
    oldest = next(d.oldest for d in data.duties if d.code == "B-2")
    assert oldest.person == "Asha Verma"


def test_figures_count_pending_overdue_verification_and_age(station):
    db, p, firs = station
    b2 = [_b2(db, c.case.id) for c in firs]
    clock.pin(dt.datetime(2025, 2, 10, 9))
    obligations.mark_entered(db, [b2[0]], "IIF1-1", by_person_id=p["asha"])
    clock.pin(dt.datetime(2025, 2, 20, 9))
    obligations.verify(db, [b2[0]], by_person_id=p["sho"])
    clock.pin(NOW)

    def fig(day):
        return reports.station_figures(db, day)

    f15, f25 = fig(dt.date(2025, 2, 15)), fig(dt.date(2025, 2, 25))
    assert f15.totals.awaiting_verification == 1 and f25.totals.awaiting_verification == 0
    assert f15.role("mohrir").awaiting_verification == 1
    # the other two B-2 entries (FIRs of 2 and 3 February, due 24 h later) were pending and overdue on the 15th,
    # 12 and 13 days old: the 8-30 band
    m = f15.role("mohrir")
    assert (m.pending, m.overdue, m.bands.d8_30) == (2, 2, 2)
    for f in (f15, f25, fig(None)):
        assert f.totals.bands.total == f.totals.pending == sum(r.pending for r in f.roles)
        assert f.totals.overdue == sum(r.overdue for r in f.roles) <= f.totals.pending
        listed = obligations.query(db, obligations.ObligationFilter(as_of=None if f.live else f.moment.date()))
        assert len(listed) == f.totals.pending and sum(r.overdue for r in listed) == f.totals.overdue
    with pytest.raises(UserError):
        reports.station_figures(db, dt.date(2025, 3, 6))  # tomorrow is not known yet


def test_a_period_s_figures_add_up_and_answer_partly(station):
    db, p, firs = station
    data = reports.compliance_data(db, "2025-02-01", "2025-02-28")
    period = data.period
    assert period.end.moment == dt.datetime.combine(dt.date(2025, 2, 28), dt.time.max)
    assert period.previous.moment == dt.datetime.combine(dt.date(2025, 1, 31), dt.time.max)
    t = period.due_total
    assert t.due == t.on_time + t.late + t.pending + t.missed + t.na > 0
    assert [h.name for h in period.holders["mohrir"]] == ["Asha Verma"]
    assert period.vacant_days == {"sho": 0, "mohrir": 0, "io": 0, "operator": 28, "court": 28}
    assert data.allocation_answer == "no"  # two roles nobody held all month
    js = reports.compliance_json(data)
    assert js["totals"]["pending"] == period.end.totals.pending and js["moment"].startswith("2025-02-28T23:59:59")
    assert {r["role"]: r["holders"] for r in js["roles"]}["mohrir"] == ["Asha Verma"]

    for role in ("operator", "court"):
        staff.assign_role(db, staff.add_person(db, role.title(), "HC").id, role, dt.date(2025, 2, 10))
    data = reports.compliance_data(db, "2025-02-01", "2025-02-28")
    assert data.period.vacant_days["operator"] == 9 and data.allocation_answer == "partly"  # and entries overdue
    buf = io.BytesIO()  # the body's words, read back from the PDF
    reports.build_compliance(db, buf, date_from="2025-02-01", date_to="2025-02-28", lang="en", data=data)
    text = " ".join(text_of(buf).split())
    assert "Only in part." in text and "Roles held by nobody for part of the period:" in text and "(9 days)" in text


def test_json_without_out_prints_the_figures_and_writes_nothing(station, db_path, tmp_path, capsys):
    """``--json`` alone prints the figures (no PDF); neither ``--out`` nor ``--json`` is refused with exit 2."""
    import json

    from app.cli import main

    db, p, firs = station
    d = ("--db", str(db_path))
    for argv in (("checklist", "--as-of", "2025-02-15"), ("report", "pendency", "--from", "2025-02-01", "--to",
                                                            "2025-02-15"),
                 ("report", "compliance", "--from", "2025-02-01", "--to", "2025-02-15"),
                 ("slip", "--person", str(p["bharat"]))):
        assert main([*argv, *d]) == 2
        assert "--out FILE.pdf" in capsys.readouterr().err
        assert main([*argv, "--json", *d]) == 0
        out = json.loads(capsys.readouterr().out)
        assert "path" not in out and {"moment", "totals", "roles"} <= set(out)
        assert set(out["totals"]) >= {"pending", "overdue", "missed", "awaiting_verification"}
        if argv[0] != "slip":
            assert out["moment"] == "2025-02-15T23:59:59.999999"
            assert {r["role"]: r["holders"] for r in out["roles"]}["mohrir"] == ["Asha Verma"]
    assert not list(tmp_path.glob("*.pdf"))


def test_pending_as_of_for_a_person_lists_what_he_owed_then(station):
    """``pending --as-of D --person P`` is what P owed at the end of D (the owners the rows are named with)."""
    db, p, firs = station
    day = dt.date(2025, 2, 15)

    def listed(**kw):
        return obligations.query(db, obligations.ObligationFilter(as_of=day, **kw))

    asha, bharat = listed(person_id=p["asha"]), listed(person_id=p["bharat"])
    assert asha and {r.person for r in asha} == {"Asha Verma"} and bharat == []
    assert len(asha) == reports.station_figures(db, day).role("mohrir").pending
    assert listed(unassigned=True) == []
    assert len(obligations.query(db, obligations.ObligationFilter(person_id=p["bharat"]))) == len(asha)  # now
    assert obligations.count(db, obligations.ObligationFilter(as_of=day, person_id=p["asha"])) == len(asha)


def test_entries_of_a_vacancy_were_nobody_s_then(db):
    """An FIR registered while nobody held the mohrir's role: its B-2 entry was nobody's until the new mohrir
    took the backlog, though he owes it now; the figures, the checklist and ``pending --as-of --unassigned``
    say so for a day of the vacancy."""
    from app.services.station import init_station

    clock.pin(NOW)
    init_station(db, "Kotwali Nagar", "Sitapur")
    old = staff.add_person(db, "Old Mohrir", "HC").id
    staff.assign_role(db, old, "mohrir", dt.date(2025, 1, 1), dt.date(2025, 2, 10))
    io = staff.add_person(db, "Sunita Yadav", "SI").id
    staff.assign_role(db, io, "io", dt.date(2025, 1, 1))
    fir = cases.add_case(db, "fir", registered_at=dt.datetime(2025, 2, 12, 10), number="7/2025", act="BNS",
                         sections="303(2)", io_person_id=io)
    b2 = _b2(db, fir.case.id)
    new = staff.add_person(db, "New Mohrir", "HC").id
    staff.assign_role_with_backlog(db, new, "mohrir", dt.date(2025, 2, 20))
    assert obligations.get(db, b2).person_id == new  # he owes it now

    day = dt.date(2025, 2, 15)
    f = reports.station_figures(db, day)
    assert f.role("mohrir").holders == [] and f.role("mohrir").unassigned == f.role("mohrir").pending >= 1
    listed = obligations.query(db, obligations.ObligationFilter(as_of=day, unassigned=True, role="mohrir"))
    assert b2 in {r.id for r in listed} and {r.person for r in listed} == {None}
    assert next(d for d in reports.checklist_data(db, as_of=day).duties if d.code == "B-2").unassigned >= 1
    with db.session() as s:
        assert next(p for p in reports.persons_at(s, day) if p.person_id is None).pending == f.totals.unassigned
    after = reports.station_figures(db, dt.date(2025, 2, 25))
    assert after.role("mohrir").unassigned == 0 and [h.name for h in after.role("mohrir").holders] == ["New Mohrir"]
