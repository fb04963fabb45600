"""The fields an imported sheet can fill, and their column headers as registers write them (Hindi and English).

A header is compared after normalising: Devanagari digits to ASCII, lower case, and every space, dot, zero-for-
dot (मु0अ0सं0), slash and bracket dropped — so "F.I.R. No." and "FIR No" and "fir no" are one header. Exact
aliases win; then rapidfuzz's ratio of the normalised texts (≥ 85) catches small variants ("Date of Offense").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from app.i18n import N_, _

TABLE_KINDS = ("cases", "events", "cas_list")


@dataclass(frozen=True)
class Field:
    key: str
    kind: str  # case_number | year | date | text | sections | int
    label: str  # English source of the label (translate with _() when shown)
    aliases: tuple[str, ...]


FIELDS: dict[str, Field] = {f.key: f for f in (
    Field("case_number", "case_number", N_("Case number"), (
        "मु0अ0सं0", "मु0अ0स0", "मुकदमा अपराध संख्या", "मु0 अ0 सं0", "अपराध संख्या", "अपराध सं0", "मुअसं",
        "एफआईआर संख्या", "एफ0आई0आर0 नं0", "एफ0आई0आर0 संख्या", "प्रथम सूचना रिपोर्ट संख्या", "मु0अ0सं0/वर्ष",
        "FIR No.", "FIR Number", "FIR", "FIR No./Year", "Case No.", "Case Number", "Crime No.",
        "Case Crime No.", "Cr. No.", "Crime Number", "अ0सं0", "अपराध क्रमांक", "प्राथमिकी संख्या", "प्राथमिकी सं0",
        "प्राथमिकी क्रमांक", "FIR Sr. No.")),
    Field("case_year", "year", N_("Year of the case"), ("वर्ष", "सन", "सन्", "Year", "FIR Year", "Case Year")),
    Field("registered_on", "date", N_("Date of registration"), (
        "दिनांक पंजीकरण", "पंजीकरण दिनांक", "पंजीकरण की तिथि", "पंजीकरण तिथि", "दिनांक पंजीयन", "पंजीयन दिनांक",
        "दर्ज करने का दिनांक", "दिनांक व समय पंजीकरण", "दिनांक रिपोर्ट", "रिपोर्ट दिनांक", "एफआईआर दिनांक",
        "Registration date", "Date of registration", "Registered on", "FIR Date", "Date of FIR", "Reg. Date",
        "Registration Date/Time", "Date of report", "FIR Reg. Date", "FIR Registration Date", "प्राथमिकी दिनांक",
        "प्राथमिकी का दिनांक", "दिनांक प्राथमिकी")),
    Field("occurred_on", "date", N_("Date of offence"), (
        "घटना दिनांक", "दिनांक घटना", "घटना की तिथि", "घटना का दिनांक", "घटना तिथि", "दिनांक व समय घटना",
        "Date of offence", "Date of offense", "Offence date", "Occurrence date", "Date of occurrence",
        "Incident date", "Date of incident", "Crime date")),
    Field("act", "text", N_("Act"), ("अधिनियम", "एक्ट", "Act", "Acts", "Law")),
    Field("sections", "sections", N_("Sections"), (
        "धारा", "धाराएं", "धाराएँ", "धारायें", "Sections", "Section", "Sec.", "Sections of law", "U/S",
        # a column of both ("302 IPC") holds sections with their act: the importer reads the act from it
        "Acts & Sections", "Act & Section", "Act/Section", "Sections & Act", "Section/Act", "धारा/अधिनियम",
        "धारा व अधिनियम", "अधिनियम व धारा")),
    Field("io", "text", N_("Investigating officer"), (
        "विवेचक", "विवेचक का नाम", "विवेचना अधिकारी", "विवेचक नाम", "विवेचक/पीएनओ", "IO", "I.O.", "IO Name",
        "Investigating Officer", "Investigation Officer", "IO PNO", "IO/PNO", "Name of IO", "IO's name")),
    Field("complainant", "text", N_("Complainant"), (
        "वादी", "वादी का नाम", "वादी/शिकायतकर्ता", "शिकायतकर्ता", "Complainant", "Informant", "Complainant name")),
    Field("accused", "text", N_("Accused"), (
        "अभियुक्त", "अभियुक्त का नाम", "अभियुक्तगण", "नामजद अभियुक्त", "Accused", "Accused name", "Accused person")),
    Field("event", "text", N_("Event"), (
        "कार्यवाही", "घटनाक्रम", "कार्यवाही का प्रकार", "Event", "Event type", "Action", "Action taken")),
    Field("event_date", "date", N_("Date of the event"), (
        "कार्यवाही दिनांक", "दिनांक कार्यवाही", "दिनांक", "तिथि", "Event date", "Date of event", "Action date",
        "Date")),
    Field("form", "text", N_("CAS form"), ("फॉर्म", "प्रपत्र", "फार्म", "Form", "Form name", "IIF", "Form type")),
    Field("cas_reference", "text", N_("CAS reference"), (
        "CAS Reference", "CAS Ref", "CAS Ref.", "CAS Reference No.", "CAS Ref No.", "CAS Reference Number",
        "Acknowledgement No.", "Ack No.",
        "Acknowledgement Number", "Reference No.", "सीएएस संदर्भ", "संदर्भ संख्या", "पावती संख्या")),
    Field("entry_date", "date", N_("Date entered in CAS"), (
        "Entry Date", "Date of entry", "Entered on", "Entry date in CAS", "प्रविष्टि दिनांक", "फीडिंग दिनांक",
        "दिनांक प्रविष्टि")),
    Field("remarks", "text", N_("Remarks"), ("अभियुक्ति", "टिप्पणी", "विवरण", "Remarks", "Comments", "Notes")),
)}

_KIND_FIELDS = {
    "cases": ("case_number", "case_year", "registered_on", "occurred_on", "act", "sections", "io", "complainant",
              "accused", "remarks"),
    "events": ("case_number", "case_year", "event", "event_date", "accused", "io", "remarks"),
    "cas_list": ("case_number", "case_year", "form", "cas_reference", "entry_date", "registered_on", "remarks"),
}
_REQUIRED = {
    "cases": ("case_number", "registered_on"),
    "events": ("case_number", "event", "event_date"),
    "cas_list": ("case_number",),
}
FUZZY_CUTOFF = 85

_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")


def field_label(key: str) -> str:
    """The field's name in the user's language (its key itself when unknown)."""
    found = FIELDS.get(key)
    return _(found.label) if found else key  # i18n: marked (N_ above)


def fields_for(kind: str) -> tuple[str, ...]:
    return _KIND_FIELDS[kind]


def required_fields(kind: str) -> tuple[str, ...]:
    return _REQUIRED[kind]


def normalise_header(text: object) -> str:
    """A header as compared: digits ASCII, lower case, no spaces, dots, zero-for-dot, slashes or brackets."""
    if text is None:
        return ""
    s = str(text).translate(_DIGITS).lower().replace("\u200c", "").replace("\u200d", "")
    s = s.replace("़", "")  # फ़ and फ: one letter to a register's typist
    s = re.sub(r"(?<=[\u0900-\u097f])0", "", s)  # मु0अ0सं0 -> मुअसं
    s = re.sub(r"[\s.:;,/\\()\[\]{}\-_#'\"*?]+", "", s)
    return s


_ALIAS_INDEX: dict[str, dict[str, str]] = {}


def _aliases(kind: str) -> dict[str, str]:
    found = _ALIAS_INDEX.get(kind)
    if found is None:
        found = {}
        for key in fields_for(kind):
            for alias in FIELDS[key].aliases:
                found.setdefault(normalise_header(alias), key)
        _ALIAS_INDEX[kind] = found
    return found


def _scores(headers: Sequence[object], kind: str) -> list[tuple[float, int, str]]:
    """(score, column, field) for every plausible pair, best first: 100 for an exact alias."""
    aliases = _aliases(kind)
    pairs: list[tuple[float, int, str]] = []
    for col, header in enumerate(headers):
        norm = normalise_header(header)
        if not norm:
            continue
        if norm in aliases:
            pairs.append((101.0, col, aliases[norm]))
            continue
        best: dict[str, float] = {}
        for alias, key in aliases.items():
            score = fuzz.ratio(norm, alias)
            if len(alias) >= 4 and len(norm) > len(alias) and norm.startswith(alias):
                score = max(score, 88.0)  # "धारा अधिनियम सहित" starts with धारा
            if score >= FUZZY_CUTOFF and score > best.get(key, 0):
                best[key] = score
        pairs.extend((score, col, key) for key, score in best.items())
    pairs.sort(key=lambda p: (-p[0], p[1]))
    return pairs


def guess_mapping(headers: Sequence[object], kind: str) -> dict[str, int]:
    """Field key -> column index, from the header texts; each field and column used once, best pairs first."""
    mapping: dict[str, int] = {}
    used: set[int] = set()
    for _score, col, key in _scores(headers, kind):
        if key in mapping or col in used:
            continue
        mapping[key] = col
        used.add(col)
    return mapping


def _texts(row: Sequence[object]) -> list[str]:
    return [" ".join(v.split()) if isinstance(v, str) else "" for v in row]


def header_texts(rows: Sequence[Sequence[object]], header_row: int, kind: str) -> list[str]:
    """The column names of ``rows[header_row]``; where the row above is a group header over it ("दिनांक" merged
    over "पंजीकरण" and "घटना"), each name joined to its group's ("दिनांक पंजीकरण") when that finds more fields."""
    single = _texts(rows[header_row]) if 0 <= header_row < len(rows) else []
    if header_row <= 0 or header_row >= len(rows):
        return single
    above = _texts(rows[header_row - 1])
    if not any(above):
        return single
    joined = []
    for c, name in enumerate(single):
        group = above[c] if c < len(above) else ""
        joined.append(f"{group} {name}" if group and name and group != name else (name or group))
    return joined if len(guess_mapping(joined, kind)) > len(guess_mapping(single, kind)) else single


def find_header_row(rows: Sequence[Sequence[object]], kind: str, search: int = 30) -> int:
    """The index of the row that looks most like the header (most known headers, its group row above counted;
    the first on a tie)."""
    best, best_count = 0, 0
    first_filled = None
    for i, row in enumerate(rows[:search]):
        if first_filled is None and any(v is not None and str(v).strip() for v in row):
            first_filled = i
        count = len(guess_mapping(header_texts(rows, i, kind), kind))
        if count > best_count:
            best, best_count = i, count
    if best_count == 0:
        return first_filled or 0
    return best
