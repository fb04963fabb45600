"""Rules say what they rest on (issue 15): where the law sets no time, the rule says it is station policy or our
reading, in English and Hindi. Checked on the shipped rules and on what a new station's entries carry."""

from __future__ import annotations

import datetime as dt

from app.services import cases, obligations
from app.services.core import clock
from app.services.obligations import load_default_rules


def _terms(key: str) -> list[dict]:
    return next(r for r in load_default_rules() if r["key"] == key)["due"]


def test_daily_gd_duties_are_station_policy_the_letter_gives_no_period():
    for key in ("recurring.A-1", "recurring.B-1"):
        (term,) = _terms(key)
        assert term["policy"] is True, key
        assert term["basis_en"].startswith("Station policy") and "no period" in term["basis_en"], key
        assert term["basis_hi"].startswith("थाना नीति") and "कोई अवधि नहीं" in term["basis_hi"], key


def test_the_ncr_limit_is_said_to_be_our_reading_of_the_fortnightly_diary():
    (term,) = _terms("ncr.entry")
    assert "Our reading of BNSS 174(1)" in term["basis_en"] and "fortnightly" in term["basis_en"]
    assert "हमारा अर्थ" in term["basis_hi"]


def test_the_inquest_24_hours_is_the_report_s_limit_applied_to_the_cas_entry():
    for key in ("ubody.iif10", "udeath.iif11"):
        (term,) = _terms(key)
        assert "194(2)" in term["basis_en"] and "CAS entry" in term["basis_en"] and "apply" in term["basis_en"], key
        assert "CAS प्रविष्टि" in term["basis_hi"], key


def test_a_new_station_s_ncr_entry_carries_the_reading(db):
    from app.services.station import init_station

    clock.pin(dt.datetime(2025, 3, 3, 12, 0))
    init_station(db, "Kotwali Nagar", "Sitapur")
    made = cases.add_case(db, "ncr", registered_at=dt.datetime(2025, 3, 3, 10, 0)).obligations
    row = obligations.get(db, made[0].id)
    assert "Our reading" in row.basis_en and row.due_at == dt.datetime(2025, 3, 17, 10, 0)
