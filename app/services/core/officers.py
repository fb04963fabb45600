"""Names, ranks and cases as UP Police offices write them: "उ0नि0 राम सिंह (PNO 132451007)",
"मु0अ0सं0 624/2022 धारा 303(2) BNS"; in English "SI Ram Singh (PNO 132451007)", "Case Crime No.
624/2022 u/s 303(2) BNS".

Ranks are free text in the staff table (typed in English or Hindi, in full or abbreviated, with "0",
"०" or "." as the abbreviation mark). ``rank_code`` recognises the ranks of a police station and of
its supervising officers; a rank it does not know is printed as it was typed. Pure functions: no
database, no Qt — documents, the CLI and the window share them.

Abbreviations follow UP Police letters and press notes (our reading of common usage, not of a
circular): ASCII "0" as the abbreviation mark, as in "उ0नि0", "मु0अ0सं0".
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Rank:
    code: str
    hi_short: str
    hi_full: str
    en_short: str
    en_full: str
    aliases: tuple[str, ...] = ()


# Order matters only for reading; matching is by the normalised key of every form and alias.
RANKS: tuple[Rank, ...] = (
    Rank("sp", "पुलिस अधीक्षक", "पुलिस अधीक्षक", "SP", "Superintendent of Police",
         ("एसपी", "पु0अ0")),
    Rank("asp", "अपर पुलिस अधीक्षक", "अपर पुलिस अधीक्षक", "ASP", "Additional Superintendent of Police",
         ("एएसपी", "अ0पु0अ0", "Addl. SP")),
    Rank("dysp", "पुलिस उपाधीक्षक", "पुलिस उपाधीक्षक", "Dy. SP", "Deputy Superintendent of Police",
         ("DSP", "Deputy SP", "पु0उ0अ0")),
    Rank("co", "क्षेत्राधिकारी", "क्षेत्राधिकारी", "CO", "Circle Officer", ("सीओ",)),
    Rank("insp_incharge", "प्र0नि0", "प्रभारी निरीक्षक", "Insp. In-charge", "Inspector In-charge",
         ("Inspector-in-charge", "Inspector Incharge", "SHO", "एसएचओ")),
    Rank("so", "थानाध्यक्ष", "थानाध्यक्ष", "SO", "Station Officer", ("थानाध्यक्ष", "थानेदार")),
    Rank("insp", "नि0", "निरीक्षक", "Insp.", "Inspector", ("इंस्पेक्टर", "Inspr")),
    Rank("ssi", "व0उ0नि0", "वरिष्ठ उपनिरीक्षक", "SSI", "Senior Sub-Inspector",
         ("Sr. Sub-Inspector", "Senior SI", "Sr SI")),
    Rank("wsi", "म0उ0नि0", "महिला उपनिरीक्षक", "W/SI", "Woman Sub-Inspector",
         ("Lady Sub-Inspector", "WSI", "Lady SI", "Woman SI")),
    Rank("trainee_si", "प्रशि0 उ0नि0", "प्रशिक्षु उपनिरीक्षक", "Trainee SI", "Trainee Sub-Inspector",
         ("प्रशिक्षु उ0नि0", "Probationer SI")),
    Rank("si", "उ0नि0", "उपनिरीक्षक", "SI", "Sub-Inspector",
         ("उप निरीक्षक", "दरोगा", "दारोगा", "Sub Inspector", "Subinspector", "S.I.")),
    Rank("asi", "स0उ0नि0", "सहायक उपनिरीक्षक", "ASI", "Assistant Sub-Inspector",
         ("सहायक उप निरीक्षक", "Asst. Sub-Inspector")),
    Rank("head_mohrir", "हे0मो0", "हेड मोहर्रिर", "HM", "Head Moharrir",
         ("Head Mohrir", "Head Muharrir", "हेड मुहर्रिर")),
    Rank("whc", "म0मु0आ0", "महिला मुख्य आरक्षी", "W/HC", "Woman Head Constable",
         ("Lady Head Constable", "WHC")),
    Rank("hc", "मु0आ0", "मुख्य आरक्षी", "HC", "Head Constable",
         ("हेड कांस्टेबल", "हेड कान्स्टेबल", "हे0का0", "हे0कां0", "Head Const.", "H.C.", "Havildar")),
    Rank("wct", "म0आ0", "महिला आरक्षी", "W/Ct.", "Woman Constable",
         ("Lady Constable", "महिला कांस्टेबल", "म0का0", "WC", "LC", "W/Constable")),
    Rank("ct_driver", "आरक्षी चालक", "आरक्षी चालक", "Ct. Driver", "Constable Driver",
         ("का0 चालक", "कां0 चालक", "Driver Constable", "आ0चा0")),
    Rank("ct", "आरक्षी", "आरक्षी", "Ct.", "Constable",
         ("कांस्टेबल", "कान्स्टेबल", "का0", "कां0", "कान्स0", "आ0", "Const.", "PC", "Police Constable")),
    Rank("hg", "हो0गा0", "होमगार्ड", "HG", "Home Guard", ("होम गार्ड", "Homeguard")),
    Rank("operator", "कम्प्यूटर ऑपरेटर", "कम्प्यूटर ऑपरेटर", "Computer Operator", "Computer Operator",
         ("कम्प्यूटर आपरेटर", "कंप्यूटर ऑपरेटर", "Computer Operator Grade A", "कम्प्यूटर ऑपरेटर ग्रेड ए")),
)

_MARKS = re.compile(r"[\s.\-_/,()]+")


def _key(text: str) -> str:
    """The matching key of a rank as typed: no case, spaces, dots or dashes; "०" and "॰" read as "0"."""
    text = text.strip().lower().replace("०", "0").replace("॰", "0")
    return _MARKS.sub("", text)


def _index() -> dict[str, Rank]:
    out: dict[str, Rank] = {}
    for r in RANKS:
        for form in (r.code, r.hi_short, r.hi_full, r.en_short, r.en_full, *r.aliases):
            out.setdefault(_key(form), r)
    return out


_BY_KEY = _index()
BY_CODE = {r.code: r for r in RANKS}


def rank_code(rank: str | None) -> str | None:
    """The known rank a free-text rank names (``"si"`` for "Sub-Inspector", "उ0नि0", "S.I." …), or None."""
    if not rank or not rank.strip():
        return None
    r = _BY_KEY.get(_key(rank))
    return r.code if r else None


def rank_text(rank: str | None, lang: str, *, full: bool = False) -> str:
    """A rank in ``lang`` ("hi" or "en"): the office abbreviation ("उ0नि0", "SI"), or the rank written
    out with ``full=True`` ("उपनिरीक्षक", "Sub-Inspector"). An unknown rank is returned as typed."""
    text = (rank or "").strip()
    r = _BY_KEY.get(_key(text)) if text else None
    if r is None:
        return text
    if lang == "hi":
        return r.hi_full if full else r.hi_short
    return r.en_full if full else r.en_short


def pno_text(pno: str | None, lang: str) -> str:
    """"PNO 132451007" in both languages; "" without a PNO."""
    pno = (pno or "").strip()
    if not pno:
        return ""
    return f"PNO {pno}"  # PNO stays in Latin letters in Hindi too (i18n/GLOSSARY.md)


def person_text(name: str, rank: str | None, pno: str | None, lang: str, *, full: bool = False) -> str:
    """A person as an office letter names him: rank, name, then the PNO in brackets —
    "उ0नि0 राम सिंह (PNO 132451007)", "SI Ram Singh (PNO 132451007)". Two people of one name are
    told apart by the PNO."""
    name = (name or "").strip()
    rank_part = rank_text(rank, lang, full=full)
    text = f"{rank_part} {name}".strip()
    number = pno_text(pno, lang)
    return f"{text} ({number})" if number else text


FIR_PREFIX = {"hi": "मु0अ0सं0", "en": "Case Crime No."}
SECTIONS_WORD = {"hi": "धारा", "en": "u/s"}


def sections_text(act: str | None, sections: str | None, lang: str) -> str:
    """"धारा 303(2) BNS" / "u/s 303(2) BNS"; "" when no section is known."""
    sections = (sections or "").strip()
    if not sections:
        return ""
    act = (act or "").strip()
    return f"{SECTIONS_WORD['hi' if lang == 'hi' else 'en']} {sections}" + (f" {act}" if act else "")


def number_text(number: int | None, year: int | None) -> str:
    if number is None:
        return ""
    return f"{number}/{year}" if year is not None else str(number)


def fir_text(number: int | None, year: int | None, act: str | None, sections: str | None, lang: str,
             *, with_sections: bool = True) -> str:
    """An FIR as officers write it: "मु0अ0सं0 624/2022 धारा 303(2) BNS", "Case Crime No. 624/2022 u/s
    303(2) BNS" (without sections when none are known or ``with_sections`` is false)."""
    code = "hi" if lang == "hi" else "en"
    parts = [FIR_PREFIX[code], number_text(number, year)]
    if with_sections:
        parts.append(sections_text(act, sections, code))
    return " ".join(p for p in parts if p)
