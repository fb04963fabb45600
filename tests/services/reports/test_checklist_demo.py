"""The inspection checklist of issue 17 on a demo station (one year, its two recorded visits): the summary by role
and age adds up to the station's figures, the per-person lists only in an annex, A-2's verification backlog, the
sections' order, a CAS sample drawn from the demo's recent FIRs, arrests and seizures and repeated on a visit's
reprint, and a reprint after back-dated entries wholly worked out for the visit's moment."""

from __future__ import annotations

import datetime as dt
import io
import shutil

import pytest
from sqlalchemy import insert, select

from app.models.cases import Case, Event
from app.models.catalogue import Duty
from app.models.obligations import Obligation
from app.services import inspections, reports
from app.services.core import clock
from app.services.reports import build_checklist, checklist_data
from app.services.reports.cas_sample import FORMS, RECENT_DAYS
from app.services.station import open_database
from tests.pdf_text import page_texts

pytestmark = [pytest.mark.sqlite_only("the demo station is built as an SQLite file"), pytest.mark.slow]

NOW = dt.datetime(2026, 3, 10, 11, 0)


@pytest.fixture(scope="module")
def demo(one_year_demo):
    return one_year_demo(7, NOW)


@pytest.fixture
def db(demo, tmp_path):
    copy = tmp_path / "demo.sqlite3"
    shutil.copyfile(demo, copy)  # each test writes (samples kept, entries back-dated): its own copy
    clock.pin(NOW)
    database = open_database(copy)
    yield database
    database.close()
    clock.pin(None)


def _pages(db, **kw) -> tuple[int, str]:
    buf = io.BytesIO()
    result = build_checklist(db, buf, lang=kw.pop("lang", "en"), **kw)
    pages = page_texts(buf)  # (PDFium: a 170-page annex read in a tenth of a second, where pypdf took seconds)
    assert len(pages) == result.pages
    return result.pages, "\n".join(pages)


def test_summary_annex_backlog_and_order_on_the_demo(db):
    data = checklist_data(db, per_person_limit=0)
    f = reports.station_figures(db)
    assert data.figures.totals.counts() == f.totals.counts() and f.totals.pending > 0
    assert f.totals.awaiting_verification > 0
    short, text = _pages(db)
    first = text[:text.index("Page 1 of")]
    numbers = [int(x.replace(",", "")) for x in first.split("\nTotal ", 1)[1].split()[:9]]
    t = f.totals
    assert numbers == [t.pending, *t.bands.values(), t.overdue, t.missed, t.unassigned, t.awaiting_verification]
    flat = " ".join(text.split())
    assert f"{t.awaiting_verification:,} entries made in CAS await verification" in flat
    assert "Annex" not in text
    at = 0
    for heading in ("Summary by role", "Statutory clocks", "Sample for verification in CAS", "(a) Station in-charge",
                    "(e) Dak munshi", "Directions of the inspecting officer", "Signature of the inspecting officer"):
        at = text.index(heading, at + 1)
    longer, text = _pages(db, annex="all")
    assert longer > short and text.index("Annex: overdue entries per person") > at
    every = checklist_data(db, per_person_limit=None)
    assert sum(len(p.items) for p in every.overdue) == t.overdue


def test_the_sample_is_drawn_from_the_demos_recent_records(db):
    with db.session() as s:
        since = NOW - dt.timedelta(days=RECENT_DAYS)
        firs = set(s.scalars(select(Case.id).where(Case.kind == "fir", Case.registered_at > since)))
        events = {kind: set(s.scalars(select(Event.id).where(Event.kind == kind, Event.occurred_at > since)))
                  for kind in ("arrest", "seizure")}
    assert firs and events["arrest"] and events["seizure"]  # the demo records all three kinds
    data = checklist_data(db, per_person_limit=0, sample_size=4)
    rows = data.sample.rows
    assert [r.kind for r in rows].count("fir") == min(4, len(firs))
    for r in rows:
        assert since < r.occurred_at <= NOW and r.form == FORMS[r.kind]
        if r.kind == "fir":
            assert r.case_id in firs
        with db.session() as s:
            ob = s.get(Obligation, r.obligation_id)
            assert ob.case_id == r.case_id and ob.form == r.form and ob.status == r.status
            if r.kind != "fir":
                assert ob.event_id in events[r.kind]


def test_a_demo_visits_reprint_repeats_its_sample_and_is_consistent(db):
    visit = inspections.list_inspections(db)[0]  # the demo's latest recorded visit
    recorded = inspections.get_inspection(db, visit.id).snapshot
    _n, first = _pages(db, inspection_id=visit.id, sample_size=3)
    assert inspections.get_inspection(db, visit.id).info.sample_kept
    before = checklist_data(db, inspection_id=visit.id, per_person_limit=0).figures.totals
    # (the demo's own history already differs a little from what its visit recorded: that is what the note says)
    # after the visit, entries recorded with dates before it (back-dated)
    with db.session() as s:
        duty = s.scalar(select(Duty).where(Duty.code == "B-1"))
        for i in range(23):
            at = visit.snapshot_at - dt.timedelta(days=20 + i)
            s.execute(insert(Obligation).values(
                duty_id=duty.id, role_code=duty.role_code, form=duty.form, person_id=None, rule_key="t", basis="",
                anchor_at=at, due_at=at + dt.timedelta(days=1), status="pending", created_at=NOW))
    data = checklist_data(db, inspection_id=visit.id, per_person_limit=None)
    t = data.figures.totals
    assert t.pending == before.pending + 23 and t.overdue == before.overdue + 23
    assert sum(d.pending for d in data.duties) == t.pending and sum(d.overdue for d in data.duties) == t.overdue
    assert sum(p.overdue for p in data.overdue) == t.overdue == sum(len(p.items) for p in data.overdue)
    _n, again = _pages(db, inspection_id=visit.id, sample_size=3, annex="all")

    def sample(text):
        part = text[text.index("Sample for verification"):]
        return part[part.index("No."):part.index("For each duty")]

    assert sample(again) == sample(first)
    flat = " ".join(again.split())
    assert "Everything current" in flat and "A reprint: the same sample" in flat
    assert (f"Recorded at the visit: {recorded['total_pending']:,} pending, {recorded['total_overdue']:,} overdue; "
            f"worked out now: {t.pending:,} pending, {t.overdue:,} overdue.") in flat
