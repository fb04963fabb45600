"""Report queries against a brute-force count, and every printed document checked by machine.

Hindi cannot be checked by text extraction (shaped text does not round-trip out of a PDF): those
pages are looked at (``bench/report_samples.py`` renders them); here the PDFs are checked for page
count, embedded fonts only, Latin text, structure and "Page 1 of N".
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from app.services import obligations
from app.models.obligations import Obligation
from app.services import inspections
from app.services.core import clock
from app.services.core.errors import UserError
from app.services import reports
from app.services.reports import build_checklist
from app.services.reports import build_compliance
from app.services.reports import build_pendency

from tests.services.report_seed import TODAY, seed_station, seeded_once
from tests.conftest import starting_from
from tests.pdf_text import page_texts


made, db_path = starting_from("seeded", lambda made_once: seeded_once(made_once, obligations=500))


@pytest.fixture
def seeded(db, made):
    return made.on(db)


def _all(db):
    with db.session() as s:
        return s.scalars(select(Obligation)).all()


def _closed_at(o):
    if o.status in ("entered", "verified"):
        return o.entered_at
    if o.status == "na":
        return o.na_at
    if o.status == "missed":
        return o.due_at
    return None


def _open_at(o, t):
    c = _closed_at(o)
    return o.anchor_at <= t and (c is None or c > t)


# --- queries ------------------------------------------------------------------------------------


def test_duty_pendency_matches_a_brute_force_count_now_and_in_the_past(db, seeded):
    obs = _all(db)
    now = queries_now = TODAY
    with db.session() as s:
        live = obligations.duty_pendency(s)
        past_t = dt.datetime(2026, 8, 1, 12, 0)
        past = obligations.duty_pendency(s, past_t)
    assert len(live) == 69 and [d.code for d in live[:2]] == ["A-1", "A-2"] and live[-1].code == "E-9"
    for rows, t, is_open in ((live, queries_now, lambda o: o.status == "pending"),
                             (past, past_t, lambda o: _open_at(o, past_t))):
        for d in rows:
            mine = [o for o in obs if o.duty_id == d.duty_id and is_open(o)]
            assert d.pending == len(mine)
            assert d.overdue == sum(1 for o in mine if o.due_at < t)
            assert d.unassigned == sum(1 for o in mine if o.person_id is None)
            if mine:
                first = min(mine, key=lambda o: (o.due_at, o.id))
                assert d.oldest.obligation_id == first.id
            else:
                assert d.oldest is None
    assert sum(d.pending for d in past) != sum(d.pending for d in live)
    del now


def test_overdue_by_person_orders_and_limits(db, seeded):
    obs = _all(db)
    with db.session() as s:
        people = obligations.overdue_by_person(s, per_person_limit=3)
    named = [p for p in people if p.person_id is not None]
    assert [p.overdue for p in named] == sorted((p.overdue for p in named), reverse=True)
    assert people[-1].person_id is None  # the court role has no holder in the seed
    for p in people:
        mine = sorted((o for o in obs if o.person_id == p.person_id and o.status == "pending" and o.due_at < TODAY),
                      key=lambda o: (o.due_at, o.id))
        assert p.overdue == len(mine)
        assert [i.obligation_id for i in p.items] == [o.id for o in mine[:3]]


def test_pendency_balances_for_every_duty(db, seeded):
    obs = _all(db)
    start, end = dt.date(2026, 9, 1), dt.date(2026, 10, 31)
    t0, t1 = dt.datetime(2026, 9, 1), dt.datetime(2026, 11, 1)
    with db.session() as s:
        flows = obligations.pendency(s, start, end)
    assert sum(f.arisen for f in flows) > 0 and sum(f.disposed for f in flows) > 0
    for f in flows:
        assert f.opening + f.arisen - f.disposed - f.missed == f.closing, f.code
        mine = [o for o in obs if o.duty_id == f.duty_id]
        assert f.arisen == sum(1 for o in mine if t0 <= o.anchor_at < t1)
        assert f.closing == sum(1 for o in mine if o.anchor_at < t1 and (_closed_at(o) is None or _closed_at(o) >= t1))


def test_role_form_stats_add_up(db, seeded):
    obs = _all(db)
    with db.session() as s:
        stats = obligations.role_form_stats(s, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    due = [o for o in obs if dt.datetime(2026, 10, 1) <= o.due_at < dt.datetime(2026, 11, 1)]
    assert sum(x.due for x in stats) == len(due)
    assert sum(x.pending for x in stats) == sum(1 for o in due if o.status == "pending")
    for x in stats:
        assert x.on_time + x.late + x.pending + x.not_applicable <= x.due


# --- documents ----------------------------------------------------------------------------------


def _facts(path):
    reader = PdfReader(path)
    embedded, bare = set(), set()
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            desc = font.get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            name = str(font["/BaseFont"]).split("+")[-1]
            (embedded if any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")) else bare).add(name)
    return reader, embedded, bare, page_texts(path)  # PDFium's text: a fraction of pypdf's time


def _check_common(path, pages, *, landscape=False, half=False):
    reader, embedded, bare, texts = _facts(path)
    assert len(reader.pages) == pages
    assert embedded == {"NotoSansDevanagari-Regular", "NotoSansDevanagari-Bold"} or \
        embedded == {"NotoSansDevanagari-Regular"}
    assert bare == set()
    box = reader.pages[0].mediabox
    w, h = float(box.width), float(box.height)
    if half:
        assert (round(w), round(h)) == (595, 420)  # A5 landscape: half an A4 sheet
    elif landscape:
        assert w > h
    else:
        assert (round(w), round(h)) == (595, 842)
    return texts


def test_checklist_english_structure(db, seeded, tmp_path):
    v = inspections.record_inspection(db, visit_date="2026-10-15", officer_name="Kshama Tripathi", officer_rank="co")
    inspections.add_instruction(db, v.id, person_id=seeded.ids["Shyam Lal"], text="Update the crime register",
                        due="2026-10-25")
    out = tmp_path / "checklist.pdf"
    result = build_checklist(db, out, lang="en", annex="oldest")
    assert result.path == out and result.pages >= 3
    texts = _check_common(out, result.pages)
    whole = "\n".join(texts)
    flat = " ".join(whole.split())  # a duty name may wrap in its column
    for heading in ("Inspection checklist", "Summary by role", "(a) Station in-charge", "(b) Constable",
                    "(c) Investigating officer", "(d) Computer operator", "(e) Dak munshi",
                    "Annex: overdue entries per person", "Instructions of the previous visit",
                    "Signature of the station in-charge", "Signature of the inspecting officer",
                    "Update the crime register", "Kotwali Nagar", "Comment on the General Diary"):
        assert heading in flat, heading
    assert whole.index("(a) Station") < whole.index("(b) Constable") < whole.index("(e) Dak munshi")
    assert f"Page 1 of {result.pages}" in texts[0]
    assert f"Page {result.pages} of {result.pages}" in texts[-1]
    for page in texts:
        assert "Audit #" in page and "Allocation letter no." in page and "dated 19.11.2018" in page
    assert "20 November 2026" in texts[0]  # the date, through Babel
    assert "NOBODY" in whole  # the court role has no holder


def test_checklist_for_a_visit_is_the_state_at_the_visit(db, seeded, tmp_path):
    v = inspections.record_inspection(db, visit_date=TODAY.date(), officer_name="B. Rao", officer_rank="sp",
                              surprise=True)
    with db.session() as s:
        for ob in s.scalars(select(Obligation).where(Obligation.status == "pending")):
            ob.status, ob.entered_at = "entered", TODAY + dt.timedelta(minutes=5)
    clock.pin(TODAY + dt.timedelta(hours=1))  # printed an hour after the visit
    from app.services.reports import checklist_data

    data = checklist_data(db, inspection_id=v.id)
    snap = inspections.get_inspection(db, v.id).snapshot
    # entered after the visit: still pending at its moment, in every figure alike
    assert sum(d.pending for d in data.duties) == data.figures.totals.pending == snap["total_pending"] > 0
    out = tmp_path / "visit.pdf"
    r = build_checklist(db, out, lang="en", inspection_id=v.id)
    text = "\n".join(_check_common(out, r.pages))
    assert "B. Rao, Superintendent of Police" in text and "Surprise inspection" in text


@pytest.mark.parametrize("lang", ["hi", "both"])
def test_checklist_hindi_and_both(db, seeded, tmp_path, lang):
    out = tmp_path / f"checklist_{lang}.pdf"
    r = build_checklist(db, out, lang=lang)
    texts = _check_common(out, r.pages, landscape=(lang == "both"))
    assert "Kotwali Nagar" in texts[0] and "A-1" in "\n".join(texts) and "E-9" in "\n".join(texts)
    if lang == "both":
        assert "Comment on the General Diary" in " ".join(" ".join(texts).split())  # English beside the Hindi


def test_handholding_section_is_called_when_present(db, seeded, tmp_path, monkeypatch):
    calls = []

    def checklist_section(db_, lang, as_of):
        from app.services.pdf import para

        calls.append((lang, as_of))
        return [para("Equipment, CCTV and handholding staff", "heading"), para("UPS working: yes", "body")]

    monkeypatch.setattr("app.services.reports.checklist.checklist_section", checklist_section)
    buf = io.BytesIO()
    build_checklist(db, buf, lang="en")
    text = "\n".join(page_texts(buf))
    assert calls and calls[0][0] == "en"
    assert "UPS working: yes" in text
    assert text.index("Summary by role") < text.index("Equipment, CCTV") < text.index("Signature")


def test_compliance_report_structure(db, seeded, tmp_path):
    v = inspections.record_inspection(db, visit_date="2026-10-15", officer_name="Kshama Tripathi", officer_rank="co",
                              surprise=True)
    inspections.add_instruction(db, v.id, person_id=seeded.ids["Rajesh Kumar Tripathi"], text="Comment on every GD",
                        due="2026-10-20")
    out = tmp_path / "compliance.pdf"
    r = build_compliance(db, out, date_from="2026-10-01", date_to="2026-10-31", lang="en")
    text = "\n".join(_check_common(out, r.pages))
    for heading in ("Compliance report", "1. Who held each role in the period", "2. Is the allocation followed?",
                    "3. Entries pending at the end of the period, by role and age",
                    "4. Entries that fell due in the period", "5. Verification by the SHO (duty A-2)",
                    "6. Inspections, their instructions and the action taken",
                    "No: the allocation is not followed.", "Nobody held these roles in the period",
                    "Kshama Tripathi", "Comment on every GD", "Overdue", "0 of 1 instructions complied with.",
                    "Its figures describe the position at",
                    "1 October 2026 to 31 October 2026", f"Page 1 of {r.pages}"):
        assert heading in text, (heading, text)


def test_compliance_with_every_role_held_says_so(db, tmp_path):
    seed_station(db, obligations=0, court_holder=True)
    out = tmp_path / "c.pdf"
    r = build_compliance(db, out, date_from="2026-10-01", date_to="2026-10-31", lang="en")
    text = "\n".join(_check_common(out, r.pages))
    assert "Yes: the allocation is followed. Every role had a holder on every day of the period, and all 69 duties" \
        in text
    assert "No inspection was recorded in the period." in text


def test_pendency_report_structure(db, seeded, tmp_path):
    out = tmp_path / "pendency.pdf"
    r = build_pendency(db, out, date_from="2026-09-01", date_to="2026-10-31", lang="en")
    text = "\n".join(_check_common(out, r.pages))
    for heading in ("Pendency report", "(a) Station in-charge", "(e) Dak munshi", "Arisen",
                    "Pending at the end is as at 31.10.2026 23:59",
                    "Disposed", "All roles", f"Page 1 of {r.pages}"):
        assert heading in text, heading


@pytest.mark.parametrize("builder, kwargs", [
    (build_compliance, {"date_from": "2026-10-31", "date_to": "2026-10-01"}),
    (build_pendency, {"date_from": "2026-13-01", "date_to": "2026-10-01"}),
    (build_pendency, {"date_from": "2099-01-01", "date_to": "2099-02-01"}),
    (build_checklist, {"lang": "fr"}),
])
def test_bad_input_writes_no_file(db, seeded, tmp_path, builder, kwargs):
    out = tmp_path / "bad.pdf"
    with pytest.raises(UserError):
        builder(db, out, **kwargs)
    assert not out.exists()


def test_every_page_prints_128_bits_of_the_audit_head(db, seeded, tmp_path):
    """Issue 16 #9: the footer printed 12 hex characters (48 bits); now the head's first 32 (128 bits)."""
    import re

    from app.services import audit

    out = tmp_path / "checklist.pdf"
    result = build_checklist(db, out, lang="en")
    with db.session() as s:
        seq, head = audit.chain_head(s)
    for page in _facts(out)[3]:
        printed = re.search(r"Audit #(\d+) · ([0-9a-f]+)", page)
        assert printed and int(printed.group(1)) == seq and printed.group(2) == head[:32], page
    assert result.pages >= 1
