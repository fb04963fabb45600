"""The kinds of case and event a station records, and how a case is named ("FIR 123/2026").

One vocabulary for the register, the engine, the window and the documents: ``CASE_KINDS`` and
``EVENT_KINDS`` (code → English source label, translated where shown) and ``case_label``.
"""

from __future__ import annotations

from app.i18n import N_, _
from app.services.core import officers

CASE_KINDS: dict[str, str] = {
    "fir": N_("FIR"),
    "ncr": N_("Non-cognizable report (NCR)"),
    "mlc": N_("Medico-legal case (MLC)"),
    "missing": N_("Missing person"),
    "unidentified-person": N_("Unidentified person"),
    "unidentified-body": N_("Unidentified dead body"),
    "unnatural-death": N_("Unnatural death"),
    "lost-property": N_("Lost property"),
    "missing-cattle": N_("Missing cattle"),
    "fire": N_("Fire accident"),
    "complaint": N_("Complaint"),
    "citizen-service": N_("Citizen-service request"),
    "citizen-info": N_("Citizen assisting the police"),
    "preventive-action": N_("Preventive action"),
    "externment": N_("Externment"),
    "stranger-roll": N_("Stranger roll"),
    "dead-animal": N_("Dead animal / carcass"),
    "din-sin": N_("'डिन सिन' entry"),
    "reward-criminal": N_("Criminal with a declared reward"),
    "arms-licence": N_("Arms licence"),
    "firing": N_("Firing / lathi-charge"),
    "senior-citizen": N_("Senior citizen"),
    "single-woman": N_("Single woman"),
    "drug-peddler": N_("Drug peddler"),
    "sex-offender": N_("Sex offender"),
    "gang": N_("Gang (OCIS-1)"),
    "gang-activity": N_("Gang criminal activity (OCIS-2)"),
    "gang-member": N_("Gang member (OCIS-3)"),
}

EVENT_KINDS: dict[str, str] = {
    "io-change": N_("IO assigned or changed"),
    "arrest": N_("Arrest"),
    "surrender": N_("Court surrender"),
    "seizure": N_("Seizure"),
    "case-diary": N_("Case diary day"),
    "interrogation": N_("Interrogation"),
    "first-remand": N_("First remand"),
    "remand": N_("Further remand"),
    "jail": N_("Sent to jail"),
    "final-report": N_("Final report (chargesheet or final report)"),
    "court-number": N_("Court case number"),
    "bail": N_("Bail application"),
    "summons": N_("Summons / warrant received"),
    "hearing": N_("Court hearing"),
    "disposal": N_("Court disposal"),
    "appeal": N_("Appeal result"),
    # missing persons and bodies (``cases.missing``)
    "traced": N_("Missing person traced"),
    "recovered": N_("Missing person recovered"),
    "matched": N_("Matched with another case (B-12)"),
    "inquest": N_("Inquest (panchayatnama)"),
    "transfer-out": N_("FIR transferred out"),
    "transfer-in": N_("FIR received by transfer"),
}

# Shorter names for the kinds that appear most in lists; the rest use their CASE_KINDS label.
CASE_SHORT = {
    "fir": N_("FIR"), "ncr": N_("NCR"), "mlc": N_("MLC"), "missing": N_("Missing"),
    "unidentified-person": N_("Unidentified person"), "unidentified-body": N_("Unidentified body"),
    "unnatural-death": N_("Unnatural death"),
}


class CaseLabel(str):
    """A case's label: as a string it reads in the current language ("FIR 123/2026", "प्राथमिकी 123/2026");
    it keeps its parts so a document can render the kind in the document's own language (``render``)."""

    kind: str | None
    number: int | None
    year: int | None
    case_id: int | None
    act: str | None
    sections: str | None

    def __new__(cls, kind, number, year, case_id, text: str, act: str | None = None, sections: str | None = None):
        obj = super().__new__(cls, text)
        obj.kind, obj.number, obj.year, obj.case_id = kind, number, year, case_id
        obj.act, obj.sections = act, sections
        return obj

    def __reduce__(self):
        return (CaseLabel, (self.kind, self.number, self.year, self.case_id, str(self), self.act, self.sections))

    def __deepcopy__(self, _memo) -> CaseLabel:
        return self  # immutable, like the str it is

    def render(self, translate) -> str:
        """The label with the kind's name passed through ``translate`` (a gettext-like callable)."""
        if not self:
            return ""
        return _format_case(translate(kind_source(self.kind)), self.number, self.year, self.case_id)

    def office(self, translate, lang: str, *, with_sections: bool = True) -> str:
        """The label as an office letter writes it in ``lang`` ("hi"/"en"): an FIR is "मु0अ0सं0 624/2022
        धारा 303(2) BNS" / "Case Crime No. 624/2022 u/s 303(2) BNS" (``core.officers``); other kinds as
        ``render`` gives them, with ``translate`` translating into ``lang``."""
        if not self:
            return ""
        if self.kind == "fir" and self.number is not None:
            return officers.fir_text(self.number, self.year, self.act, self.sections, lang,
                                     with_sections=with_sections)
        return self.render(translate)


def kind_source(kind: str | None) -> str:
    """The English source string naming a case kind (translatable with the catalog)."""
    return CASE_SHORT.get(kind or "") or CASE_KINDS.get(kind or "", (kind or "").upper())


def _format_case(kind_text: str, number, year, case_id) -> str:
    if number is not None and year is not None:
        return f"{kind_text} {number}/{year}".strip()
    if number is not None:
        return f"{kind_text} {number}".strip()
    return f"{kind_text} #{case_id}".strip()


def case_label(kind: str | None, number: int | None, year: int | None, case_id: int | None = None,
               act: str | None = None, sections: str | None = None) -> CaseLabel:
    """A short label for a case in the current language; "" when there is no case. ``act`` and
    ``sections`` (when the query has them) let documents print "मु0अ0सं0 624/2022 धारा 303(2) BNS"."""
    if kind is None or (case_id is None and number is None):
        return CaseLabel(kind, number, year, case_id, "", act, sections)
    source = kind_source(kind)
    text = _(source)  # i18n: marked (CASE_SHORT / CASE_KINDS values are N_()-marked)
    return CaseLabel(kind, number, year, case_id, _format_case(text, number, year, case_id), act, sections)
