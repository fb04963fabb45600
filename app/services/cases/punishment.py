"""The punishment class of a case from its sections (the chargesheet clock: BNSS 187(3) = CrPC 167(2), NDPS 36A(4),
BNSS 193(2)).

The maximum punishment of each section is data, with its source: ``resources/law/punishments.json``. A case's class
comes from its gravest section:

- ``sexual`` where BNSS 193(2) (CrPC 173(1A)) names the section (rape, POCSO 4, 6, 8, 10): two months from the
  information;
- ``ndps`` where NDPS 36A(4) applies (commercial quantity, ss. 19, 24, 27A): 180 days;
- ``ge10`` where the maximum is death or life, or a term over 10 years, or the minimum is 10 years: 90 days;
- ``lt10`` otherwise: 60 days. A maximum of exactly 10 years is here: "may extend to ten years" is not "not less than
  ten years" (Supreme Court, *Rajeev Chaudhary v. State (NCT of Delhi)*, 2001).

A section the table does not know is never guessed: the classification lists it as unknown and the station chooses
the class, with a reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from app.i18n import _, ngettext
from app.paths import resource_path
from app.services.core.errors import UserError
from app.services.core.formatting import latin_digits
from app.services.core.validate import clean_text

TABLE = ("law", "punishments.json")
BAIL_DAYS = {"lt10": 60, "ge10": 90, "ndps": 180}
_SECTION = re.compile(r"^\d+[A-Z]{0,3}(?:\([0-9A-Z]{1,6}\))*$")
_SPLIT = re.compile(r"[,;/&+\s]+")
_FILLER = {"R", "W", "RW", "READ", "WITH", "U", "S", "US", "SEC", "SECS", "SECTION", "SECTIONS", "AND", "OF", "THE", "ACT",
           "धारा", "व", "एवं", "तथा", "अधिनियम", "एक्ट", "सहपठित", "की", "का"}
_TERM = re.compile(r"^(\d+(?:\.\d+)?)([ymd])$")
_MAX_ALIAS_WORDS = 6
# "304 Part II", "304 Pt. I", "105 भाग 2": the parts of a section with two punishments, as the table keys them
_PART = re.compile(r"(?i)(?<![0-9A-Za-z])(\d+[A-Z]{0,3})\s*[-,]?\s*(?:PART|PT\.?|भाग)\s*[-.]?\s*(II|I|2|1)(?![0-9A-Za-z])")


def _norm(word: str) -> str:
    return re.sub(r"[\s.()\-_'’]+", "", word.upper())


def _words(text: str) -> list[str]:
    return [w for w in _SPLIT.split(text) if w and _norm(w) not in _FILLER]


def _years(term: str | None) -> float | None:
    m = _TERM.match(term or "")
    if not m:
        return None
    n = float(m.group(1))
    return n if m.group(2) == "y" else n / 12 if m.group(2) == "m" else n / 365


@dataclass(frozen=True)
class SectionPunishment:
    """One section of the case as the table knows it."""

    act: str  # the table's act code, e.g. "BNS"
    section: str  # as typed (normalised), e.g. "103(1)"
    key: str  # the table's key it was found under
    max: str | None
    min: str | None
    offence: str
    sexual: bool = False
    ndps_36a4: bool = False
    accessory: bool = False
    check: bool = False

    @property
    def label(self) -> str:
        return f"{self.act} {self.section}"

    @property
    def punishment_class(self) -> str | None:
        if self.accessory:
            return None
        if self.sexual:
            return "sexual"
        if self.ndps_36a4:
            return "ndps"
        return "ge10" if self.ten_or_more else "lt10"

    @property
    def ten_or_more(self) -> bool:
        """Death, life, a term over 10 years, or at least 10 years: the 90-day clock of BNSS 187(3)(i)."""
        if self.max in ("death", "life"):
            return True
        top, bottom = _years(self.max), _years(self.min)
        return (top is not None and top > 10) or (bottom is not None and bottom >= 10)

    @property
    def severity(self) -> float:
        if self.accessory:
            return -1.0
        return {"death": 1000.0, "life": 900.0, "fine": 0.0, "under10": 0.5}.get(self.max or "", _years(self.max) or 0.0)

    def describe(self) -> str:
        return describe_punishment(self.max, self.min)


@dataclass(frozen=True)
class Classification:
    """What the sections give: the class and the section it comes from, or what stops it."""

    punishment_class: str | None
    deciding: SectionPunishment | None
    found: tuple[SectionPunishment, ...] = ()
    unknown: tuple[str, ...] = ()  # sections (with their act) the table does not know, or words not understood
    only_accessory: bool = False  # every known section takes its class from others, and there is no other
    partial_class: str | None = None  # what the known sections alone give, when some are unknown
    default_bail_days: int | None = None  # 60 / 90 / 180 from the first remand
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def known(self) -> bool:
        return self.punishment_class is not None

    @property
    def empty(self) -> bool:
        return not self.found and not self.unknown

    def reason(self) -> str:
        """The class with its reason, e.g. "BNS 103(1): death or life imprisonment → 90 days from the first remand
        (BNSS 187(3))"; or why no class can be given."""
        if self.empty:
            return _("No sections given.")
        if self.unknown:
            return _("Not in the punishment table: {sections}. Choose the class and say why.").format(
                sections=", ".join(self.unknown))
        if self.only_accessory:
            return _("{sections} take their class from the offence's own section; none is given. Choose the class "
                     "and say why.").format(sections=", ".join(s.label for s in self.found))
        return reason_text(self.punishment_class, self.deciding.label, self.deciding.max, self.deciding.min,
                           self.default_bail_days)

    def basis(self) -> dict:
        """What is stored with the case (``cases.punishment_basis``) so its reason can be shown in any language."""
        if self.empty:
            return {"by": "none"}
        if not self.known:
            return {"by": "unknown", "unknown": list(self.unknown),
                    "accessory": [s.label for s in self.found if s.accessory] if self.only_accessory else []}
        d = self.deciding
        return {"by": "sections", "class": self.punishment_class, "section": d.label, "max": d.max, "min": d.min,
                "days": self.default_bail_days}


