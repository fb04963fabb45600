"""Hindi typed in the legacy Kruti Dev 010 font, told apart from English and turned into Unicode.

Kruti Dev draws Devanagari glyphs on Latin key codes ("fganh" shows as हिंदी), so a sheet typed in it reads as
nonsense once the font is gone. No maintained library converts it, so the glyph table is a resource
(resources/sheets/krutidev.tsv, its source cited there) and the two reorderings are done here: the vowel sign
ि is typed BEFORE the consonant cluster it follows in Unicode, and the reph र् ('Z') AFTER the syllable it
precedes. Detection converts the text and checks that the result is well-formed Devanagari: English words
give vowel signs at a word's start, a halant before a vowel sign, a word ending in a halant…
"""

from __future__ import annotations

import re
from functools import lru_cache

from app.paths import resource_path

_I_MARK = "\ue000"  # 'f' while converting: ि not yet in its place
_REPH = "\ue001"  # 'Z' while converting: र् not yet in its place

CONSONANTS = set("कखगघङचछजझञटठडढणतथदधनपफबभमयरलळवशषसह") | set("क़ख़ग़ज़ड़ढ़फ़य़ऱऩ")
NUKTA = "\u093c"
HALANT = "\u094d"
SIGNS = set("ािीुूृेैोौॉॅ")  # dependent vowel signs
MARKS = set("ंँः")
VOWELS = set("अआइईउऊऋएऐओऔऑ")


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, str], int]:
    table: dict[str, str] = {}
    for line in resource_path("sheets", "krutidev.tsv").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("# "):  # a comment ("#" alone, then a tab, is the key for रु)
            continue
        kruti, uni = line.split("\t")
        table[kruti] = uni
    table["f"] = _I_MARK
    table["Z"] = _REPH
    return table, max(len(k) for k in table)


def _tokens(text: str) -> str:
    table, longest = _table()
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        for size in range(min(longest, n - i), 0, -1):
            piece = text[i:i + size]
            if piece in table:
                out.append(table[piece])
                i += size
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _is_consonant(text: str, i: int) -> bool:
    return 0 <= i < len(text) and text[i] in CONSONANTS


def _cluster_end(text: str, i: int) -> int:
    """The end of the consonant cluster starting at i (consonant [nukta] (halant consonant [nukta])*)."""
    j = i
    while _is_consonant(text, j):
        j += 1
        if j < len(text) and text[j] == NUKTA:
            j += 1
        if j + 1 < len(text) and text[j] == HALANT and _is_consonant(text, j + 1):
            j += 1
            continue
        break
    return j


def _cluster_start(text: str, end: int) -> int:
    """The start of the consonant cluster that ends just before ``end``."""
    i = end - 1
    if i >= 0 and text[i] == NUKTA:
        i -= 1
    if not _is_consonant(text, i):
        return end
    while i >= 2 and text[i - 1] == HALANT and _is_consonant(text, i - 2):
        i -= 2
    if i >= 3 and text[i - 1] == HALANT and text[i - 2] == NUKTA and _is_consonant(text, i - 3):
        i -= 3
    return i


def _place_i(text: str) -> str:
    out = text
    pos = out.find(_I_MARK)
    while pos != -1:
        end = _cluster_end(out, pos + 1)
        if end > pos + 1:
            out = out[:pos] + out[pos + 1:end] + "ि" + out[end:]
        else:
            out = out[:pos] + "ि" + out[pos + 1:]  # nothing to attach to: left for the checker to flag
        pos = out.find(_I_MARK)
    return out


def _place_reph(text: str) -> str:
    out = text
    pos = out.find(_REPH)
    while pos != -1:
        j = pos
        while j > 0 and (out[j - 1] in SIGNS or out[j - 1] in MARKS):
            j -= 1
        start = _cluster_start(out, j)
        if start == j:  # no syllable before it
            out = out[:pos] + "र्" + out[pos + 1:]
        else:
            out = out[:start] + "र्" + out[start:pos] + out[pos + 1:]
        pos = out.find(_REPH)
    return out


@lru_cache(maxsize=8192)  # registers repeat their names, acts and officers
def krutidev_to_unicode(text: str) -> str:
    """The Unicode Devanagari that ``text`` (typed in Kruti Dev 010) shows."""
    if not text:
        return text
    out = _tokens(text)
    out = out.replace(HALANT + "ा", "")  # a half consonant + the aa-sign is the full consonant ("D"+"k" = क)
    out = _place_i(out)
    out = _place_reph(out)
    out = out.replace("्ा", "")
    out = out.replace("अा", "आ").replace("आे", "ओ").replace("आै", "औ").replace("एे", "ऐ")
    return out


_LETTERS = re.compile(r"[A-Za-z]")
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")
_ACRONYM = re.compile(r"[A-Z0-9\s.,/()&-]+")  # "BNS", "IPC 302", "N.D.P.S.": English, never evidence of Kruti Dev


