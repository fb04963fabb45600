"""The CAS forms a CAS list names, read from however the list writes them ("IIF-3", "IIF 3", "iif3",
"Arrest memo", "गिरफ्तारी"), and the kinds of case each form is made on.

A form written as a known code (spaces, dots, dashes and case aside) is certain; anything else is compared
with the forms' names by rapidfuzz and gives scored guesses, which the reconciliation never applies by itself.
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

# form code (as the duties carry it) -> the kinds of case its entries are made on
FORM_CASE_KINDS: dict[str, tuple[str, ...]] = {
    "IIF-1": ("fir",), "IIF-2": ("fir",), "IIF-3": ("fir",), "IIF-4": ("fir",), "IIF-5": ("fir",),
    "IIF-6": ("fir",), "IIF-7": ("fir",), "CD": ("fir",),
    "IIF-8": ("missing",), "IIF-9": ("unidentified-person",),
    "IIF-10/11": ("unidentified-body", "unnatural-death"),
    "NCR": ("ncr",), "MLC": ("mlc",),
    "OCIS-1": ("gang",), "OCIS-2": ("gang-activity",), "OCIS-3": ("gang-member",),
}

# names a list may use instead of the code (English and Hindi, as CAS and the registers word them)
FORM_NAMES: dict[str, tuple[str, ...]] = {
    "IIF-1": ("First Information Report", "FIR", "FIR registration", "प्रथम सूचना रिपोर्ट", "एफआईआर"),
    "IIF-2": ("Crime Details Form", "Crime details", "अपराध विवरण", "अपराध विवरण प्रपत्र"),
    "IIF-3": ("Arrest / Court Surrender Memo", "Arrest memo", "Arrest", "Court surrender", "गिरफ्तारी",
              "गिरफ्तारी/आत्मसमर्पण", "गिरफ्तारी मेमो"),
    "IIF-4": ("Property Seizure Memo", "Seizure memo", "Seizure", "संपत्ति जब्ती", "जब्ती", "बरामदगी"),
    "IIF-5": ("Final Report Form", "Final report", "Chargesheet", "Charge sheet", "अन्तिम रिपोर्ट", "अंतिम रिपोर्ट",
              "आरोप पत्र"),
    "IIF-6": ("Court Disposal", "Court case disposal", "कोर्ट केस निपटारा", "न्यायालय निस्तारण"),
    "IIF-7": ("Result of Appeal", "Appeal result", "अपील का परिणाम"),
    "IIF-8": ("Missing person registration", "Missing person", "गुमशुदा"),
    "IIF-9": ("Unidentified person registration", "Unidentified person", "अज्ञात व्यक्ति"),
    "IIF-10/11": ("Unidentified dead body", "Unnatural death", "अज्ञात शव", "अप्राकृतिक मृत्यु"),
    "NCR": ("Non-cognizable report", "NCR", "एनसीआर", "असंज्ञेय रिपोर्ट"),
    "MLC": ("Medico-legal case", "MLC", "एमएलसी", "चिकित्सीय विधिक"),
    "CD": ("Case diary", "केस डायरी", "प्रकरण दैनिकी", "पर्चा"),
    "OCIS-1": ("Gang profile", "गैंग प्रोफाइल"),
    "OCIS-2": ("Gang criminal activity", "गैंग आपराधिक गतिविधि"),
    "OCIS-3": ("Gang member details", "गैंग सदस्य"),
}

FORM_CUTOFF = 70  # a name scoring below this is not offered as a guess

_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")


def _squeeze(text: str) -> str:
    """Upper case, Devanagari digits as ASCII, without spaces, dots, dashes, underscores or slashes."""
    return re.sub(r"[\s.\-_/\\()]+", "", str(text).translate(_DIGITS)).upper()


_CODES: dict[str, str] = {}
for _code in FORM_CASE_KINDS:
    _CODES[_squeeze(_code)] = _code
_CODES["IIF10"] = _CODES["IIF11"] = "IIF-10/11"
_CODES["IIF1011"] = "IIF-10/11"
for _code in ("NCR", "MLC", "CD"):
    _CODES[_code] = _code
_CODES["CASEDIARY"] = "CD"

_NAMES: dict[str, str] = {}
for _code, _names in FORM_NAMES.items():
    for _name in _names:
        _NAMES.setdefault(_squeeze(_name), _code)


def form_code(text: object) -> str | None:
    """The form's code when the text names it for certain (its code, or one of its names exactly), else None."""
    if text is None:
        return None
    squeezed = _squeeze(text)
    if not squeezed:
        return None
    if squeezed in _CODES:
        return _CODES[squeezed]
    m = re.fullmatch(r"(?:IIF|FORM|प्रपत्र|फॉर्म|फार्म)(?:NO)?(\d{1,2})", squeezed)
    if m:
        return _CODES.get(f"IIF{int(m.group(1))}")
    return _NAMES.get(squeezed)


def form_guesses(text: object, limit: int = 3) -> list[tuple[str, float]]:
    """Scored guesses (code, 0..100), best first, for a form text that is not certain; [] for an empty text."""
    squeezed = _squeeze(text) if text is not None else ""
    if not squeezed:
        return []
    best: dict[str, float] = {}
    for name, score, _i in process.extract(squeezed, list(_NAMES) + list(_CODES), scorer=fuzz.ratio, limit=12,
                                           score_cutoff=FORM_CUTOFF):
        code = _NAMES.get(name) or _CODES[name]
        best[code] = max(best.get(code, 0.0), float(score))
    return sorted(best.items(), key=lambda kv: -kv[1])[:limit]