def describe_punishment(top: str | None, bottom: str | None) -> str:
    if top == "death":
        return _("death or life imprisonment") if not bottom else _("{min} to death").format(min=_term(bottom))
    if top == "life":
        return _("up to life imprisonment") if not bottom else _("{min} to life imprisonment").format(min=_term(bottom))
    if top == "fine":
        return _("fine only")
    if top == "under10":
        return _("less than 10 years")
    if bottom:
        return _("{min} to {max}").format(min=_term(bottom), max=_term(top))
    return _("up to {max}").format(max=_term(top))


def _term(term: str | None) -> str:
    m = _TERM.match(term or "")
    if not m:
        return term or "?"
    n, unit = m.group(1), m.group(2)
    count = int(float(n)) if float(n).is_integer() else float(n)
    if unit == "y":
        return ngettext("{n} year", "{n} years", count).format(n=n)
    if unit == "m":
        return ngettext("{n} month", "{n} months", count).format(n=n)
    return ngettext("{n} day", "{n} days", count).format(n=n)


def reason_text(cls: str | None, label: str, top: str | None, bottom: str | None, days: int | None) -> str:
    """"BNS 103(1): death or life imprisonment → 90 days from the first remand (BNSS 187(3))" and the like."""
    punishment = describe_punishment(top, bottom)
    if cls == "ndps":
        return _("{section}: {punishment}; NDPS 36A(4) applies (commercial quantity, or ss. 19, 24, 27A) → 180 days "
                 "from the first remand").format(section=label, punishment=punishment)
    if cls == "sexual":
        return _("{section}: {punishment}; rape / POCSO → investigation within two months of the information "
                 "(BNSS 193(2)), and default bail {days} days from the first remand (BNSS 187(3))").format(
            section=label, punishment=punishment, days=days or 60)
    if cls == "ge10":
        return _("{section}: {punishment} → 90 days from the first remand (BNSS 187(3))").format(
            section=label, punishment=punishment)
    text = _("{section}: {punishment} → 60 days from the first remand (BNSS 187(3))").format(
        section=label, punishment=punishment)
    if _years(top) == 10:
        text += " " + _("('may extend to ten years' is not 'not less than ten years': Supreme Court, Rajeev Chaudhary "
                        "v. State, 2001)")
    return text


def basis_text(basis: dict | str | None, punishment_class: str | None) -> str:
    """The stored basis of a case's class, in the current language."""
    if isinstance(basis, str):
        try:
            basis = json.loads(basis) if basis.strip() else None
        except json.JSONDecodeError:
            basis = None
    if not isinstance(basis, dict):
        return _("basis not recorded") if punishment_class else ""
    by = basis.get("by")
    if by == "sections":
        return reason_text(basis.get("class"), str(basis.get("section", "")), basis.get("max"), basis.get("min"),
                           basis.get("days"))
    if by == "user":
        text = _("set by hand: {reason}").format(reason=basis.get("reason") or "—")
        computed = basis.get("sections")
        if isinstance(computed, dict) and computed.get("by") == "sections":
            text += " " + _("(the sections give: {reason})").format(reason=basis_text(computed, computed.get("class")))
        elif basis.get("unknown"):
            text += " " + _("(not in the punishment table: {sections})").format(sections=", ".join(basis["unknown"]))
        return text
    if by == "none":
        return _("no sections given: the 60-day clock applies until the class is known")
    return ""


