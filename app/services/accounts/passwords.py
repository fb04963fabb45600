"""Password hashing (argon2id) and the rules for a new password.

Rules follow NIST SP 800-63B and OWASP ASVS 5.0 V6: at least 8 characters, longer encouraged, any
characters (Hindi too), no composition rules, refused when it is on the shipped list of common
passwords or is just the person's own name, user name or PNO. Passwords are NFKC-normalised before
hashing, so the same phrase typed with a different Unicode composition still matches.

Hashing uses argon2id with at least OWASP's parameters (m = 19 MiB, t = 2, p = 1). Tests may install
cheaper parameters through ``use_params`` — the one injection point; production code never calls it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from app.i18n import _, ngettext
from app.paths import resource_path
from app.services.core.errors import UserError

MIN_LENGTH = 8
GOOD_LENGTH = 15  # a length we praise; not enforced
MAX_LENGTH = 256  # long passphrases welcome; a bound only against pasted megabytes


@dataclass(frozen=True)
class Argon2Params:
    time_cost: int
    memory_cost_kib: int
    parallelism: int


# OWASP Password Storage Cheat Sheet's argon2id floor: 19 MiB, 2 iterations, 1 lane.
DEFAULT_PARAMS = Argon2Params(time_cost=2, memory_cost_kib=19 * 1024, parallelism=1)

_params = DEFAULT_PARAMS
_hasher: PasswordHasher | None = None


def _make_hasher(p: Argon2Params) -> PasswordHasher:
    return PasswordHasher(time_cost=p.time_cost, memory_cost=p.memory_cost_kib, parallelism=p.parallelism,
                          hash_len=32, salt_len=16, type=Type.ID)


def hasher() -> PasswordHasher:
    global _hasher
    if _hasher is None:
        _hasher = _make_hasher(_params)
    return _hasher


def current_params() -> Argon2Params:
    return _params


def use_params(params: Argon2Params | None) -> None:
    """Install other argon2 parameters (tests only); ``None`` returns to ``DEFAULT_PARAMS``."""
    global _params, _hasher
    _params = params or DEFAULT_PARAMS
    _hasher = None


def normalise(password: str) -> str:
    return unicodedata.normalize("NFKC", password or "")


def hash_password(password: str) -> str:
    return hasher().hash(normalise(password))


def verify_password(encoded: str | None, password: str) -> bool:
    """True when ``password`` matches ``encoded``; a missing or malformed hash never matches."""
    if not encoded:
        _dummy_verify(password)
        return False
    try:
        return hasher().verify(encoded, normalise(password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(encoded: str) -> bool:
    """True when the hash was made with other (e.g. older, weaker) parameters than today's."""
    try:
        return hasher().check_needs_rehash(encoded)
    except (InvalidHashError, ValueError):
        return True


@lru_cache(maxsize=4)
def _dummy_hash(params: Argon2Params) -> str:
    return _make_hasher(params).hash("anupalan-dummy-password")


def _dummy_verify(password: str) -> None:
    """Spend the same time as a real check, so an unknown user name is not revealed by timing."""
    try:
        hasher().verify(_dummy_hash(_params), normalise(password))
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        pass


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    path = resource_path("security", "common-passwords.txt")
    with open(path, encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip())


_TRAILING = re.compile(r"[\d\W_]+$", re.UNICODE)
_SEPARATORS = re.compile(r"[\s._@-]+")


def _folded(text: str) -> str:
    return normalise(text).casefold()


def problems(password: str, *, context_words: tuple[str, ...] = ()) -> list[str]:
    """What is wrong with a proposed new password, in the user's language (empty: acceptable)."""
    pw = normalise(password)
    if len(pw) < MIN_LENGTH:
        return [_("The password must have at least {n} characters (it has {length}). "
                  "A short phrase of several words is easy to remember.").format(n=MIN_LENGTH, length=len(pw))]
    if len(pw) > MAX_LENGTH:
        return [_("The password is too long (at most {n} characters).").format(n=MAX_LENGTH)]
    if pw.strip() == "":
        return [_("The password cannot be only spaces.")]
    folded = pw.casefold()
    found: list[str] = []
    stem = _TRAILING.sub("", folded)  # "dragon2024!" → "dragon"
    if folded in common_passwords() or (len(stem) >= 6 and stem in common_passwords()):
        found.append(_("This password is on the list of common passwords that are guessed first. Choose another."))
    if len(set(folded)) <= 2:
        found.append(_("The password repeats the same characters. Choose another."))
    core = _SEPARATORS.sub("", stem)
    for word in context_words:
        w = _SEPARATORS.sub("", _folded(word or ""))
        if len(w) >= 3 and (core == w or _SEPARATORS.sub("", folded) == w):
            found.append(_("The password must not be your name, user name or PNO. Choose another."))
            break
    if core in ("anupalan", "अनुपालन", "cctns", "uppolice", "police", "thana"):
        found.append(_("The password must not be the name of the app or of the police. Choose another."))
    return found


def check_new_password(password: str, confirm: str | None = None, *, context_words: tuple[str, ...] = ()) -> str:
    """Raise ``UserError`` for an unacceptable new password; return it normalised."""
    found = problems(password, context_words=context_words)
    if found:
        raise UserError(found[0], field="password")
    if confirm is not None and normalise(confirm) != normalise(password):
        raise UserError(_("The two passwords are not the same. Type the new password again."), field="confirm")
    return normalise(password)


def strength_hint(password: str) -> str:
    """One encouraging line for the password field (longer is better; no composition rules)."""
    n = len(normalise(password))
    if n == 0:
        return _("At least {n} characters. A phrase of three or four words is strong and easy to remember.").format(
            n=MIN_LENGTH)
    if n < MIN_LENGTH:
        left = MIN_LENGTH - n
        return ngettext("{left} more character needed.", "{left} more characters needed.", left).format(left=left)
    if n < GOOD_LENGTH:
        return _("Long enough. Longer is stronger: add another word.")
    return _("Good length.")
