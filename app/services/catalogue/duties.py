"""The duty catalogue: loading the circular's allocation from its data file, and reading it back."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.services.storage import serialize
from app.i18n import _, bilingual
from app.models.catalogue import ROLE_CODES, Circular, Duty, Role
from app.paths import resource_path
from app.services import audit
from app.services.access import SYSTEM, Actor
from app.services.storage import Database
from app.services.core.errors import NotFound, UserError
from app.services.core.validate import clean_text

DEFAULT_ALLOCATION = "allocation_2018.json"


@dataclass(frozen=True)
class RoleInfo:
    code: str
    section: str
    sort: int
    name_hi: str
    name_en: str

    def name(self, lang: str | None = None) -> str:
        return bilingual(self.name_hi, self.name_en, lang)


@dataclass(frozen=True)
class DutyInfo:
    id: int
    code: str
    role: str
    number: int
    text_hi: str
    name_en: str
    form: str | None
    kind: str
    recurrence: str | None
    note_en: str
    label_hi: str | None = None
    label_en: str | None = None

    @property
    def name_hi(self) -> str:
        """The station's Hindi label if it set one, else the letter's text verbatim."""
        return self.label_hi or self.text_hi

    @property
    def display_en(self) -> str:
        return self.label_en or self.name_en

    def name(self, lang: str | None = None) -> str:
        return bilingual(self.name_hi, self.display_en, lang)


@lru_cache(maxsize=4)
def load_allocation_file(path: Path | None = None) -> dict:
    path = path or resource_path("catalogue", DEFAULT_ALLOCATION)
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def seed_allocation(session: Session, data: dict) -> bool:
    """Insert the circular, its roles and duties if the circular is not there yet. True if inserted."""
    meta = data["circular"]
    if session.scalar(select(Circular.id).where(Circular.key == meta["key"])) is not None:
        return False
    for role in data["roles"]:
        if session.get(Role, role["code"]) is None:
            session.add(Role(code=role["code"], section=role["section"], sort=role["sort"],
                             name_hi=role["name_hi"], name_en=role["name_en"]))
    circular = Circular(
        key=meta["key"], number=meta["number"], date=dt.date.fromisoformat(meta["date"]),
        subject_hi=meta.get("subject_hi", ""), subject_en=meta.get("subject_en", ""), active=True,
    )
    session.add(circular)
    session.flush()
    for d in data["duties"]:
        session.add(Duty(
            circular_id=circular.id, code=d["code"], role_code=d["role"], number=d["number"],
            text_hi=d["text_hi"], name_en=d["name_en"], form=d.get("form"), kind=d["kind"],
            recurrence=d.get("recurrence"), note_en=d.get("note_en", ""),
        ))
    return True


# Role names the shipped catalogue once spelt otherwise: one spelling in the window (the glossary's ऑपरेटर; the
# letter writes आपरेटर). A station whose role still has the old shipped name gets the new one when it opens.
RESPELT_ROLES = {"operator": ("कम्प्यूटर आपरेटर", "कम्प्यूटर ऑपरेटर")}


def respell_roles(session: Session) -> None:
    for code, (old, new) in RESPELT_ROLES.items():
        role = session.get(Role, code)
        if role is not None and role.name_hi == old:
            role.name_hi = new


def ensure_catalogue(db: Database) -> None:
    with db.session() as s:
        serialize(s, "catalogue")  # two programs opening a new server database at once seed it once
        seed_allocation(s, load_allocation_file())
        respell_roles(s)


def catalogue_current(db: Database) -> bool:
    """Whether ``ensure_catalogue`` has nothing to do on this database: the shipped circular is in it and no
    role keeps a name the shipped catalogue once spelt otherwise (read only; a read-only handle may ask)."""
    with db.session() as s:
        if s.scalar(select(Circular.id).where(Circular.key == load_allocation_file()["circular"]["key"])) is None:
            return False
        return all(s.scalar(select(Role.name_hi).where(Role.code == code)) != old
                   for code, (old, _new) in RESPELT_ROLES.items())


def active_circular(session: Session) -> Circular:
    return session.scalars(
        select(Circular).where(Circular.active.is_(True)).order_by(Circular.date.desc())
    ).first()


def _duty_info(d: Duty) -> DutyInfo:
    return DutyInfo(id=d.id, code=d.code, role=d.role_code, number=d.number, text_hi=d.text_hi,
                    name_en=d.name_en, form=d.form, kind=d.kind, recurrence=d.recurrence,
                    note_en=d.note_en, label_hi=d.label_hi, label_en=d.label_en)


def list_roles(db: Database) -> list[RoleInfo]:
    with db.session() as s:
        return [RoleInfo(r.code, r.section, r.sort, r.name_hi, r.name_en)
                for r in s.scalars(select(Role).order_by(Role.sort))]


def list_duties(db: Database, role: str | None = None) -> list[DutyInfo]:
    """The active circular's duties in the letter's order (role by role, number by number)."""
    with db.session() as s:
        circ = active_circular(s)
        if circ is None:
            return []
        q = (select(Duty).join(Role, Role.code == Duty.role_code)
             .where(Duty.circular_id == circ.id).order_by(Role.sort, Duty.number))
        if role:
            q = q.where(Duty.role_code == role)
        return [_duty_info(d) for d in s.scalars(q)]


def duty_by_code(session: Session, code: str) -> Duty | None:
    circ = active_circular(session)
    if circ is None:
        return None
    return session.scalars(select(Duty).where(Duty.circular_id == circ.id, Duty.code == code)).first()


@dataclass(frozen=True)
class CircularInfo:
    key: str
    number: str
    date: dt.date
    subject_hi: str
    subject_en: str

    def number_in(self, lang: str) -> str:
        """The letter's number as ``lang`` cites it ("TS-CCTNS-35/2010" in English; as printed in Hindi)."""
        from app.services.catalogue.number_english import number_in_english

        return number_in_english(self.number) if lang == "en" else self.number


def circular_info(db: Database) -> CircularInfo | None:
    with db.session() as s:
        c = active_circular(s)
        return None if c is None else CircularInfo(c.key, c.number, c.date, c.subject_hi, c.subject_en)


def set_duty_label(db: Database, duty_id: int, label_hi: str | None, label_en: str | None,
                   actor: Actor = SYSTEM) -> DutyInfo:
    """The station's own name for a duty, in Hindi and English (empty = back to the letter's text and the
    standard English name). The letter's text itself (``text_hi``) is never changed. Audited."""
    hi = clean_text(label_hi, _("Hindi label"), max_len=300) or None
    en = clean_text(label_en, _("English label"), max_len=300) or None
    from app.services.access import authorize  # the accounts' table: only to write

    with db.session() as s:
        authorize(s, actor, "rules.edit")
        d = s.get(Duty, duty_id)
        if d is None:
            raise NotFound(_("There is no duty with id {id}.").format(id=duty_id))
        before = {"code": d.code, "label_hi": d.label_hi, "label_en": d.label_en}
        if (d.label_hi, d.label_en) == (hi, en):
            raise UserError(_("Nothing to change in the labels of duty {code}.").format(code=d.code))
        d.label_hi, d.label_en = hi, en
        audit.record(s, actor, "duty.label", "duty", d.id, before=before,
                     after={"code": d.code, "label_hi": hi, "label_en": en})
        return _duty_info(d)


def role_codes() -> tuple[str, ...]:
    """The five station roles of the circular, in the letter's order: sho, mohrir, io, operator, court."""
    return tuple(ROLE_CODES)
