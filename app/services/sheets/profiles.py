"""Named import profiles: the shipped ones (read-only JSON in resources/sheets/profiles) and the station's own.

The station's profiles live in its settings table (key "sheets.profile." + name), not in a folder on one PC:
they travel with the station's backups and bundles, every PC of a PostgreSQL station shares them, and each
change is audited like any other setting.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from sqlalchemy.orm import Session

from app.i18n import N_, _
from app.paths import resource_path
from app.services import audit
from app.services.access import Actor
from app.services.core.errors import NotFound
from app.services.core.settings import delete_setting, get_setting, put_setting, settings_with_prefix
from app.services.sheets.fields import guess_mapping, normalise_header, required_fields
from app.services.sheets.mapping import MAX_NAME, Profile
from app.services.sheets.reading import SheetError

PREFIX = "sheets.profile."
# The shipped profiles' names (resources/sheets/profiles/*.json), marked for translation: the window shows them in
# the user's language; the English name stays the profile's key (the CLI's --profile takes it).
SHIPPED_NAMES = (N_("CAS entry list"), N_("FIR register"))


@lru_cache(maxsize=1)
def _builtins() -> tuple[Profile, ...]:
    found = []
    for path in sorted(resource_path("sheets", "profiles").glob("*.json")):
        found.append(Profile.from_json(path.read_text(encoding="utf-8"), builtin=True))
    return tuple(found)


def profile_label(profile: Profile) -> str:
    """The name to show for ``profile``: a shipped one's in the user's language, a station's own as saved."""
    if profile.builtin and profile.name in SHIPPED_NAMES:
        return _(profile.name)  # i18n: marked (SHIPPED_NAMES)
    return profile.name


def builtin_profiles() -> list[Profile]:
    return [Profile.from_json(p.to_json(), builtin=True) for p in _builtins()]  # copies: callers may edit


def _saved(session: Session) -> list[Profile]:
    out = []
    for value in settings_with_prefix(session, PREFIX).values():
        try:
            out.append(Profile.from_json(value))
        except SheetError:
            continue  # a damaged or newer profile is left alone, never breaks the list
    return sorted(out, key=lambda p: p.name.casefold())


def list_profiles(session: Session) -> list[Profile]:
    """The shipped profiles first, then the station's, by name."""
    return builtin_profiles() + _saved(session)


def get_profile(session: Session, name: str) -> Profile:
    for profile in builtin_profiles():
        if profile.name.casefold() == name.casefold():
            return profile
    text = get_setting(session, PREFIX + name.strip())
    if text is None:
        for profile in _saved(session):
            if profile.name.casefold() == name.casefold():
                return profile
        raise NotFound(_("There is no import profile named {name}.").format(name=name))
    return Profile.from_json(text)


def _check_name(name: str) -> str:
    clean = " ".join((name or "").split())
    if not clean:
        raise SheetError(_("Give the profile a name."))
    if len(clean) > MAX_NAME:
        raise SheetError(_("A profile's name can have at most {count} characters.").format(count=MAX_NAME))
    if any(p.name.casefold() == clean.casefold() for p in _builtins()):
        raise SheetError(_("{name} is the name of a shipped profile; choose another name.").format(name=clean))
    return clean


def save_profile(session: Session, actor: Actor, profile: Profile) -> Profile:
    """Store ``profile`` under its name (replacing one of that name), audited; the caller commits."""
    name = _check_name(profile.name)
    saved = Profile(name=name, kind=profile.kind, columns=dict(profile.columns), date_format=profile.date_format,
                    header_row=profile.header_row, skip_bottom=profile.skip_bottom, sheet=profile.sheet)
    saved.check()
    text = saved.to_json()
    before = put_setting(session, PREFIX + name, text)
    audit.record(session, actor, "setting.update", "setting", PREFIX + name, before=before, after=text)
    return saved


def delete_profile(session: Session, actor: Actor, name: str) -> None:
    """Remove the station's profile ``name`` (a shipped one cannot be removed), audited; the caller commits."""
    profile = get_profile(session, name)
    if profile.builtin:
        raise SheetError(_("{name} is a shipped profile and cannot be deleted.").format(name=profile.name))
    before = delete_setting(session, PREFIX + profile.name)
    if before is None:
        raise NotFound(_("There is no import profile named {name}.").format(name=name))
    audit.record(session, actor, "setting.update", "setting", PREFIX + profile.name, before=before, after=None)


def match_profile(session: Session, headers: Sequence[object], kind: str) -> Profile | None:
    """The station's profile of ``kind`` whose header names are all among ``headers`` (the one naming the
    most columns), else the shipped profile of that kind when its guess finds every required field."""
    present = {normalise_header(h) for h in headers if h is not None}
    best = None
    for profile in _saved(session):
        if profile.kind == kind and profile.columns and all(
                normalise_header(h) in present for h in profile.columns.values()):
            if best is None or len(profile.columns) > len(best.columns):
                best = profile
    if best is not None:
        return best
    guessed = guess_mapping(list(headers), kind)
    if all(k in guessed for k in required_fields(kind)):
        for profile in builtin_profiles():
            if profile.kind == kind:
                return profile
    return None
