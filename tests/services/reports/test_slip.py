"""The roll-call slip: half an A4 sheet per person, two to a sheet, numbered per person, the name on every
half, the instruction texts, and the busiest person of a demo station on one half sheet or two.

Each half is read back on its own with ``pdftotext`` cropped to it (the upper or lower 148.5 mm)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from app.services import inspections
from app.services import obligations
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.reports import build_slips, people_owing, persons_at

from tests.services.report_seed import seeded_once
from tests.conftest import starting_from

pytestmark = [pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)"),
              pytest.mark.slow]

A4_W, A4_H = 595, 842  # points, rounded as pdftotext takes them


made, db_path = starting_from("seeded", lambda made_once: seeded_once(made_once, obligations=500))


@pytest.fixture
def seeded(db, made):
    return made.on(db)


def halves_text(path) -> list[str]:
    """The text of each half sheet, in order (upper then lower half of each A4 sheet)."""
    sheets = len(PdfReader(path).pages)
    out = []
    for page in range(1, sheets + 1):
        for y in (0, A4_H // 2):
            text = subprocess.run(
                ["pdftotext", "-f", str(page), "-l", str(page), "-x", "0", "-y", str(y), "-W", str(A4_W),
                 "-H", str(A4_H // 2), "-layout", str(path), "-"],
                capture_output=True, text=True, check=True).stdout
            out.append(text)
    return out


def numbering(text: str) -> tuple[int, int] | None:
    m = re.search(r"Page (\d+)/(\d+)", text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def test_two_halves_to_a_sheet_numbered_per_person_with_the_name_on_every_half(db, seeded, tmp_path):
    people = [seeded.ids["Priya Mishra"], seeded.ids["Amit Verma"], seeded.ids["Shyam Lal"]]
    # Enough instructions for Priya that her slip runs over several halves.
    visit = inspections.record_inspection(db, visit_date="2026-10-15", officer_name="Kshama Tripathi",
                                          officer_rank="co")
    for n in range(14):
        inspections.add_instruction(db, visit.id, person_id=people[0], due="2026-11-30",
                                    duty_code="C-1", text=f"Bring case diary number {n} up to date and show it at the next visit")
    out = tmp_path / "slips.pdf"
    r = build_slips(db, out, people, lang="en")
    counts = dict(r.halves)
    assert counts[people[0]] >= 2 and all(n >= 1 for n in counts.values())
    assert r.pages == len(PdfReader(out).pages) == (sum(counts.values()) + 1) // 2
    texts = [t for t in halves_text(out) if t.strip()]
    assert len(texts) == sum(counts.values())  # every half has content; no empty half between slips
    names = {pid: s.name for pid, s in zip(people, r.slips)}
    at = 0
    for pid in people:  # in the order asked, each numbered 1..n with his name on every half
        for k in range(1, counts[pid] + 1):
            text = texts[at]
            assert numbering(text) == (k, counts[pid]), text
            assert names[pid] in text.strip().split("\n")[0]  # the header line of every half
            others = [names[o] for o in people if o != pid]
            assert not any(f"{o}," in text.split("Received by")[0] for o in others)
            at += 1
    assert "Received by Priya Mishra (signature)" in texts[counts[people[0]] - 1]  # the acknowledgement ends her slip
    assert "Issued by" in texts[counts[people[0]] - 1]
    assert "CAS reference" in texts[0]


def test_counts_per_duty_and_the_ten_oldest_overdue_in_full(db, seeded, tmp_path):
    pid = seeded.ids["Amit Verma"]  # 52 pending under 25 duties
    r = build_slips(db, tmp_path / "s.pdf", [pid], lang="en")
    slip = r.slips[0]
    with db.session() as s:
        total, items = obligations.pending_for_person(s, pid)
    assert slip.pending == total == sum(d.pending for d in slip.duties) > 10
    assert slip.overdue == sum(1 for i in items if i.overdue) == sum(d.overdue for d in slip.duties)
    oldest = [i.obligation_id for i in sorted(items, key=lambda i: (i.due_at, i.obligation_id))[:10]]
    assert [e.obligation_id for e in slip.first] == oldest
    text = "\n".join(halves_text(tmp_path / "s.pdf"))
    for d in slip.duties:
        assert re.search(rf"{re.escape(d.code)}\s.*\s{d.pending}\s+{d.overdue}\b", text), d
    for e in slip.first:
        assert e.due_at.strftime("%d.%m.%Y") in text


def test_instruction_texts_who_gave_them_and_when(db, seeded, tmp_path):
    pid = seeded.ids["Shyam Lal"]
    visit = inspections.record_inspection(db, visit_date="2026-10-15", officer_name="Kshama Tripathi",
                                          officer_rank="co")
    inspections.add_instruction(db, visit.id, person_id=pid, text="Update the malkhana register daily",
                                due="2026-11-30")
    done = inspections.add_instruction(db, visit.id, person_id=pid, text="Paint the notice board",
                                       due="2026-11-30")
    with db.session() as s:
        from app.models.obligations import Obligation

        ob = s.get(Obligation, done.obligation_id)
        ob.status, ob.entered_at = "entered", clock.now()
    for lang in ("en", "hi", "both"):
        out = tmp_path / f"s-{lang}.pdf"
        r = build_slips(db, out, [pid], lang=lang)
        text = re.sub(r"\s+", " ", "\n".join(halves_text(out)))
        assert "Update the malkhana register daily" in text
        assert "Kshama Tripathi" in text and "15.10.2026" in text and "30.11.2026" in text
        assert "Paint the notice board" not in text  # complied: no longer on the slip
        assert [i.text for i in r.slips[0].instructions] == ["Update the malkhana register daily"]


def test_nothing_pending_still_prints_a_slip_and_bad_input_writes_nothing(db, seeded, tmp_path):
    with db.session() as s:
        from app.models.staff import Person

        idle = Person(name="Idle Constable", rank="Constable", active=True, created_at=clock.now())
        s.add(idle)
        s.flush()
        idle_id = idle.id
    r = build_slips(db, tmp_path / "idle.pdf", [idle_id], lang="en")
    assert r.halves == ((idle_id, 1),) and r.pages == 1
    text = halves_text(tmp_path / "idle.pdf")[0]
    assert "Nothing is pending" in text and numbering(text) == (1, 1)
    assert idle_id not in people_owing(db)
    with pytest.raises(UserError):
        build_slips(db, tmp_path / "none.pdf", [], lang="en")
    with pytest.raises(UserError):
        build_slips(db, tmp_path / "x.pdf", [9999], lang="en")
    assert not (tmp_path / "x.pdf").exists()
    with pytest.raises(UserError):
        build_slips(db, tmp_path / "y.pdf", [idle_id], lang="fr")
    assert not (tmp_path / "y.pdf").exists()


@pytest.fixture(scope="module")
def demo_db(one_year_demo):
    from app.services.station import open_database

    db = open_database(one_year_demo(7, dt.datetime(2026, 3, 10, 11, 0)))
    yield db
    db.close()


@pytest.mark.sqlite_only("the demo station is built as an SQLite file")
@pytest.mark.parametrize("lang", ["hi", "en", "both"])
def test_the_busiest_demo_person_fits_two_half_sheets(demo_db, tmp_path, lang):
    clock.pin(dt.datetime(2026, 3, 10, 11, 0))
    with demo_db.session() as s:
        from sqlalchemy import func, select

        from app.models.obligations import Obligation

        busiest, owed = s.execute(select(Obligation.person_id, func.count()).where(
            Obligation.status == "pending", Obligation.person_id.is_not(None)).group_by(Obligation.person_id)
            .order_by(func.count().desc())).first()
    assert owed > 200
    r = build_slips(demo_db, tmp_path / "busiest.pdf", [busiest], lang=lang)
    assert r.halves[0][1] <= 2 and r.pages == 1
    everyone = people_owing(demo_db)
    r = build_slips(demo_db, tmp_path / "all.pdf", everyone, lang=lang)
    with demo_db.session() as s:  # the slips count as the figures do (one definition), person by person
        figures = {f.person_id: (f.pending, f.overdue, f.missed) for f in persons_at(s)}
    assert {d.person_id: (d.pending, d.overdue, d.missed) for d in r.slips} == {
        pid: figures[pid] for pid in everyone}
    assert any(d.missed for d in r.slips)
    # In Hindi everyone's slip fits two halves; English duty names run longer (an operator with twelve
    # duties and an instruction takes a third half).
    assert all(n <= (2 if lang == "hi" else 3) for _pid, n in r.halves), r.halves
    assert r.pages == (sum(n for _pid, n in r.halves) + 1) // 2


def test_hindi_and_very_long_instructions_follow_the_work(db, seeded, tmp_path):
    """A Hindi instruction reads back as typed; a 2,000-character one splits over halves without breaking the
    layout; an instruction whose entry is given to another person moves to that person's slip."""
    shyam, kshitij = seeded.ids["Shyam Lal"], seeded.ids["Kshitij Prakash"]  # both mohrir
    visit = inspections.record_inspection(db, visit_date="2026-10-15", officer_name="क्षमा त्रिपाठी",
                                          officer_rank="sp")
    hindi = inspections.add_instruction(db, visit.id, person_id=shyam, due="2026-11-30",
                                        text="मालखाना रजिस्टर प्रतिदिन अद्यतन करें")
    long_text = ("Check every general diary entry against the CAS record and report the gaps. " * 30)[:2000]
    inspections.add_instruction(db, visit.id, person_id=shyam, due="2026-11-30", text=long_text)
    r = build_slips(db, tmp_path / "hi.pdf", [shyam], lang="hi")
    text = re.sub(r"\s+", " ", "\n".join(halves_text(tmp_path / "hi.pdf")))
    assert "मालखाना रजिस्टर प्रतिदिन अद्यतन करें" in text and "क्षमा त्रिपाठी" in text
    assert "पुलिस अधीक्षक" in text and "15.10.2026" in text
    assert "report the gaps" in text and r.halves[0][1] >= 2
    obligations.reassign(db, [hindi.obligation_id], kshitij, reason="leave")
    r = build_slips(db, tmp_path / "moved.pdf", [shyam, kshitij], lang="en")
    assert [i.text for i in r.slips[0].instructions] == [long_text]
    assert [i.text for i in r.slips[1].instructions] == ["मालखाना रजिस्टर प्रतिदिन अद्यतन करें"]