# --- the table --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Act:
    code: str
    name_en: str
    name_hi: str
    source: str
    entries: dict  # KEY (upper case) -> (table key, entry dict)


@lru_cache(maxsize=2)
def load_table(path: str | None = None) -> tuple[dict[str, _Act], dict[str, str]]:
    """The acts (by code) and an alias index (normalised words → act code)."""
    data = json.loads(Path(path or resource_path(*TABLE)).read_text(encoding="utf-8"))
    acts: dict[str, _Act] = {}
    aliases: dict[str, str] = {}
    for code, act in data["acts"].items():
        entries = {key.upper(): (key, e) for key, e in act["sections"].items()}
        acts[code] = _Act(code, act["name_en"], act["name_hi"], act["source"], entries)
        for alias in [code, *act.get("aliases", [])]:
            aliases["".join(_norm(w) for w in _words(alias))] = code
    return acts, aliases


def act_source(code: str) -> str:
    acts, _aliases = load_table()
    return acts[code].source


def _match_acts(words: list[str], aliases: dict[str, str]) -> list[tuple[str, str]]:
    """The run of words as ("act", CODE) where they name an act (longest alias first) and ("word", WORD) where not,
    in their order."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + _MAX_ALIAS_WORDS), i, -1):
            key = "".join(_norm(w) for w in words[i:j])
            code = aliases.get(key) or (aliases.get(key[2:]) if key.startswith("UP") else None)
            if code:
                out.append(("act", code))
                i = j
                break
        else:
            out.append(("word", words[i]))
            i += 1
    return out


_NOT_PENAL = {"CRPC", "BNSS", "BSA", "IEA", "सीआरपीसी", "बीएनएसएस", "बीएसए"}
_PROCEDURE_WORDS = {"CRPC": "CRPC", "सीआरपीसी": "CRPC", "दप्रसं": "CRPC", "BNSS": "BNSS", "बीएनएसएस": "BNSS"}


def acts_named_in_sections(sections: str) -> list[str]:
    """The IPC, BNS, CrPC and BNSS named inside a sections text ("302 IPC", "BNS 103(1)", "41 Cr.P.C."), as
    "IPC" / "BNS" / "CRPC" / "BNSS", so the date rule of 1 July 2024 is checked on them as on the act field."""
    _acts, aliases = load_table()
    words = _words(latin_digits(sections or ""))
    named = [v for k, v in _match_acts(words, aliases) if k == "act" and v in ("IPC", "BNS")]
    named += [_PROCEDURE_WORDS[_norm(w)] for w in words if _norm(w) in _PROCEDURE_WORDS]
    return list(dict.fromkeys(named))


def _lookup(act: _Act, section: str) -> tuple[str, dict] | None:
    """The entry for a section: exact; else, if the table has only sub-clauses of it that all give the same class,
    the gravest of them; else the section with its last clause dropped ("64(2)(m)" → "64(2)")."""
    key = section
    while True:
        if key in act.entries:
            return act.entries[key]
        children = [v for k, v in act.entries.items() if k.startswith(key + "(")]
        if children:
            found = [_entry(act.code, section, k, e) for k, e in children]
            outcomes = {(s.accessory, s.punishment_class) for s in found}
            if len(outcomes) != 1:
                return None
            top = max(zip(found, children), key=lambda p: p[0].severity)
            return top[1]
        if "(" not in key:
            return None
        key = key[: key.rindex("(")]


def _clauses(act: _Act, section: str) -> str:
    """" (say which: 20(a), 20(b)(ii)(A), …)" when the table has clauses of the section that differ in class."""
    keys = [f"{k} ({e['also']})" if e.get("also") else k
            for k, e in act.entries.values() if k.upper().startswith(section + "(")]
    if not keys:
        return ""
    shown = ", ".join(keys[:6]) + (", …" if len(keys) > 6 else "")
    return " " + _("(say which: {clauses})").format(clauses=shown)


def _entry(code: str, typed: str, key: str, e: dict) -> SectionPunishment:
    return SectionPunishment(code, typed, key, e.get("max"), e.get("min"), e.get("offence", ""),
                             sexual=bool(e.get("sexual")), ndps_36a4=bool(e.get("ndps_36a4")),
                             accessory=bool(e.get("accessory")), check=bool(e.get("check")))


def _display_section(token: str, key: str | None, typed: dict[str, str]) -> str:
    """The section as the table writes it when it matched exactly (keeps "20(b)(ii)(C)"), else as typed."""
    return key if key is not None and key.upper() == token else typed.get(token, token)


def classify_punishment(act: str, sections: str, *, table: str | None = None) -> Classification:
    """The punishment class from the act(s) and sections of an FIR, with its reason and what it could not place.

    Sections may name their act ("103(1) BNS, 25 Arms Act" or "BNS 103(1); NDPS 20(b)(ii)(C)"); a section that
    names none belongs to the act of the ``act`` field, or, with several acts there, to the one act whose table
    knows it. Remembered per (act, sections, table), as the table is (``load_table``): an import of a register
    asks the same few combinations thousands of times; the result is frozen."""
    return _classified(act or "", sections or "", table)


@lru_cache(maxsize=4096)
def _classified(act: str, sections: str, table: str | None) -> Classification:
    """``classify_punishment`` uncached: the sections read, each given its act, looked up in the table."""
    acts, aliases = load_table(table)
    field_items = _match_acts(_words(act or ""), aliases)
    field_codes = [v for k, v in field_items if k == "act"]
    # the procedure and evidence codes in the act field ("IPC, CrPC") punish nothing: no section is theirs
    field_unknown = [v for k, v in field_items if k == "word" and _norm(v) not in _NOT_PENAL]
    items, typed = _section_items(sections, aliases)
    named = _acts_of_sections(items)
    unknown: list[str] = [w for kind, w in items if kind == "bad" or kind == "other" and not any(
        c == "?" + w for _t, c in named)]  # words that stand alone; those naming an act show with its sections
    field_known = [c for c in dict.fromkeys(field_codes)]
    found = _look_up_sections(named, typed, acts, field_known, field_unknown, unknown)
    offences = [s for s in found if not s.accessory]
    partial, deciding = _gravest(offences)
    days = _bail_days(partial, offences)
    if unknown:
        return Classification(None, None, tuple(found), tuple(dict.fromkeys(unknown)), partial_class=partial,
                              default_bail_days=None)
    if found and not offences:
        return Classification(None, None, tuple(found), (), only_accessory=True)
    return Classification(partial, deciding, tuple(found), (), partial_class=partial, default_bail_days=days)


def _section_items(sections: str, aliases: dict[str, str]) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The sections field read into items: ("sec", TOKEN) a section as the table writes it, ("act", CODE) an
    act the table has, ("other", WORDS) words naming no act in it, ("bad", TOKEN) a number that is no
    section; and each TOKEN as it was typed."""
    text = re.sub(r"\s*\)", ")", re.sub(r"\s*\(\s*", "(", latin_digits(sections or "")))
    text = _PART.sub(lambda m: f"{m.group(1)}({2 if m.group(2).upper() in ('II', '2') else 1})", text)
    items: list[tuple[str, str]] = []
    typed: dict[str, str] = {}  # TOKEN → as typed
    run: list[str] = []

    def flush() -> None:  # words that name no act in the table: an act it does not have ("MV Act"), or a slip
        for kind, value in _match_acts(run, aliases):
            if kind == "word" and items and items[-1][0] == "other":
                items[-1] = ("other", f"{items[-1][1]} {value}")
            else:
                items.append(("other" if kind == "word" else kind, value))
        run.clear()

    for token in _words(text):
        if token[:1].isdigit():  # "304-A", "25(1-B)" → "304A", "25(1B)"
            token = re.sub(r"(?<=[0-9A-Za-z])-(?=[0-9A-Za-z])", "", token)
        upper = token.upper()
        if _SECTION.match(upper):
            flush()
            items.append(("sec", upper))
            typed.setdefault(upper, token)
        elif token[:1].isdigit():  # not a section as the table writes them: said as it is
            flush()
            items.append(("bad", token))
        else:
            run.append(token)
    flush()
    return items, typed


