"""The inspection checklist's statutory-clocks section: every accused in custody whose last day before default
bail (BNSS 187(3), the remand day being day 1) falls within 30 days, those already past it first; the same
for a past date as things stood then."""

from __future__ import annotations

import datetime as dt
import io

from app.services import cases
from app.services.core import clock
from app.services.reports import build_checklist
from tests.pdf_text import flat_text
from tests.services.cases.test_accused_clocks import db_path, made, station  # noqa: F401 (fixtures)


def text_of(buf: io.BytesIO) -> str:
    """The document's words, lines joined (a narrow column wraps its text)."""
    return flat_text(buf)


def test_the_checklist_lists_the_accused_near_default_bail(station):  # noqa: F811
    db, p = station
    clock.pin(dt.datetime(2025, 2, 26, 10))
    theft = cases.add_case(db, "fir", registered_at=dt.datetime(2025, 1, 1, 10), act="BNS", sections="303(2)",
                           io_person_id=p["io"]).case
    a, _r = cases.add_accused(db, theft.id, "Ramesh Pasi", arrested_at="2025-01-01 12:00")
    cases.add_event(db, theft.id, "first-remand", occurred_at="2025-01-02 11:00", accused=a.id)  # last day 2 March
    b, _r = cases.add_accused(db, theft.id, "Bailed Before", arrested_at="2025-01-01 13:00")
    cases.add_event(db, theft.id, "first-remand", occurred_at="2025-01-02 11:00", accused=b.id)
    cases.bail_accused(db, b.id, "2025-02-20 15:00")
    murder = cases.add_case(db, "fir", registered_at=dt.datetime(2025, 1, 20, 10), act="BNS", sections="103(1)",
                            io_person_id=p["io"]).case
    c, _r = cases.add_accused(db, murder.id, "Far Away", arrested_at="2025-01-20 12:00")
    cases.add_event(db, murder.id, "first-remand", occurred_at="2025-01-21 11:00", accused=c.id)  # 20 April

    buf = io.BytesIO()
    build_checklist(db, buf, lang="en")
    text = text_of(buf)
    assert "Statutory clocks" in text and "Kapil Wadhawan" in text
    assert "Ramesh Pasi" in text and "02.03.2025" in text
    assert "Bailed Before" not in text and "Far Away" not in text  # on bail; more than 30 days away
    assert text.index("Summary by role") < text.index("Statutory clocks") < text.index("Held by:")

    clock.pin(dt.datetime(2025, 3, 4, 10))  # his 62nd day: default bail has accrued
    buf = io.BytesIO()
    build_checklist(db, buf, lang="en")
    assert "DEFAULT BAIL ACCRUED" in text_of(buf)
    # for a past date, as things stood then: Bailed Before was still in custody on 5 February
    buf = io.BytesIO()
    build_checklist(db, buf, lang="en", as_of=dt.date(2025, 2, 5))
    past = text_of(buf)
    assert "Bailed Before" in past and "Ramesh Pasi" in past and "Far Away" not in past
    buf = io.BytesIO()
    build_checklist(db, buf, lang="en", as_of=dt.date(2025, 1, 5))
    assert "Ramesh Pasi" not in text_of(buf)  # 2 March is beyond 30 days from 5 January

    buf = io.BytesIO()
    build_checklist(db, buf, lang="hi")  # shaped Devanagari does not extract as text: the Latin parts do
    hindi = text_of(buf)
    assert "BNSS" in hindi and "187(3)" in hindi and "Ramesh Pasi" in hindi and "Statutory clocks" not in hindi


def test_a_past_checklist_says_its_owners_are_those_of_then(station):  # noqa: F811
    """F27 / issue 17: a checklist for a past day names whoever owed each entry then, and says so."""
    db, _p = station
    clock.pin(dt.datetime(2025, 2, 26, 10))
    note = "Each entry is named with whoever owed it then"
    for as_of, shown in ((dt.date(2025, 2, 1), True), (dt.date(2025, 2, 26), False), (None, False)):
        buf = io.BytesIO()
        build_checklist(db, buf, lang="en", as_of=as_of)
        assert (note in text_of(buf)) is shown, as_of
