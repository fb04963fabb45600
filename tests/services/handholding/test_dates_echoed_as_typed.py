"""A date typed as DD.MM.YYYY comes back in a refusal as DD.MM.YYYY (in either language), never as ISO
2026-11-03: handholding staff, visits, the as-of day, the time of entry."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from app.i18n import set_language
from app.services import handholding, obligations
from app.services.core import clock
from app.services.core.errors import UserError

NOW = dt.datetime(2026, 11, 20, 10, 0)
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture
def station(station_db):
    clock.pin(NOW)
    yield station_db
    set_language("en")


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_refusals_echo_the_date_as_typed(station, lang):
    set_language(lang)
    st = handholding.add_support_staff(station, "Rahul Verma", "circle", "Circle Office Kotwali",
                                       from_date="10.11.2026")
    with pytest.raises(UserError) as e:
        handholding.end_support_staff(station, st.id, "03.11.2026")
    assert "03.11.2026" in e.value.message and "10.11.2026" in e.value.message and not ISO.search(e.value.message)

    with pytest.raises(UserError) as e:
        handholding.record_visit(station, st.id, "05.11.2026 11:00", purpose="CCTNS help")
    assert "05.11.2026" in e.value.message and not ISO.search(e.value.message), e.value.message

    with pytest.raises(UserError) as e:
        obligations.check_not_future(dt.date(2026, 12, 1))
    assert "01.12.2026" in e.value.message and not ISO.search(e.value.message), e.value.message

    with pytest.raises(UserError) as e:
        obligations.mark_entered(station, [], "CAS-1", at="25.11.2026 10:00")
    assert "25.11.2026 10:00" in e.value.message and not ISO.search(e.value.message), e.value.message


def test_as_typed_reads_iso_text_and_keeps_other_text():
    from app.services.core.formatting import as_typed

    assert as_typed("2026-11-03T14:05:09") == "03.11.2026 14:05"
    assert as_typed("2026-11-03 14:05") == "03.11.2026 14:05"
    assert as_typed("2026-11-03") == "03.11.2026"
    assert as_typed("unknown") == "unknown" and as_typed("") == ""


@pytest.mark.parametrize("lang", ["en", "hi"])
def test_law_and_audit_refusals_echo_the_date_as_typed(station, lang):
    from app.services import audit, cases

    set_language(lang)
    with pytest.raises(UserError) as e:
        cases.add_case(station, "fir", registered_at="05.08.2024 10:00", number=1, offence_date="03.08.2024",
                       act="IPC", sections="379")
    assert "03.08.2024" in e.value.message and not ISO.search(e.value.message), e.value.message
    with pytest.raises(UserError) as e:
        audit.check_filter(date_from="10.11.2026", date_to="01.11.2026")
    assert "01.11.2026" in e.value.message and "10.11.2026" in e.value.message and not ISO.search(e.value.message)
