"""Case labels in documents ("FIR 123/2026", "अज्ञात व्यक्ति 8/2023"): a string that keeps its parts so
each document can render the kind of case in its own language."""

from __future__ import annotations


class CaseLabel(str):
    """A case's label that documents render in their own language (``DocLang.case``).

    As a plain string it reads in English ("Unidentified person 8/2023", "FIR 123/2026"); it keeps
    its parts so a Hindi document can say "अज्ञात व्यक्ति 8/2023" instead of a raw kind code.
    """

    kind: str | None
    number: int | None
    year: int | None
    case_id: int | None

    def __new__(cls, kind, number, year, case_id, text: str):
        obj = super().__new__(cls, text)
        obj.kind, obj.number, obj.year, obj.case_id = kind, number, year, case_id
        return obj

    def render(self, translate) -> str:
        """The label with the kind's name passed through ``translate`` (a gettext-like callable)."""
        if self.case_id is None:
            return ""
        return _format_case(translate(kind_source(self.kind)), self.number, self.year, self.case_id)


def kind_source(kind: str | None) -> str:
    """The English source string naming a case kind (translatable with the catalog)."""
    from ..obligations import CASE_SHORT
    from ..cases import CASE_KINDS

    return CASE_SHORT.get(kind or "") or CASE_KINDS.get(kind or "", (kind or "").upper())


def _format_case(kind_text: str, number, year, case_id) -> str:
    if number is not None and year is not None:
        return f"{kind_text} {number}/{year}".strip()
    if number is not None:
        return f"{kind_text} {number}".strip()
    return f"{kind_text} #{case_id}".strip()


def case_label(kind: str | None, number: int | None, year: int | None, case_id: int | None) -> str:
    """A short label for a case: "FIR 123/2026"; "" when there is no case (see ``CaseLabel``)."""
    if case_id is None:
        return ""
    return CaseLabel(kind, number, year, case_id, _format_case(kind_source(kind), number, year, case_id))
