"""A spreadsheet file read and mapped through its profile — the one way the import (command and assistant), the
reconciliation and ``sheet show`` choose it: the profile named (refused when it is for another kind of table),
else the station's profile whose headers the sheet has, else the shipped guess.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session

from app.i18n import _
from app.services.access import Actor
from app.services.core.progress import Cancel, Progress
from app.services.sheets.dates import DATE_FORMATS
from app.services.sheets.fields import find_header_row
from app.services.sheets.mapping import Mapped, Profile, map_table
from app.services.sheets.profiles import get_profile, list_profiles, match_profile, save_profile
from app.services.sheets.reading import SheetError, Table, read_table


@dataclass(frozen=True)
class Loaded:
    """A file's table, the profile chosen for it and the table mapped through that profile."""
    table: Table
    profile: Profile
    mapped: Mapped


def read_file(path: Path, *, max_bytes: int | None = None) -> bytes:
    """The bytes of ``path``; a missing file, a folder, an unreadable or (with ``max_bytes``) too large file is
    refused with a message in the user's language."""
    try:
        if max_bytes is not None and path.stat().st_size > max_bytes:
            raise SheetError(_("The file is larger than {mb} MB; split it into smaller files.").format(
                mb=max_bytes // (1024 * 1024)))
        return path.read_bytes()
    except FileNotFoundError:
        raise SheetError(_("There is no file {path}.").format(path=path)) from None
    except IsADirectoryError:
        raise SheetError(_("{path} is a folder, not a file.").format(path=path)) from None
    except OSError as exc:
        raise SheetError(_("Cannot read {path}: {reason}").format(path=path, reason=exc.strerror)) from None


def choose_profile(session: Session, table: Table, kind: str | None, *, name: str | None = None,
                   fallback: str | None = None) -> Profile:
    """The profile named ``name`` (refused when it is not for ``kind``; any kind when ``kind`` is None), else the
    station's profile of ``kind`` whose headers the sheet has, else the shipped one whose guess finds every
    required field, else the profile named ``fallback``, else a blank one (every column guessed)."""
    if name:
        profile = get_profile(session, name)
        if kind is not None and profile.kind != kind:
            raise SheetError(_("The profile {name} is for {kind}, not {wanted}.").format(
                name=profile.name, kind=profile.kind, wanted=kind))
        return profile
    kind = kind or "cases"
    header = find_header_row(table.rows, kind)
    headers = table.rows[header] if 0 <= header < len(table.rows) else []
    found = match_profile(session, headers, kind)
    if found is not None:
        return found
    return get_profile(session, fallback) if fallback else Profile(name="", kind=kind)


def load_sheet(db, data: bytes, kind: str, *, profile: str | None = None, sheet: str | None = None,
               date_format: str | None = None, fallback: str | None = None, progress: Progress | None = None,
               cancelled: Cancel | None = None) -> Loaded:
    """``data`` read as a table (``read_table``), its profile chosen (``choose_profile``), the date format
    replaced when one is given, and the table mapped (``progress``/``cancelled``: see ``map_table``). Reads only."""
    if date_format and date_format not in DATE_FORMATS:
        raise SheetError(_("Unknown date format {format}. Use one of: {formats}.").format(
            format=date_format, formats=", ".join(DATE_FORMATS)))
    table = read_table(data, sheet=sheet)
    with db.session() as s:
        chosen = choose_profile(s, table, kind, name=profile, fallback=fallback)
    if date_format:
        chosen = replace(chosen, date_format=date_format)
    if chosen.sheet is None and table.sheet:
        chosen = replace(chosen, sheet=table.sheet)  # a profile saved from it remembers the sheet
    return Loaded(table, chosen, map_table(table, chosen, progress=progress, cancelled=cancelled))


def profiles_of_kind(db, kind: str) -> list[Profile]:
    """The shipped and the station's profiles for tables of ``kind``."""
    with db.session() as s:
        return [p for p in list_profiles(s) if p.kind == kind]


def store_profile(db, actor: Actor, profile: Profile) -> Profile:
    """``save_profile`` in its own unit of work (audited, committed)."""
    with db.session() as s:
        return save_profile(s, actor, profile)
