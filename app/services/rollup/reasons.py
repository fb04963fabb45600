"""Why the rollup waits for a station's full bundle (``rollup_stations.needs_full_reason``), stored language-neutral:
a reason code and its arguments as JSON, rendered in the reader's language where it is shown (the CLI's refusals,
``rollup stations``, the rollup window). A value written before this (plain text in the importer's language) is
shown as it was stored."""

from __future__ import annotations

import json

from app.i18n import _

REIMPORTED = "reimported"  # a delta reused a sequence already imported with other contents
NOT_FOLLOWING = "not_following"  # a delta not made on the bundle imported last
AUDIT_SHORTER = "audit_shorter"  # the station's audit trail is shorter than before
DIGEST = "digest"  # after a bundle the office's copy differed from the station's (state digest)
_WENT_BACK = (REIMPORTED, NOT_FOLLOWING, AUDIT_SHORTER)


def needs_full_code(code: str, **args) -> str:
    """The stored form of a reason: ``{"code": …, "args": {…}}``."""
    return json.dumps({"code": code, "args": args}, ensure_ascii=False, sort_keys=True)


def _decode(stored: str) -> tuple[str, dict] | None:
    try:
        value = json.loads(stored) if stored.startswith("{") else None
    except ValueError:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("args"), dict) or not isinstance(value.get("code"), str):
        return None
    return value["code"], value["args"]


def what_went_back(stored: str) -> str:
    """What showed the station's data went back, in the current language ('' for another reason)."""
    decoded = _decode(stored or "")
    if decoded is None or decoded[0] not in _WENT_BACK:
        return ""
    code, a = decoded
    if code == REIMPORTED:
        return _("bundle {seq} was imported before with other contents").format(seq=a.get("seq", "?"))
    if code == NOT_FOLLOWING:
        return _("bundle {seq} does not follow bundle {last} as imported here").format(seq=a.get("seq", "?"),
                                                                                        last=a.get("last", "?"))
    return _("its audit trail is shorter than before ({now} < {before})").format(now=a.get("now", "?"),
                                                                                 before=a.get("before", "?"))


def needs_full_text(stored: str | None) -> str:
    """The reason in the current language; an old plain-text value (or an unknown code) as it was stored."""
    stored = stored or ""
    decoded = _decode(stored)
    if decoded is None:
        return stored
    code, a = decoded
    if code in _WENT_BACK:
        return _("the station's data went back: {what}").format(what=what_went_back(stored))
    if code == DIGEST:
        return _("after bundle {seq} the office's copy differs from the station's (state digest)").format(
            seq=a.get("seq", "?"))
    return stored
