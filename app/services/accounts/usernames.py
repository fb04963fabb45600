"""A user name suggested from a person's name: the first name in Latin letters as Hindi speakers write
it (नीरज → neeraj, शालिनी → shalini, सुनील → suneel, कमला → kamla), so it can be typed on any keyboard.

A small table-driven transliteration with Hindi schwa deletion (the inherent "a" is dropped at the end of
a word and between two syllables, as it is spoken). The libraries that transliterate Devanagari (e.g.
indic-transliteration's ITRANS/IAST schemes) write Sanskrit: नीरज → "nIraja", शालिनी → "shAlinI", with
capitals for long vowels and the final "a" kept, which is not how a Hindi name is written in Latin letters.
Names in another script keep their letters and marks whole (a vowel sign is never dropped)."""

from __future__ import annotations

import re
import unicodedata

CONSONANTS = {
    "क": "k", "ख": "kh", "ग": "g", "घ": "gh", "ङ": "n", "च": "ch", "छ": "chh", "ज": "j", "झ": "jh", "ञ": "n",
    "ट": "t", "ठ": "th", "ड": "d", "ढ": "dh", "ण": "n", "त": "t", "थ": "th", "द": "d", "ध": "dh", "न": "n",
    "प": "p", "फ": "ph", "ब": "b", "भ": "bh", "म": "m", "य": "y", "र": "r", "ल": "l", "ळ": "l", "व": "v",
    "श": "sh", "ष": "sh", "स": "s", "ह": "h",
    "क़": "q", "ख़": "kh", "ग़": "g", "ज़": "z", "ड़": "r", "ढ़": "rh", "फ़": "f", "य़": "y",
}
VOWELS = {"अ": "a", "आ": "a", "इ": "i", "ई": "ee", "उ": "u", "ऊ": "oo", "ऋ": "ri", "ए": "e", "ऐ": "ai",
          "ओ": "o", "औ": "au", "ऑ": "o"}
SIGNS = {"ा": "a", "ि": "i", "ी": "ee", "ु": "u", "ू": "oo", "ृ": "ri", "े": "e", "ै": "ai", "ो": "o", "ौ": "au",
         "ॉ": "o"}
FINAL = {"ee": "i", "oo": "u"}  # शालिनी → shalini, साहू → sahu (but नीरज → neeraj)
VIRAMA, NUKTA = "्", "़"
NASAL = {"ं": "n", "ँ": "n"}
DEVANAGARI_DIGITS = {chr(0x966 + i): str(i) for i in range(10)}


def _syllables(word: str) -> list[list[str]]:
    """The word as units [consonant letters, vowel], vowel "" after a virama, None for the inherent a."""
    units: list[list] = []
    text = unicodedata.normalize("NFC", word)
    i = 0
    while i < len(text):
        ch = text[i]
        if i + 1 < len(text) and text[i + 1] == NUKTA and ch + NUKTA in CONSONANTS:
            ch, i = ch + NUKTA, i + 1
        if ch in CONSONANTS:
            units.append([CONSONANTS[ch], None])
        elif ch in SIGNS and units and units[-1][1] is None:
            units[-1][1] = SIGNS[ch]
        elif ch == VIRAMA and units and units[-1][1] is None:
            units[-1][1] = ""
        elif ch in VOWELS:
            units.append(["", VOWELS[ch]])
        elif ch in NASAL:  # संजय → sanjay: the vowel before it stays, an n follows
            if units and units[-1][1] is None:
                units[-1][1] = "a"
            units.append([NASAL[ch], ""])
        elif ch in DEVANAGARI_DIGITS:
            units.append([DEVANAGARI_DIGITS[ch], ""])
        elif ch.isascii() and ch.isalnum():
            units.append([ch.lower(), ""])
        i += 1
    return units


def _delete_schwas(units: list[list]) -> None:
    """Hindi drops the inherent a at a word's end and in V C a C V (कमला → kamla, but नीरज keeps its a)."""
    def voiced(k: int) -> bool:  # the unit is sounded with a vowel (its inherent a not dropped so far)
        return 0 <= k < len(units) and units[k][1] not in ("", "-")

    # the last a goes, unless the word ends in a cluster (जितेन्द्र → jitendra, सत्य → satya)
    if len(units) > 1 and units[-1][1] is None and units[-2][1] != "":
        units[-1][1] = "-"
    for k in range(len(units) - 2, 0, -1):
        if units[k][1] is None and units[k][0] and voiced(k - 1) and units[k + 1][0] and voiced(k + 1):
            units[k][1] = "-"
    for unit in units:
        if unit[1] is None:
            unit[1] = "a"


def transliterate(word: str) -> str:
    """One Devanagari word in Latin letters, lower case ("" when nothing in it can be written so)."""
    units = _syllables(word)
    _delete_schwas(units)
    out = []
    for n, (letters, vowel) in enumerate(units):
        vowel = "" if vowel == "-" else vowel
        if n == len(units) - 1:
            vowel = FINAL.get(vowel, vowel)
        out.append(letters + vowel)
    return "".join(out)


def suggest_username(name: str) -> str:
    """A user name from the first word of ``name``: Devanagari transliterated, Latin letters lower-cased,
    any other script kept whole with its vowel signs. A first word too short for a user name takes the next
    one after a dot (ओम प्रकाश → om.prakash); "" when nothing valid is left (a lone "Jo": the administrator types one)."""
    words = [w for w in (_word(w) for w in (name or "").split()) if w]
    if not words:
        return ""
    suggestion = words[0] if len(words[0]) >= 3 or len(words) == 1 else f"{words[0]}.{words[1]}"[:40]
    return suggestion if len(suggestion) >= 3 else ""


def _word(word: str) -> str:
    word = unicodedata.normalize("NFC", word)
    if any("\u0900" <= ch <= "\u097f" for ch in word):
        latin = transliterate(word)
        if latin:
            return latin
    kept = "".join(ch for ch in word if ch.isalnum() or ch in "._-" or unicodedata.category(ch).startswith("M"))
    return re.sub(r"^[._-]+", "", kept).casefold()