def _acts_of_sections(items: list[tuple[str, str]]) -> list[tuple[str, str | None]]:
    """(section, act code) for each section: acts written after their sections ("302 IPC") or before them
    ("BNS 103(1)"); the code is None when no act is written, "?WORDS" when the words name no act known."""
    named: list[tuple[str, str | None]] = []
    marks = [kind for kind, _v in items if kind != "bad"]
    suffix = bool(marks) and marks[-1] != "sec"
    current: str | None = None
    for kind, value in (reversed(items) if suffix else items):
        if kind == "sec":
            named.append((value, current))
        elif kind != "bad":
            current = value if kind == "act" else "?" + value
    if suffix:
        named.reverse()
    return named


def _look_up_sections(named: list[tuple[str, str | None]], typed: dict[str, str], acts: dict[str, _Act],
                      field_known: list[str], field_unknown: list[str], unknown: list[str]) -> list[SectionPunishment]:
    """Each section looked up in its act (or, with none written, in the act field's acts when they agree); what
    cannot be told is added to ``unknown`` as it should be shown."""
    found: list[SectionPunishment] = []
    for token, code in named:
        if code is not None and code.startswith("?"):
            unknown.append(f"{code[1:]} {typed.get(token, token)}")
            continue
        if code is not None:
            hit = _lookup(acts[code], token)
            if hit is None:
                unknown.append(f"{code} {typed.get(token, token)}" + _clauses(acts[code], token))
            else:
                found.append(_entry(code, _display_section(token, hit[0], typed), hit[0], hit[1]))
            continue
        if field_unknown:  # the act field names an act the table does not have: the section may be of that act
            unknown.append(" / ".join([*field_known, *field_unknown]) + f" {typed.get(token, token)}")
            continue
        hits = [(c, h) for c in field_known if (h := _lookup(acts[c], token)) is not None]
        outcomes = {(_entry(c, token, h[0], h[1]).punishment_class, _entry(c, token, h[0], h[1]).accessory)
                    for c, h in hits}
        if not hits or len(outcomes) > 1:
            unknown.append(f"{' / '.join(field_known) or '?'} {typed.get(token, token)}"
                           + (_clauses(acts[field_known[0]], token) if len(field_known) == 1 else ""))
        else:
            c, h = hits[0]
            found.append(_entry(c, _display_section(token, h[0], typed), h[0], h[1]))
    return found


