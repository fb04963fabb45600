"""The inspection checklist of issue 17: the summary by role and age on the first pages, the per-person lists
as an annex, A-2's verification backlog, the statutory clocks' place, the CAS sample (random at printing, the
same on a visit's reprint), ruled space for directions, a wide remarks column, and a reprint that is wholly
worked out for the visit's moment."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from sqlalchemy import insert, select

from app.models.audit import AuditEntry
from app.models.cases import Case, Event
from app.models.catalogue import Duty
from app.models.obligations import Obligation
from app.services import inspections
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.reports import build_checklist, checklist_data
from app.services.reports.cas_sample import RECENT_DAYS, draw_sample
from app.services.reports.checklist import _widths
from tests.services.report_seed import TODAY, seeded_once
from tests.conftest import starting_from
from tests.pdf_text import page_texts

pytestmark = pytest.mark.slow


made, db_path = starting_from("seeded", lambda made_once: seeded_once(made_once, obligations=500))


@pytest.fixture
def seeded(db, made):
    return made.on(db)


def _text(buf_or_path) -> list[str]:
    return page_texts(buf_or_path)  # PDFium's text: a table row's cells on one line


def _build(db, **kw):
    buf = io.BytesIO()
    result = build_checklist(db, buf, lang=kw.pop("lang", "en"), **kw)
    return result, _text(buf)


def _events(db, kind: str, count: int, *, days_ago: int = 3):
    """``count`` events of ``kind`` on the seeded FIRs, ``days_ago`` days before today, each with its CAS entry."""
    with db.session() as s:
        duty = s.scalar(select(Duty).where(Duty.form == {"arrest": "IIF-3", "seizure": "IIF-4"}[kind]))
        cases = list(s.scalars(select(Case.id).order_by(Case.id).limit(count)))
        for i, cid in enumerate(cases):
            at = TODAY - dt.timedelta(days=days_ago, hours=i)
            eid = s.execute(insert(Event).values(case_id=cid, kind=kind, occurred_at=at, details="{}",
                                                 created_at=at).returning(Event.id)).scalar_one()
            s.execute(insert(Obligation).values(
                duty_id=duty.id, role_code=duty.role_code, form=duty.form, case_id=cid, event_id=eid, rule_key="t",
                basis="", anchor_at=at, due_at=at + dt.timedelta(days=1), status="entered" if i % 2 else "pending",
                entered_at=at + dt.timedelta(hours=5) if i % 2 else None, cas_ref=f"REF-{i}" if i % 2 else None,
                created_at=at))


# --- 1. the summary by role and age; the annex --------------------------------------------------


def test_summary_by_role_and_age_is_on_the_first_page_and_adds_up(db, seeded):
    result, pages = _build(db, sample_size=0)
    data = checklist_data(db, per_person_limit=0)
    f = data.figures
    assert f.totals.pending == sum(d.pending for d in data.duties) > 0
    assert f.totals.bands.total == f.totals.pending  # the bands split the pending stock
    for r in f.roles:
        assert r.bands.total == r.pending
    first = pages[0]
    assert "Summary by role" in first and "0–7" in first and "31–90" in first and "Awaiting" in first
    after = first.split("\nTotal ", 1)[1].split()  # the row's cells
    numbers = [int(x.replace(",", "")) for x in after[:9]]
    t = f.totals
    assert numbers == [t.pending, *t.bands.values(), t.overdue, t.missed, t.unassigned, t.awaiting_verification]
    whole = "\n".join(pages)
    assert "Annex" not in whole and "Overdue entries per person" not in whole


def test_the_per_person_lists_are_an_annex_the_user_chooses(db, seeded):
    short, short_pages = _build(db, sample_size=0)
    oldest, oldest_pages = _build(db, sample_size=0, annex="oldest")
    every, every_pages = _build(db, sample_size=0, annex="all")
    assert short.pages < oldest.pages <= every.pages
    text = "\n".join(every_pages)
    annex_at = text.index("Annex: overdue entries per person")
    assert annex_at > text.index("Signature of the inspecting officer")  # after the checklist proper
    data = checklist_data(db, per_person_limit=None)
    assert sum(len(p.items) for p in data.overdue) == data.figures.totals.overdue
    assert "Every overdue entry" in text
    assert "The oldest 15 overdue entries of each person" in "\n".join(oldest_pages)
    with pytest.raises(UserError, match="Unknown annex"):
        build_checklist(db, io.BytesIO(), lang="en", annex="some")


# --- 2. A-2: the verification backlog -----------------------------------------------------------


def test_a2_shows_the_verification_backlog(db, seeded):
    data = checklist_data(db, per_person_limit=0)
    backlog = data.figures.totals.awaiting_verification
    with db.session() as s:
        assert backlog == len(s.scalars(select(Obligation.id).where(Obligation.status == "entered")).all()) > 0
    _result, pages = _build(db, sample_size=0)
    text = "\n".join(pages)
    a2 = text[text.index("\nA-2 "):text.index("\nA-3 ")]
    assert f"{backlog:,} entries made in CAS await verification" in " ".join(a2.split())


# --- 3. the statutory clocks' place; 5. directions and remarks ----------------------------------


def test_order_clocks_after_the_summary_then_sample_duties_directions_signatures(db, seeded):
    _events(db, "arrest", 3)
    _result, pages = _build(db, annex="oldest")
    text = "\n".join(pages)
    order = ["Summary by role", "Statutory clocks", "Sample for verification in CAS", "(a) Station in-charge",
             "(e) Dak munshi", "Directions of the inspecting officer", "Signature of the inspecting officer",
             "Annex: overdue entries per person"]
    at = 0
    for heading in order:  # each after the one before ("(a) Station in-charge" also names a row of the summary)
        at = text.index(heading, at + 1)


def test_remarks_column_is_wide_enough_to_write_in():
    from reportlab.lib.units import mm

    assert _widths(False)[-1] >= 45 * mm and abs(sum(_widths(False)) - 180 * mm) < 0.01
    assert _widths(True)[-1] >= 70 * mm and abs(sum(_widths(True)) - 267 * mm) < 0.01


def test_directions_have_ruled_lines(db, seeded):
    from reportlab.platypus import Table

    from app.services.reports.checklist import DIRECTION_LINES, directions_section
    from app.services.reports.common import DocLang

    (block,) = directions_section(DocLang("hi"), 500)  # kept together: heading, note and lines on one page
    lines = [f for f in block._content if isinstance(f, Table)][0]
    assert len(lines._cellvalues) == DIRECTION_LINES >= 10
    assert any(cmd[0] == "LINEBELOW" for cmd in lines._linecmds)


# --- 4. the CAS sample ---------------------------------------------------------------------------


def test_sample_is_random_within_the_recent_window_and_says_what_to_look_up(db, seeded):
    _events(db, "arrest", 8)
    _events(db, "seizure", 2)
    _events(db, "arrest", 4, days_ago=RECENT_DAYS + 5)  # too old to be drawn
    with db.session() as s:
        a = draw_sample(s, clock.now(), 5, seed=1)
        b = draw_sample(s, clock.now(), 5, seed=1)
        seeds = {tuple((r.kind, r.case_id, r.occurred_at) for r in draw_sample(s, clock.now(), 5, seed=n).rows)
                 for n in range(2, 12)}
    assert a.rows == b.rows  # the seed decides the draw
    assert len(seeds) > 1  # and different seeds draw differently
    kinds = [r.kind for r in a.rows]
    assert kinds.count("fir") <= 5 and kinds.count("arrest") == 5 and kinds.count("seizure") == 2
    assert a.pool["arrest"] == 8 and a.pool["seizure"] == 2
    since = clock.now() - dt.timedelta(days=RECENT_DAYS)
    assert all(since < r.occurred_at <= clock.now() for r in a.rows)
    forms = {r.kind: r.form for r in a.rows}
    assert forms["arrest"] == "IIF-3" and forms["seizure"] == "IIF-4"
    made = [r for r in a.rows if r.status == "entered"]
    assert made and all(r.cas_ref and r.entered_at for r in made)
    _result, pages = _build(db, sample_size=5)
    text = " ".join("\n".join(pages).split())
    assert "Sample for verification in CAS" in text and "Found in CAS" in text and "IIF-3" in text
    assert "Fewer than 5 were recorded of: FIR registered, Seizure (all of them are listed)" in text
    _result, pages = _build(db, sample_size=0)
    assert "Sample for verification" not in "\n".join(pages)


def test_sample_size_is_checked():
    from app.services.reports import check_sample_size

    assert check_sample_size(None) == 5 and check_sample_size("0") == 0 and check_sample_size(50) == 50
    for bad in (-1, 51, "x", "2.5", True):
        with pytest.raises(UserError):
            check_sample_size(bad)


def test_a_visit_keeps_its_sample_and_every_reprint_lists_it(db, seeded):
    _events(db, "arrest", 10)
    _events(db, "seizure", 10)
    v = inspections.record_inspection(db, visit_date=TODAY.date(), officer_name="B. Rao", officer_rank="sp")
    assert not inspections.get_inspection(db, v.id).info.sample_kept
    _r, first = _build(db, inspection_id=v.id, sample_size=3)
    assert inspections.get_inspection(db, v.id).info.sample_kept
    with db.session() as s:
        kept = inspections.kept_cas_sample(s, v.id)
        audit_rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "inspection.cas_sample")).all()
    assert len(kept["rows"]) == 6 and len(audit_rows) == 1  # 3 arrests, 3 seizures; no FIR is that recent
    assert json.loads(audit_rows[0].after)["seed"] == kept["seed"]

    def sample_part(pages):
        text = "\n".join(pages)
        return text[text.index("Sample for verification"):text.index("For each duty")]

    # later: a case edited in the app, another size asked for — the reprint repeats the rows as first printed
    with db.session() as s:
        for ob in s.scalars(select(Obligation).where(Obligation.form.in_(("IIF-3", "IIF-4")))):
            ob.status, ob.entered_at, ob.cas_ref = "entered", TODAY, "LATER"
    for size in (3, 7):
        _r, again = _build(db, inspection_id=v.id, sample_size=size)
        assert sample_part(again).split("printed (")[0] == sample_part(first).split("printed (")[0]
        assert "A reprint: the same sample" in sample_part(again)
    assert "LATER" not in sample_part(again)
    assert "Kept with the visit" in sample_part(first)
    # the first kept stays: a second keep returns it unchanged, with no audit row
    other = dict(kept, seed=kept["seed"] + 1, rows=[])
    assert inspections.keep_cas_sample(db, v.id, other) == kept
    with db.session() as s:
        assert len(s.scalars(select(AuditEntry).where(AuditEntry.action == "inspection.cas_sample")).all()) == 1
    # a checklist without a visit draws afresh each time
    with db.session() as s:
        assert draw_sample(s, clock.now(), 3).seed != draw_sample(s, clock.now(), 3).seed


# --- 6. a visit's reprint: wholly worked out for its moment --------------------------------------


def test_a_reprint_after_back_dated_entries_is_consistent_and_says_so(db, seeded):
    v = inspections.record_inspection(db, visit_date=(TODAY - dt.timedelta(days=2)).date(),
                                      officer_name="B. Rao", officer_rank="co")
    recorded = inspections.get_inspection(db, v.id).snapshot
    # entries recorded after the visit with dates before it (back-dated): 23 overdue at the visit
    with db.session() as s:
        duty = s.scalar(select(Duty).where(Duty.code == "C-4"))
        person = seeded.ids["Priya Mishra"]
        for i in range(23):
            at = TODAY - dt.timedelta(days=40 + i)
            s.execute(insert(Obligation).values(
                duty_id=duty.id, role_code=duty.role_code, form=duty.form, person_id=person, rule_key="t", basis="",
                anchor_at=at, due_at=at + dt.timedelta(days=10), status="pending", created_at=TODAY))
    data = checklist_data(db, inspection_id=v.id, per_person_limit=None)
    f = data.figures
    assert f.totals.pending == recorded["total_pending"] + 23 and f.totals.overdue == recorded["total_overdue"] + 23
    # one moment for everything: duty rows, roles, bands and the per-person lists agree
    assert sum(d.pending for d in data.duties) == f.totals.pending == f.totals.bands.total
    assert sum(d.overdue for d in data.duties) == f.totals.overdue
    assert sum(p.overdue for p in data.overdue) == f.totals.overdue == sum(len(p.items) for p in data.overdue)
    for r in f.roles:
        assert r.pending == sum(d.pending for d in data.duties if d.role == r.role)
    _result, pages = _build(db, inspection_id=v.id, annex="all")
    text = "\n".join(pages)
    assert "Everything current" in text
    assert (f"Recorded at the visit: {recorded['total_pending']:,} pending, {recorded['total_overdue']:,} overdue; "
            f"worked out now: {f.totals.pending:,} pending") in " ".join(text.split())


def test_a2_without_entries_of_its_own_prints_the_backlog_in_its_pending_column(db, seeded):
    with db.session() as s:
        a2 = s.scalar(select(Duty.id).where(Duty.code == "A-2"))
        s.query(Obligation).filter(Obligation.duty_id == a2).delete()
    backlog = checklist_data(db, per_person_limit=0).figures.totals.awaiting_verification
    _result, pages = _build(db, sample_size=0)
    text = "\n".join(pages)
    row = text[text.index("\nA-2 "):text.index("\nA-3 ")]
    assert f"staff)\n{backlog:,} – {backlog:,} entries made in" in row  # pending column: the backlog


def test_a_read_only_database_prints_the_visit_with_a_sample_it_does_not_keep(db, db_path, seeded):
    from app.services.station import open_database

    _events(db, "arrest", 4)
    v = inspections.record_inspection(db, visit_date=TODAY.date(), officer_name="B. Rao", officer_rank="sp")
    db.close()
    ro = open_database(db_path, readonly=True)
    try:
        _r, pages = _build(ro, inspection_id=v.id, sample_size=2)
        assert "Not kept with the visit (the database is open read-only)" in " ".join("\n".join(pages).split())
        assert not inspections.get_inspection(ro, v.id).info.sample_kept
    finally:
        ro.close()
