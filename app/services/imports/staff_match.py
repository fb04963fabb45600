"""The IO named in a sheet, matched to the staff list: by PNO, or by name after transliteration (``sheets.name_key``:
"राम कुमार" is "Ram Kumar"). Only an exact match is taken; close names are offered in the message, never chosen."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.staff import Person


@dataclass(frozen=True)
class StaffMatch:
    person_id: int | None
    problem: str | None = None  # why there is no match, with the close names


class StaffMatcher:
    def __init__(self, session: Session):
        from app.services.sheets import NameIndex

        people = list(session.execute(select(Person.id, Person.name, Person.pno, Person.active)))
        self._names = {pid: name for pid, name, _pno, _active in people}
        self._pno = {str(pno).strip().casefold(): pid for pid, _name, pno, _active in people if pno}
        self._active = {pid for pid, _name, _pno, active in people if active}
        self._index = NameIndex(self._names)
        self._seen: dict[str, StaffMatch] = {}  # a register names the same few IOs again and again

    def match(self, text: str) -> StaffMatch:
        text = " ".join(str(text).split())
        if text not in self._seen:
            self._seen[text] = self._match(text)
        return self._seen[text]

    def _match(self, text: str) -> StaffMatch:
        from app.services.sheets import pno_of

        pid = self._pno.get(text.casefold())
        if pid is None and pno_of(text) is not None:  # "SI Ram Kumar (102345678)", "PNO- १०२३४५६७८"
            pid = self._pno.get(pno_of(text).casefold())
        if pid is not None:
            return StaffMatch(pid)
        same = self._index.exact(text)
        if len(same) == 1:
            return StaffMatch(same[0])
        if len(same) > 1:
            return StaffMatch(None, _("{n} people on the staff list are named '{name}': give the PNO instead.").format(
                n=len(same), name=text))
        close = self._index.candidates(text, limit=3)
        if close:
            return StaffMatch(None, _("No one on the staff list is named '{name}'. Close names (not chosen): "
                                      "{names}. Write the name as on the staff list, or the PNO.").format(
                name=text, names=", ".join(f"{self._names[pid]} ({score:.0f})" for pid, score in close)))
        return StaffMatch(None, _("No one on the staff list is named '{name}' or has that PNO; add him to the staff "
                                  "list first.").format(name=text))

    def is_active(self, person_id: int) -> bool:
        return person_id in self._active

    def name(self, person_id: int) -> str:
        return self._names.get(person_id, str(person_id))