_ORDER = ("sexual", "ndps", "ge10", "lt10")


def _gravest(offences: list[SectionPunishment]) -> tuple[str | None, SectionPunishment | None]:
    for cls in _ORDER:
        of_class = [s for s in offences if s.punishment_class == cls]
        if of_class:
            return cls, max(of_class, key=lambda s: s.severity)
    return None, None


def _bail_days(cls: str | None, offences: list[SectionPunishment]) -> int | None:
    if cls is None:
        return None
    if cls == "sexual":  # the 187(3) clock still runs; 193(2)'s two months usually end first
        return 180 if any(s.ndps_36a4 for s in offences) else 90 if any(s.ten_or_more for s in offences) else 60
    return BAIL_DAYS[cls]


# --- choosing a case's class ---------------------------------------------------------------------------------


def decide_class(act: str, sections: str, chosen: str | None, reason: str | None,
                 classes: dict[str, str]) -> tuple[str | None, str]:
    """The class an FIR gets and its basis (JSON for ``cases.punishment_basis``).

    Nothing chosen: the class the sections give; refused when a section is not in the table (never guessed).
    A class chosen that differs from what the sections give, or with sections the table does not know: kept with
    the reason, which is required."""
    reason = clean_text(reason or "", _("Reason"), max_len=500)
    if chosen in ("", None):
        chosen = None
    elif chosen not in classes:
        raise UserError(_("Unknown punishment class '{value}'. Use one of: {values}.").format(
            value=chosen, values=", ".join(classes)))
    found = classify_punishment(act, sections)
    if chosen is None:
        if found.known or found.empty:
            return found.punishment_class, json.dumps(found.basis(), ensure_ascii=False)
        raise UserError(_("The chargesheet clock cannot be worked out from the sections: {problem} Classes: {classes}.")
                        .format(problem=found.reason(), classes=", ".join(classes)), field="punishment_class")
    if chosen == found.punishment_class or (found.empty and not reason):
        basis = found.basis() if found.known else {"by": "user", "class": chosen, "reason": reason}
        if reason and found.known:
            basis["confirmed"] = reason
        return chosen, json.dumps(basis, ensure_ascii=False)
    if not reason:
        if found.known:
            message = _("The sections give '{computed}' ({reason}). To set '{chosen}' instead, say why.").format(
                computed=found.punishment_class, reason=found.reason(), chosen=chosen)
        else:
            message = _("{problem} To set '{chosen}', say why.").format(problem=found.reason(), chosen=chosen)
        raise UserError(message, field="punishment_reason")
    return chosen, json.dumps({"by": "user", "class": chosen, "reason": reason,
                               "sections": found.basis() if found.known else None,
                               "unknown": list(found.unknown)}, ensure_ascii=False)
