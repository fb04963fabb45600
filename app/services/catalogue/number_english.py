"""A Hindi letter number as an English document writes it.

Headquarters letters (the circulars of the catalogue) are numbered with English initials spelt out in Devanagari, "टीएस-सीसीटीएनएस-35/2010" (TS =
Technical Services, CCTNS), and are known in English by the initials themselves: "TS-CCTNS-35/2010". An English
document cites that form; a Hindi one keeps the number as the letter prints it. Devanagari digits become 0-9. A
number with any other Devanagari (a word, not initials) is not guessed at: it is cited as printed."""

from __future__ import annotations

import re

# The Hindi spelling of each English letter's name, as offices write initials (both common spellings of W and Z).
_LETTER_NAMES = {
    "ए": "A", "बी": "B", "सी": "C", "डी": "D", "ई": "E", "एफ": "F", "जी": "G", "एच": "H", "आई": "I", "जे": "J",
    "के": "K", "एल": "L", "एम": "M", "एन": "N", "ओ": "O", "पी": "P", "क्यू": "Q", "आर": "R", "एस": "S", "टी": "T",
    "यू": "U", "वी": "V", "डब्लू": "W", "डब्ल्यू": "W", "एक्स": "X", "वाई": "Y", "जेड": "Z", "ज़ेड": "Z",
}
_BY_LENGTH = sorted(_LETTER_NAMES, key=len, reverse=True)
_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_DEVANAGARI = re.compile(r"[\u0900-\u097F]+")


def _initials(word: str) -> str | None:
    """``word`` (Devanagari only) read as spelt-out English initials; None when it is not wholly such."""
    out, i = [], 0
    while i < len(word):
        for name in _BY_LENGTH:
            if word.startswith(name, i):
                out.append(_LETTER_NAMES[name])
                i += len(name)
                break
        else:
            return None
    return "".join(out)


def number_in_english(number: str) -> str:
    """``number`` as cited in an English document (see the module's note); unchanged when it holds a word."""
    text = (number or "").translate(_DIGITS)
    words = _DEVANAGARI.findall(text)
    read = {w: _initials(w) for w in words}
    if any(v is None for v in read.values()):
        return number
    return _DEVANAGARI.sub(lambda m: read[m.group(0)], text)