def problems(text: str) -> int:
    """How many places in ``text`` (Unicode) are not well-formed Devanagari: a vowel sign or halant with no
    consonant before it, a word ending in a halant, two vowel signs in a row…"""
    bad = 0
    prev = " "
    for i, ch in enumerate(text):
        if ch in SIGNS:
            if not (prev in CONSONANTS or prev == NUKTA):
                bad += 1
        elif ch == HALANT:
            if not (prev in CONSONANTS or prev == NUKTA):
                bad += 1
            nxt = text[i + 1] if i + 1 < len(text) else " "
            if not (nxt in CONSONANTS or nxt == "\u200d"):
                bad += 1
        elif ch in MARKS:
            if not (prev in CONSONANTS or prev in SIGNS or prev in VOWELS or prev == NUKTA):
                bad += 1
        elif ch == NUKTA and prev not in CONSONANTS:
            bad += 1
        elif ch in (_I_MARK, _REPH):
            bad += 1
        prev = ch
    return bad


# what Kruti Dev words show and English words rarely do: the aa-sign 'k' after a letter, य/ध/ख/श/ष typed as
# ; / [ ' ", the reph Z, a capital (a half letter) inside a word, a zero for the abbreviation dot, q without u
_MARKER = re.compile(r"[A-Za-z]k|[;/\[\]'\"{}~`\\|Z]|[a-z][A-Z]|[A-Za-z]0|q(?!u)")


# English words that a register writes and that Kruti Dev's tests alone would let through ("Remarks" has 'rk' and
# converts cleanly): a text mostly made of them is English
_ENGLISH = frozenset("""
a an and are as at be by for from has have in is it no not of on or the to was were with yes ok okay
remark remarks work worked works bank book books park market check checked block thank thanks kumar
lucknow kanpur agra meerut varanasi prayagraj ghaziabad noida bareilly aligarh moradabad gorakhpur jhansi
kotwali thana police station district dist date name names number no. act acts section sections ipc bns
crpc bnss ndps arms fir case cases crime accused complainant io sho si hc ct pno remarks comments notes
entry entered form reference status pending done total sign signature officer officers inspector
sub head constable male female address mobile phone father son of wife daughter age year years month
""".split())
_WORD = re.compile(r"[A-Za-z]+")
_SAMPLE = 400  # a column is judged on its first and last 400 text cells


def _marked(text: str) -> bool:
    words = [w for w in text.split() if _LETTERS.search(w)]
    if not words:
        return False
    english = sum(1 for w in words if (m := _WORD.search(w)) and m.group(0).lower() in _ENGLISH
                  and _WORD.fullmatch(w.strip(".,:;()")))
    if english * 2 >= len(words):
        return False
    return sum(1 for w in words if _MARKER.search(w)) * 2 >= len(words)


@lru_cache(maxsize=8192)
def is_krutidev(text: str) -> bool:
    """Whether ``text`` is Hindi typed in Kruti Dev: Latin key codes (no Devanagari), at least half of its words
    showing Kruti Dev's tell-tale keys, that convert to well-formed Devanagari. English fails one or the other
    ("Registration date" converts cleanly but has none of the keys; "Ram Kumar" converts to broken signs)."""
    if not isinstance(text, str) or not _LETTERS.search(text) or _DEVANAGARI.search(text):
        return False
    if not _marked(text):
        return False
    converted = krutidev_to_unicode(text)
    return problems(converted) == 0 and any(c in CONSONANTS or c in VOWELS for c in converted)


def convert_columns(rows: list[list], *, share: float = 0.7) -> tuple[list[list], bool]:
    """Rows with each Kruti Dev COLUMN turned into Unicode: a column whose text cells (those with Latin
    letters, acronyms aside) are mostly Kruti Dev (``share``, and at least two of them) is converted cell by
    cell; English, Unicode-Hindi and number columns are left as they are. Returns the rows and whether any
    column was converted. One English word may look like Kruti Dev ("Lucknow"); a whole column does not."""
    width = max((len(r) for r in rows), default=0)
    convert: list[int] = []
    for c in range(width):
        cells = [r[c] for r in rows if c < len(r) and isinstance(r[c], str)]
        if sum(1 for t in cells if _DEVANAGARI.search(t)) > len(cells) // 10:
            continue  # typed in a Unicode font: its Latin cells are English ("BNS"), not Kruti Dev
        texts = [t for t in cells if _LETTERS.search(t) and not _ACRONYM.fullmatch(t)]
        if not texts:
            continue
        texts = texts[:_SAMPLE] if len(texts) <= 2 * _SAMPLE else texts[:_SAMPLE] + texts[-_SAMPLE:]
        hits = sum(1 for t in texts if is_krutidev(t))
        if hits >= 2 and hits >= share * len(texts):
            convert.append(c)
    if not convert:
        return rows, False
    # the sheet is typed in Kruti Dev: a lone Kruti cell elsewhere (a header over numbers or dates) is too
    for c in range(width):
        if c in convert:
            continue
        for row in rows:
            value = row[c] if c < len(row) else None
            if isinstance(value, str) and is_krutidev(value) and not _ACRONYM.fullmatch(value):
                row[c] = krutidev_to_unicode(value)
    for row in rows:
        for c in convert:
            value = row[c] if c < len(row) else None
            if isinstance(value, str) and _LETTERS.search(value) and not _DEVANAGARI.search(value) \
                    and not _ACRONYM.fullmatch(value):
                row[c] = krutidev_to_unicode(row[c])
    return rows, True
