"""The station's office particulars for its letters: the letterhead lines, the station and district as
each language writes them, the offices a letter goes to (the SP, the Circle Officer, the Nodal Officer
CCTNS) and the title the station in-charge signs with.

Each particular is a station-wide setting ``office.<key>``; an unset (or emptied) one falls back to
its default (the station's name and district as registered, or the usual UP Police wording). Keys
ending ``_hi`` are used in Hindi documents, ``_en`` in English ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import N_, _
from app.models.staff import Station
from app.services import audit
from app.services.access import SYSTEM, Actor, authorize
from app.services.core.errors import UserError
from app.services.core.settings import get_setting, put_setting
from app.services.core.validate import clean_text
from app.services.storage import Database

PREFIX = "office."
MAX_LEN = 120
MAX_COPY_LEN = 400

# key -> (what it is, English source; default in Hindi or English, None: from the station table)
KEYS: dict[str, tuple[str, str | None]] = {
    "office_hi": (N_("Letterhead: the office (Hindi)"), "कार्यालय प्रभारी निरीक्षक"),
    "office_en": (N_("Letterhead: the office (English)"), "Office of the Inspector In-charge"),
    "station_hi": (N_("Station name (Hindi)"), None),
    "station_en": (N_("Station name (English)"), None),
    "district_hi": (N_("District (Hindi)"), None),
    "district_en": (N_("District (English)"), None),
    "sp_hi": (N_("The SP's office (Hindi)"), "पुलिस अधीक्षक"),
    "sp_en": (N_("The SP's office (English)"), "Superintendent of Police"),
    "nodal_hi": (N_("The Nodal Officer CCTNS (Hindi)"), "नोडल अधिकारी सीसीटीएनएस"),
    "nodal_en": (N_("The Nodal Officer CCTNS (English)"), "Nodal Officer CCTNS"),
    "co_hi": (N_("The Circle Officer's office (Hindi)"), "क्षेत्राधिकारी"),
    "co_en": (N_("The Circle Officer's office (English)"), "Circle Officer"),
    "signatory_hi": (N_("The in-charge's title under the signature (Hindi)"), "प्रभारी निरीक्षक"),
    "signatory_en": (N_("The in-charge's title under the signature (English)"), "Inspector In-charge"),
    "copy_hi": (N_("Copy to, items separated by ';' (Hindi)"), "कार्यालय प्रति (गार्ड फाइल) हेतु।"),
    "copy_en": (N_("Copy to, items separated by ';' (English)"), "Office copy (guard file)."),
    "circle": (N_("Circle (for the circle and district rollup)"), ""),
    "phone": (N_("Telephone (CUG)"), ""),
    "email": (N_("E-mail"), ""),
}
_PHONE = re.compile(r"^[0-9+()\- ,/]{3,60}$")
_EMAIL = re.compile(r"^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$")


@dataclass(frozen=True)
class OfficeParticulars:
    values: dict[str, str]  # every key, resolved (set value or default)
    set_keys: frozenset[str]  # the keys the station has set

    def get(self, key: str, lang: str | None = None) -> str:
        """``key`` as such, or ``key_<lang>`` when ``lang`` is given ("hi"/"en")."""
        return self.values[f"{key}_{lang}" if lang else key]

    def as_dict(self) -> dict:
        return {k: {"value": v, "set": k in self.set_keys} for k, v in self.values.items()}


def key_label(key: str) -> str:
    return _(KEYS[key][0])  # i18n: marked (KEYS holds N_() strings)


def office_particulars_in(s: Session) -> OfficeParticulars:
    station = s.scalars(select(Station).order_by(Station.id)).first()
    name = station.name if station else ""
    district = station.district if station else ""
    values, set_keys = {}, set()
    for key, (_label, default) in KEYS.items():
        stored = get_setting(s, PREFIX + key)
        if stored:
            values[key] = stored
            set_keys.add(key)
        elif default is None:
            values[key] = name if key.startswith("station") else district
        else:
            values[key] = default
    return OfficeParticulars(values, frozenset(set_keys))


def office_particulars(db: Database) -> OfficeParticulars:
    with db.session() as s:
        return office_particulars_in(s)


def parse_assignments(items: list[str]) -> dict[str, str]:
    """``KEY=VALUE`` texts (the CLI's ``--set``) as a dict; ``UserError`` for a malformed one."""
    out: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise UserError(_("'{item}' is not KEY=VALUE.").format(item=item))
        out[key.strip()] = value
    return out


def check_office_changes(changes: dict[str, str]) -> dict[str, str]:
    """The changes, cleaned; ``UserError`` naming the first bad key or value. An empty value means
    "back to the default"."""
    if not changes:
        raise UserError(_("Say what to change: KEY=VALUE."))
    clean: dict[str, str] = {}
    for key, value in changes.items():
        if key not in KEYS:
            raise UserError(_("Unknown particular '{key}'. Known: {keys}.").format(
                key=key, keys=", ".join(KEYS)))
        text = clean_text(value, key_label(key), max_len=MAX_COPY_LEN if key.startswith("copy") else MAX_LEN,
                          one_line=True)
        if text and key == "phone" and not _PHONE.match(text):
            raise UserError(_("'{value}' is not a telephone number (digits, spaces, + - / and brackets).")
                            .format(value=text))
        if text and key == "email" and not _EMAIL.match(text):
            raise UserError(_("'{value}' is not an e-mail address.").format(value=text))
        clean[key] = text
    return clean


def set_office_particulars(db: Database, changes: dict[str, str], actor: Actor = SYSTEM) -> OfficeParticulars:
    """Store the changed particulars (all or none), each audited with its old and new value."""
    clean = check_office_changes(changes)
    with db.session() as s:
        authorize(s, actor, "station.edit")
        for key, text in clean.items():
            before = put_setting(s, PREFIX + key, text)
            if (before or "") != text:
                audit.record(s, actor, "setting.update", "setting", PREFIX + key, before=before, after=text)
        s.flush()
        return office_particulars_in(s)
