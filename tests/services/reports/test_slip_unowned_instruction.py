"""An inspection instruction whose entry nobody owes (handed back to unassigned when its holder's role ended,
or its role vacant) is on the slip of each holder of its role, now and at a past moment; not on others'."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import pytest

from app.services import inspections
from app.services.core import clock
from app.services.reports import build_slips

from tests.services.report_seed import seed_station
from tests.services.reports.test_slip import halves_text

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler-utils)")


def test_unowned_instruction_on_the_role_holders_slips(db, tmp_path):
    seeded = seed_station(db, obligations=100)
    shyam, kshitij, priya = (seeded.ids[n] for n in ("Shyam Lal", "Kshitij Prakash", "Priya Mishra"))
    visit = inspections.record_inspection(db, visit_date="2026-10-15", officer_name="Kshama Tripathi",
                                          officer_rank="co")
    given = inspections.add_instruction(db, visit.id, person_id=shyam, text="Bind the old malkhana registers",
                                        due="2026-11-30")
    with db.session() as s:
        from app.models.obligations import Obligation

        s.get(Obligation, given.obligation_id).person_id = None  # back to unassigned: nobody owes it
    for lang in ("en", "hi"):
        out = tmp_path / f"s-{lang}.pdf"
        r = build_slips(db, out, [kshitij, shyam, priya], lang=lang)
        texts = [re.sub(r"\s+", " ", t) for t in halves_text(out)]
        on = [[i.text for i in slip.instructions] for slip in r.slips]
        assert on == [["Bind the old malkhana registers"], ["Bind the old malkhana registers"], []], on
        assert sum("Bind the old malkhana registers" in t for t in texts) == 2
    later = dt.datetime.combine(clock.now().date(), dt.time(23, 59)) - dt.timedelta(days=1)
    r = build_slips(db, tmp_path / "past.pdf", [kshitij, priya], lang="en", as_of=later)
    assert [[i.text for i in slip.instructions] for slip in r.slips] == [["Bind the old malkhana registers"], []]


def test_a_role_holder_owing_nothing_else_gets_a_slip_for_it(db, tmp_path):
    from app.models.obligations import Obligation
    from app.services.reports import people_owing

    seeded = seed_station(db, obligations=0)
    shyam, kshitij = seeded.ids["Shyam Lal"], seeded.ids["Kshitij Prakash"]
    visit = inspections.record_inspection(db, visit_date="2026-10-15", officer_name="Kshama Tripathi",
                                          officer_rank="co")
    given = inspections.add_instruction(db, visit.id, person_id=shyam, text="Bind the old malkhana registers",
                                        due="2026-11-30")
    with db.session() as s:
        for ob in s.query(Obligation).filter(Obligation.status == "pending"):
            if ob.id != given.obligation_id:
                ob.status = "na"  # nobody owes anything else
        s.get(Obligation, given.obligation_id).person_id = None
    assert sorted(people_owing(db)) == sorted([shyam, kshitij])  # both hold the mohrir role
