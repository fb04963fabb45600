"""Issue 18: an audit row's before and after as a constable reads them — labels in the language, yes/no, dates as
DD.MM.YYYY, people by name, lists of entries as a count, no raw codes, no JSON."""

from __future__ import annotations

import json

from app.i18n import language_scope
from app.services import accounts, audit, staff


def test_fields_values_and_people_in_words():
    before = json.dumps({"failed_count": 3, "locked_until": "2026-12-05T02:16:40", "admin": False})
    after = json.dumps({"failed_count": 0, "locked_until": None, "admin": True, "person_id": 7,
                        "ids": [11, 12, 13], "status": "verified", "role": "sho"})
    rows = {r.field: (r.before, r.after) for r in audit.describe(before, after, {7: "Vikram Singh"})}
    assert rows["Wrong passwords in a row"] == ("3", "0")
    assert rows["Locked until"] == ("05.12.2026 02:16", "—")
    assert rows["Administrator"] == ("No", "Yes")
    assert rows["Person"] == ("", "Vikram Singh")
    assert rows["Entries"] == ("", "3 entries")
    assert rows["State"] == ("", "verified")
    assert rows["Role"] == ("", "Station in-charge (SHO/SO)")
    text = " ".join(f"{k} {b} {a}" for k, (b, a) in rows.items())
    for raw in ("failed_count", "True", "False", "{", "2026-12-05T", "None"):
        assert raw not in text


def test_in_hindi():
    with language_scope("hi"):
        rows = {r.field: (r.before, r.after) for r in audit.describe(
            json.dumps({"active": True}), json.dumps({"active": False, "to": "2026-03-09"}))}
    assert rows["सक्रिय"] == ("हाँ", "नहीं")
    assert "09.03.2026" in [after for _before, after in rows.values()]


def test_summary_names_only_what_changed():
    before = json.dumps({"name": "Ram", "rank": "SI", "active": True})
    after = json.dumps({"name": "Ram Prakash", "rank": "SI", "active": True})
    assert audit.summary(before, after) == "Name: Ram Prakash"
    assert audit.summary(None, None) == ""
    assert audit.summary(None, "not json") == "Value: not json"


def test_secrets_only_say_set_or_not(station_db):
    accounts.use_params(accounts.Argon2Params(1, 8, 1))
    try:
        p = staff.add_person(station_db, "Shiv", "Inspector")
        signed = accounts.create_first_admin(station_db, username="omop", password="river tea window 42",
                                             confirm="river tea window 42", name="Omop", rank="Constable")
        accounts.create_account(station_db, p.id, "shiv", actor=signed.actor)
        rows = audit.list_entries(station_db, audit.check_filter(), limit=5, actor=signed.actor)
        made = next(r for r in rows if r.action == "account.create")
        shown = {r.field: r.after for r in audit.describe(made.before, made.after,
                                                          audit.person_names(station_db, [made]))}
        assert shown["Password"] == "not set" and shown["One-time code"] in ("set", "issued")
        assert shown["Person"] == "Shiv"
        assert all(len(v) < 40 for v in shown.values())  # no digest shown
    finally:
        accounts.use_params(None)