def test_a_long_name_and_repeated_ids(db, seeded, tmp_path):
    from app.services import staff

    long_name = "Ramesh Chandra " * 8
    p = staff.add_person(db, long_name.strip(), "Sub-Inspector", pno="123456789")
    pid = seeded.ids["Trilok Singh"]
    r = build_slips(db, tmp_path / "s.pdf", [pid, p.id, pid], lang="both")
    assert [h[0] for h in r.halves] == [pid, p.id]  # each person once, in the order asked
    texts = [t for t in halves_text(tmp_path / "s.pdf") if t.strip()]
    assert "123456789" in texts[-1] and "1/1" in texts[-1]


def test_every_half_carries_the_seal_made_once(db, seeded, tmp_path, monkeypatch):
    """The seal (audit head and the body's digest) is made once per document and placed on every half."""
    from app.services.pdf import halves

    made = []
    real = halves.draw_seal
    monkeypatch.setattr(halves, "draw_seal", lambda canv, text, *a: (made.append(text), real(canv, text, *a)))
    people = [seeded.ids["Amit Verma"], seeded.ids["Shyam Lal"], seeded.ids["Trilok Singh"]]
    r = build_slips(db, tmp_path / "s.pdf", people, lang="en")
    assert len(made) == 1 and made[0].startswith("ANUPALAN:")
    content = b"".join(p.get_contents().get_data() for p in PdfReader(tmp_path / "s.pdf").pages)
    assert content.count(b"Do") >= sum(n for _pid, n in r.halves)  # the seal's form, drawn on each half
