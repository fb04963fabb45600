"""An audit row's before and after as a constable reads them: one line per field, with a label in the window's
language, the value before and the value after — never the stored codes (``failed_count``, ``True``, JSON).

The trail keeps the JSON exactly as recorded (it is the evidence and is hashed); this only shows it:

- field names get labels (``FIELD_LABELS``); an unknown field is shown as words ("time in"), never hidden;
- yes/no, empty, dates and times ("05.12.2026 14:30"), lists of entries ("3 entries"), statuses and roles in words;
- people recorded by id ("person_id", "by", "to" …) by name, when the caller passes the names (``person_names``);
- secrets' digests only as "set" / "not set".

``describe(before, after, names)`` gives the rows; ``summary(...)`` one line of what changed (the list's column).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.i18n import N_, _, ngettext
from app.models.staff import Person

FIELD_LABELS = {
    "accused": N_("Accused"), "accused_id": N_("Accused"), "act": N_("Act"), "active": N_("Active"),
    "admin": N_("Administrator"), "arrested_at": N_("Arrested at"), "as_of": N_("As of"), "at": N_("At"),
    "bailed_at": N_("Bailed at"), "basis": N_("Basis"), "by": N_("By"), "case": N_("Case"), "case_id": N_("Case"),
    "case_status": N_("Case status"), "cas_ref": N_("CAS reference"), "cases_as_io": N_("Cases as IO"),
    "cases_io": N_("Cases as IO"), "cctns_user_id": N_("CCTNS user id"), "closed": N_("Entries closed"),
    "code": N_("Code"), "count": N_("Count"), "custody": N_("Custody"), "default_bail_at": N_("Default bail on"),
    "description": N_("Description"), "due": N_("Due"), "due_at": N_("Due"), "duty": N_("Duty"),
    "entered_at": N_("Entered at"), "entered_by": N_("Entered by"), "entered_by_id": N_("Entered by"),
    "event": N_("Event"), "event_id": N_("Event"), "events": N_("Events"), "cases": N_("Cases"),
    "persons": N_("Persons"), "seed": N_("Seed"), "years": N_("Years"), "failed_count": N_("Wrong passwords in a row"),
    "first_remand_at": N_("First remand"), "from": N_("From"), "from_date": N_("From"),
    "from_person_id": N_("From"), "ids": N_("Entries"), "inspector": N_("Inspector"),
    "io_person_id": N_("IO"), "kept": N_("Entries already made in CAS, kept"), "kind": N_("Kind"),
    "label": N_("Name shown"), "last_sign_in_at": N_("Last sign-in"), "locked_until": N_("Locked until"),
    "na_reason": N_("Reason it is not applicable"), "name": N_("Name"), "note": N_("Note"),
    "obligations": N_("Entries"), "occurred_at": N_("When it happened"), "offence_date": N_("Date of offence"),
    "on": N_("On"), "one_time_code": N_("One-time code"), "outside_role": N_("Outside the role (a cover)"),
    "password_digest": N_("Password"), "password_pending": N_("Password still to be set"),
    "person": N_("Person"), "person_id": N_("Person"), "pno": N_("PNO"), "punishment_class": N_("Punishment class"),
    "purpose": N_("For"), "rank": N_("Rank"), "reason": N_("Reason"), "redated": N_("Entries re-dated"),
    "registered_at": N_("Registered"), "reopened": N_("Entries reopened"),
    "reset_expires_at": N_("Password to be set by"), "role": N_("Role"), "sections": N_("Sections"),
    "sensitive": N_("Sensitive"), "setup_code_digest": N_("One-time code"), "status": N_("State"),
    "text": N_("Text"), "to": N_("To"), "to_date": N_("To"), "to_person": N_("To"), "to_person_id": N_("To"),
    "username": N_("User name"), "value": N_("Value"), "verified_by": N_("Verified by"),
    "verified_by_id": N_("Verified by"), "window_of": N_("At the window of"), "window_person_id": N_("At the window of"),
}

# fields that hold a person's id (shown by name when the names are known)
PERSON_FIELDS = frozenset({"person_id", "by", "to", "io_person_id", "verified_by", "verified_by_id", "entered_by",
                           "entered_by_id", "window_person_id", "from_person_id", "to_person_id"})
# fields that hold entry ids: shown as a count (an internal number says nothing to a constable)
ENTRY_LIST_FIELDS = frozenset({"ids", "obligations", "closed", "kept", "redated", "reopened", "cases_as_io",
                               "cases_io"})
SECRET_FIELDS = frozenset({"password_digest", "setup_code_digest"})
HIDDEN_FIELDS = frozenset({"window_person_id"})  # said by "window_of" already

VALUE_LABELS = {
    "pending": N_("pending"), "entered": N_("entered in CAS"), "verified": N_("verified"),
    "na": N_("not applicable"), "missed": N_("missed"), "open": N_("under investigation"), "void": N_("voided"),
    "issued": N_("issued"), "sho": N_("Station in-charge (SHO/SO)"), "mohrir": N_("Constable / head constable mohrir"),
    "io": N_("Investigating officer (IO)"), "operator": N_("Computer operator"),
    "court": N_("Dak munshi / court pairokar"),
}
# the sign-in's recorded reasons (app/services/accounts): fixed English phrases, shown in the language
REASON_LABELS = {
    "account switched off": N_("account switched off"), "locked": N_("locked after wrong passwords"),
    "password setup expired": N_("time to set the password ran out"), "password to be set": N_("password to be set"),
    "unknown user": N_("no such user name"), "wrong current password": N_("wrong current password"),
    "wrong one-time code": N_("wrong one-time code"), "wrong password": N_("wrong password"),
}
VALUE_FIELDS = frozenset({"status", "role", "case_status", "one_time_code", "other"})

_DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$")
ITEMS_SHOWN = 8


@dataclass(frozen=True)
class DetailRow:
    field: str  # the label, in the current language
    before: str
    after: str


def field_label(key: str) -> str:
    label = FIELD_LABELS.get(key)
    return _(label) if label is not None else key.replace("_", " ").strip().capitalize()


def _date_text(text: str) -> str | None:
    m = _DATETIME.match(text)
    if m is None:
        return None
    year, month, day, hour, minute = m.groups()
    return f"{day}.{month}.{year}" + (f" {hour}:{minute}" if hour is not None else "")


def value_text(key: str, value: Any, names: dict[int, str] | None = None) -> str:
    """One recorded value in words (the current language)."""
    if key in SECRET_FIELDS:
        return _("set") if value else _("not set")
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if key in PERSON_FIELDS and isinstance(value, int) and names is not None and value in names:
        return names[value]
    if key in ENTRY_LIST_FIELDS and isinstance(value, list):
        return ngettext("{n} entry", "{n} entries", len(value)).format(n=len(value)) if key not in (
            "cases_as_io", "cases_io") else ngettext("{n} case", "{n} cases", len(value)).format(n=len(value))
    if isinstance(value, list):
        shown = [value_text(key, v, names) for v in value[:ITEMS_SHOWN]]
        more = len(value) - len(shown)
        text = ", ".join(shown)
        return text + (" " + _("and {n} more").format(n=more) if more > 0 else "")
    if isinstance(value, dict):
        return "; ".join("{k}: {v}".format(k=field_label(k), v=value_text(k, v, names))
                         for k, v in value.items() if k not in HIDDEN_FIELDS)
    if isinstance(value, str):
        if key in VALUE_FIELDS and value in VALUE_LABELS:
            return _(VALUE_LABELS[value])
        if key == "reason" and value in REASON_LABELS:
            return _(REASON_LABELS[value])
        dated = _date_text(value)
        return dated if dated is not None else value
    return str(value)


def _load(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def describe(before: str | None, after: str | None, names: dict[int, str] | None = None) -> list[DetailRow]:
    """The row's fields, each with its value before and after (the JSON the trail recorded)."""
    b, a = _load(before), _load(after)
    if not isinstance(b, dict) and not isinstance(a, dict):
        if b is None and a is None:
            return []
        return [DetailRow(_("Value"), value_text("value", b, names), value_text("value", a, names))]
    b_dict = b if isinstance(b, dict) else {}
    a_dict = a if isinstance(a, dict) else {}
    rows = []
    if not isinstance(b, dict) and b is not None:  # e.g. a list of entries' states before
        rows.append(DetailRow(_("Before"), value_text("value", b, names), ""))
    for key in dict.fromkeys([*b_dict, *a_dict]):
        if key in HIDDEN_FIELDS:
            continue
        rows.append(DetailRow(field_label(key), value_text(key, b_dict.get(key), names) if key in b_dict else "",
                              value_text(key, a_dict.get(key), names) if key in a_dict else ""))
    return rows


def summary(before: str | None, after: str | None, names: dict[int, str] | None = None, limit: int = 160) -> str:
    """One line: the fields whose value changed (all of them for a row without a before), as "label: value"."""
    rows = describe(before, after, names)
    changed = [r for r in rows if r.after and r.after != r.before] or rows
    text = ", ".join("{k}: {v}".format(k=r.field, v=r.after or r.before) for r in changed)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _person_ids(value: Any, key: str | None, found: set[int]) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _person_ids(v, k, found)
    elif isinstance(value, list):
        for v in value:
            _person_ids(v, key, found)
    elif key in PERSON_FIELDS and isinstance(value, int) and not isinstance(value, bool):
        found.add(value)


def person_names(db, rows) -> dict[int, str]:
    """The names of the people the rows' before and after name by id (one query)."""
    wanted: set[int] = set()
    for r in rows:
        for text in (r.before, r.after):
            _person_ids(_load(text), None, wanted)
    if not wanted:
        return {}
    with db.session() as s:
        return dict(s.execute(select(Person.id, Person.name).where(Person.id.in_(sorted(wanted)))).all())
