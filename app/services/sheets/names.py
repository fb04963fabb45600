"""Comparing people's names across scripts and spellings.

"राम कुमार", "Ram Kumar", "RAMKUMAR" and "Shri Ramkumaar" are one man in a register. A name is turned into a
key: Devanagari transliterated to plain Latin (the inherent 'a' dropped at a word's end, as Hindi speaks it),
lower case, titles and ranks dropped, spaces and dots removed, and the usual spelling variants folded (aa -> a,
ee -> i, w -> v, sh -> s…). Keys are then compared with rapidfuzz (a C++ library, thousands of names in a
fraction of a second). The helpers only score: whoever calls them shows candidates, never merges silently.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence

from rapidfuzz import fuzz, process

_CONS = {
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n", "च": "ch", "छ": "chh", "ज": "j", "झ": "jh", "ञ": "n",
    "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh", "ण": "n", "त": "t", "थ": "th", "द": "d", "ध": "dh", "न": "n",
    "प": "p", "फ": "ph", "ब": "b", "भ": "bh", "म": "m", "य": "y", "र": "r", "ल": "l", "ळ": "l", "व": "v",
    "श": "sh", "ष": "sh", "स": "s", "ह": "h", "क़": "q", "ख़": "kh", "ग़": "g", "ज़": "z", "ड़": "r", "ढ़": "rh",
    "फ़": "f", "य़": "y", "ऱ": "r", "ऩ": "n",
}
_VOWELS = {"अ": "a", "आ": "aa", "इ": "i", "ई": "ee", "उ": "u", "ऊ": "oo", "ऋ": "ri", "ए": "e", "ऐ": "ai",
           "ओ": "o", "औ": "au", "ऑ": "o", "ॐ": "om"}
_SIGNS = {"ा": "aa", "ि": "i", "ी": "ee", "ु": "u", "ू": "oo", "ृ": "ri", "े": "e", "ै": "ai", "ो": "o",
          "ौ": "au", "ॉ": "o", "ॅ": "e"}
_MARKS = {"ं": "n", "ँ": "n", "ः": "h", "़": "", "्": "", "ऽ": "", "।": ".", "॥": "."}
_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")

# titles and ranks that precede a name (compared after transliteration, lower case, no dots)
_TITLES = ("shri", "shree", "sri", "smt", "shrimati", "kumari", "km", "mr", "mrs", "ms", "dr", "late", "swargiya",
           "si", "asi", "hc", "hcp", "ct", "const", "constable", "insp", "inspector", "sho", "so", "io",
           "upnirikshak", "unirikshak", "un", "uni", "mukhya", "aarakshi", "arakshi", "kaa", "ka", "mua",
           "hcap", "hecon", "he", "ko", "kon", "si.", "sub", "subinspector", "nirikshak", "prabhari")
# Hindi rank abbreviations written with a zero for the dot (उ0नि0, मु0आ0, का0, हे0का0): dropped only with the dot
_ABBREVIATIONS = ("u", "ni", "mu", "aa", "a", "ka", "kaa", "he", "pr", "pra", "s", "sa", "up", "ma", "m")
_TITLE_RE = re.compile(r"^(?:(?:" + "|".join(sorted(_TITLES, key=len, reverse=True)) + r")[\s.]+|(?:"
                       + "|".join(sorted(_ABBREVIATIONS, key=len, reverse=True)) + r")\.\s*)+")
_FOLDS = (("aa", "a"), ("ee", "i"), ("ii", "i"), ("oo", "u"), ("uu", "u"), ("w", "v"), ("sh", "s"),
          ("ph", "f"), ("z", "j"), ("q", "k"), ("ck", "k"), ("kh", "k"), ("gh", "g"), ("bh", "b"), ("dh", "d"),
          ("th", "t"), ("jh", "j"), ("chh", "ch"), ("y", "i"), ("ai", "e"), ("au", "o"), ("ou", "o"))


def transliterate(text: str) -> str:
    """``text`` with Devanagari turned into plain Latin (lower case); other letters kept."""
    out: list[str] = []
    s = str(text).translate(_DIGITS)
    n = len(s)
    for i, ch in enumerate(s):
        if ch in _CONS:
            out.append(_CONS[ch])
            nxt = s[i + 1] if i + 1 < n else ""
            if nxt == "़" and i + 2 < n:
                nxt = s[i + 2]
            if nxt in _SIGNS or nxt in ("्", "़"):
                continue
            # the inherent 'a': silent at a word's end
            if not nxt or not ("\u0900" <= nxt <= "\u097f") or nxt in ("।", "॥"):
                continue
            out.append("a")
        elif ch in _VOWELS:
            out.append(_VOWELS[ch])
        elif ch in _SIGNS:
            out.append(_SIGNS[ch])
        elif ch in _MARKS:
            out.append(_MARKS[ch])
        else:
            out.append(ch.lower())
    return "".join(out)


def name_key(text: object) -> str:
    """The comparable key of a person's name (see the module's note); "" for an empty name."""
    if text is None:
        return ""
    s = transliterate(str(text)).lower()
    s = re.sub(r"(?<=[a-z])0", ".", s)  # उ0नि0 -> u.ni.
    s = re.sub(r"[^a-z0-9\s.]", " ", s)
    s = _TITLE_RE.sub("", s.strip() + " ").strip()
    s = re.sub(r"[^a-z0-9]", "", s)
    for a, b in _FOLDS:
        s = s.replace(a, b)
    s = re.sub(r"(.)\1+", r"\1", s)  # doubled letters: "ramm" ~ "ram"
    return s


def name_score(a: object, b: object) -> float:
    """0..100: how alike two names are once both are keys."""
    ka, kb = name_key(a), name_key(b)
    if not ka or not kb:
        return 0.0
    return float(fuzz.ratio(ka, kb))


class NameIndex:
    """Names to look people up by: id -> a name or [name, aliases…]. ``exact`` gives the ids whose key is the
    query's; ``candidates`` the best scored ids (never a decision: the caller shows them for review)."""

    def __init__(self, names: Mapping[Hashable, str | Sequence[str]]):
        self._ids: list[Hashable] = []
        self._keys: list[str] = []
        self._by_key: dict[str, list[Hashable]] = {}
        for ident, value in names.items():
            for name in ([value] if isinstance(value, str) else list(value)):
                key = name_key(name)
                if not key:
                    continue
                self._ids.append(ident)
                self._keys.append(key)
                ids = self._by_key.setdefault(key, [])
                if ident not in ids:
                    ids.append(ident)

    def exact(self, query: object) -> list[Hashable]:
        return list(self._by_key.get(name_key(query), ()))

    def candidates(self, query: object, limit: int = 5, cutoff: float = 80) -> list[tuple[Hashable, float]]:
        key = name_key(query)
        if not key or not self._keys:
            return []
        found = process.extract(key, self._keys, scorer=fuzz.ratio, score_cutoff=cutoff,
                                limit=max(limit * 4, limit))
        best: dict[Hashable, float] = {}
        for _, score, idx in found:
            ident = self._ids[idx]
            if score > best.get(ident, -1):
                best[ident] = float(score)
        return sorted(best.items(), key=lambda kv: -kv[1])[:limit]


_PNO = re.compile(r"(?<![0-9])([0-9]{6,12})(?![0-9])")
_PNO_WORD = re.compile(r"(?:p\s*\.?\s*n\s*\.?\s*o|पी\s*[0.]?\s*एन\s*[0.]?\s*ओ|पीएनओ)\s*[.:#\-]?\s*(?:no\.?|नं\s*[0.]?)?\s*",
                       re.IGNORECASE)


def pno_of(text: object) -> str | None:
    """The PNO written in a cell, or None: "102345678", "PNO 102345678", "पीएनओ- १०२३४५६७८", "SI Ram Kumar
    (102345678)". Only one run of 6-12 digits counts (two would be a guess); a date or case number is not one."""
    if text is None:
        return None
    s = str(text).translate(_DIGITS)
    s = _PNO_WORD.sub(" ", s)
    found = _PNO.findall(s)
    return found[0] if len(found) == 1 else None
