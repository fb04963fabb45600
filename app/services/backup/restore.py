"""Restoring a backup: the checks, the permission, what the restore would lose (confirmed by an
administrator), a verified copy of the current file first, the audit row written into the prepared copy, and
the copy put in place by the storage (``storage.put_in_place``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.i18n import _
from app.models.staff import Person
from app.services.access import SYSTEM, Actor, authorize
from app.services.audit import record, verify
from app.services.backup.actions import authorize_on_file
from app.services.core.errors import DatabaseDamagedError, DatabaseNewerError, UserError
from app.services.station import open_database
from app.services.storage import (
    Consequence,
    Database,
    FileFacts,
    admin_in_file,
    assess,
    behind_committed,
    consequences,
    discard_staging,
    facts,
    integrity_ok,
    latest_verified,
    make_backup,
    preview,
    put_in_place,
    readable_consequences,
    stage,
    table_counts,
    upgrade,
)


@dataclass(frozen=True)
class RestoreResult:
    restored_from: str
    safety_backup: str | None  # the verified copy of the file as it was before the restore
    moved_aside: list[str]  # a damaged file (and its -wal/-shm) renamed, never overwritten
    counts: dict[str, int]

    def as_dict(self) -> dict:
        return dict(self.__dict__)


class RestoreNeedsConfirmation(UserError):
    """The restore would lose something (``consequences``, each said in the user's language); nothing was
    changed. An administrator may repeat it with ``confirm=True`` once they have read what is lost."""

    def __init__(self, found: list[Consequence]):
        super().__init__("\n".join([c.text for c in found] + [_(
            "Nothing was changed. The restore goes ahead only when an administrator confirms this.")]))
        self.consequences = found


def restore_backup(db_path: Path, backup_file: Path | str, *, actor: Actor = SYSTEM,
                   confirm: bool = False, sign_in: Callable[[Database], Actor] | None = None) -> RestoreResult:
    """Replace the station's data with a backup's. Nothing is lost: the current file is first backed up
    (or, when damaged, moved aside under a new name). The caller must have closed its own connections
    and hold the instance lock (the window and the CLI both do).

    Fails closed: a live file that cannot be checked right now (locked, busy) refuses
    (``DatabaseUnavailableError``), only established damage skips the permission check on the live file;
    a restore that would put another station's data, a file without accounts or an older history in place
    raises ``RestoreNeedsConfirmation`` unless ``confirm``. The restore's audit row (who, from which file,
    what it replaced) is written into the prepared copy before it replaces the live data, so the data and
    its record of the restore arrive together or not at all.

    ``sign_in``: over a damaged (or missing) live file nobody can sign in against it; when given, the person
    signs in against the backup's own accounts (in the prepared copy, where the sign-in is audited too),
    must be its administrator, and the restore is recorded as theirs rather than the system's."""

    db_path = Path(db_path)
    src = Path(backup_file).expanduser()
    _refuse_unusable(src, db_path)
    current_ok, damage = _assess_live(db_path, actor)
    staged = stage(src, db_path)
    try:
        upgrade(staged, backup_first=False)  # the backup itself is the copy kept
        _refuse_altered(staged, src)  # before any of its accounts is trusted for a sign-in
        if not current_ok and sign_in is not None:
            actor = _signed_in_on(staged, sign_in)
            _refuse_unless_admin_in_newest_backup(db_path, src, actor)
        found = consequences(db_path, staged) if current_ok else _damaged_consequences(db_path, staged)
        if found and not confirm:
            raise RestoreNeedsConfirmation(found)
        if found and not current_ok and actor.is_system and facts(staged).accounts:
            # nobody could sign in against the damaged file: only an administrator of the (verified)
            # backup, signed in, may accept losing committed work or the station's own data
            raise UserError(_("Over a damaged database, a restore that loses something is confirmed only by an "
                              "administrator signed in (--user). Nothing was changed."))
        replaced = facts(db_path) if current_ok else None
        safety, current_ok = _safety_copy(db_path, current_ok)
        _record_restore(staged, actor, src, safety, found, replaced, None if current_ok else damage)
        moved = put_in_place(staged, db_path, current_ok=bool(current_ok))
    finally:
        discard_staging(db_path)
    ok, detail = integrity_ok(db_path, quick=True)  # its pages passed the full check in the prepared copy
    if not ok:  # pragma: no cover - SQLite guarantees this; checked anyway
        raise DatabaseDamagedError(_("The restored database failed its integrity check ({detail}). "
                                     "The copy made before the restore is {path}.").format(detail=detail, path=safety))
    return RestoreResult(str(src), safety, moved, table_counts(db_path))


def _refuse_unusable(src: Path, db_path: Path) -> None:
    """Refuse a backup that is damaged, from a newer version, not Anupalan's, or the live file itself."""
    info = preview(src, db_path, full=False)  # the prepared copy gets the full check (``stage``)
    if not info.integrity_ok:
        raise DatabaseDamagedError(_("The backup {path} failed its integrity check ({detail}); it was not restored.")
                                   .format(path=src, detail=info.detail))
    if info.newer:
        raise DatabaseNewerError(_("The backup {path} was made by a newer version of Anupalan; this version "
                                   "cannot restore it.").format(path=src))
    if not info.revisions:
        raise UserError(_("The file {path} is not an Anupalan backup (it has no schema revision).").format(path=src))
    if db_path.exists() and src.resolve() == db_path.resolve():
        raise UserError(_("The backup file is the database itself; choose a backup copy."))


def _assess_live(db_path: Path, actor: Actor) -> tuple[bool | None, str | None]:
    """(whether the live file is sound, its damage): None when there is no live file. The actor must be allowed
    to restore over a sound file; over a damaged one, only the administrator (or the system) may."""
    current_ok, damage = None, None  # no live file: nothing to protect or compare
    if db_path.exists() or db_path.is_symlink():
        current_ok, damage = assess(db_path, quick=True)  # raises when the file cannot be checked now
    if current_ok:
        authorize_on_file(db_path, actor, "backup.restore")
    elif current_ok is False and not actor.is_system:
        raise UserError(_("Only the administrator may restore over a damaged database."))
    return current_ok, damage


def _safety_copy(db_path: Path, current_ok: bool | None) -> tuple[str | None, bool | None]:
    """A verified copy of a sound live file before it is replaced: (the copy, whether the file is still taken as
    sound: the copy's full check may find damage the quick check missed)."""
    if not current_ok:
        return None, current_ok
    record_ = make_backup(db_path, reason="pre-restore", prune=False)
    if record_.ok:
        return record_.file, current_ok
    return None, False


def _damaged_consequences(db_path: Path, staged: Path) -> list[Consequence]:
    """Over a damaged live file, what can still be read of it is compared too (its station, its accounts,
    its history): another station's file or one without accounts needs the confirmation there as well.
    What cannot be read is judged by what was committed, known outside the file (its committed mark and
    backup log): a backup that lacks that work is older, and needs the confirmation as over a sound file."""
    found = readable_consequences(db_path, staged) if db_path.exists() else []
    if not any(c.code == "older" for c in found):
        found += behind_committed(db_path, staged)
    return found


def _refuse_unless_admin_in_newest_backup(db_path: Path, src: Path, actor: Actor) -> None:
    """Over a damaged file the sign-in is against the backup being restored, which may be old (the person
    an administrator then, no longer now): he must also be an active administrator in the station's newest
    verified backup of its own, when there is one with accounts."""
    best = latest_verified(db_path)
    if best is None or actor.person_id is None:
        return
    try:
        if src.exists() and best.path.exists() and src.samefile(best.path):
            return
    except OSError:
        pass  # not known to be the same file: checked as another
    admin = admin_in_file(best.path, actor.person_id)  # False on a doubt, which refuses
    if admin is None:  # the newest backup has no accounts
        return
    if not admin:
        raise UserError(_("{name} is not an administrator in this station's newest backup ({file}): only its "
                          "administrator may restore over a damaged database. Nothing was changed.").format(
                              name=actor.label, file=best.path))


def _refuse_altered(staged: Path, src: Path) -> None:
    """The backup's audit trail must be whole and its audited rows match it (``audit verify``): a copy
    edited outside the app (an account made administrator, a date moved) is refused, nothing changed."""
    with open_database(staged, migrate=False) as db:
        report = verify(db)
    if not report.intact:
        first = report.first_break or report.problems[0]
        raise DatabaseDamagedError(_(
            "The backup {path} does not match its own audit trail ({detail}); it may have been altered outside "
            "Anupalan. It was not restored; nothing was changed.").format(path=src, detail=first.detail))


def _signed_in_on(staged: Path, sign_in: Callable[[Database], Actor]) -> Actor:
    """The person, signed in against the prepared copy's accounts, allowed to restore there."""
    with open_database(staged, migrate=False) as db:
        actor = sign_in(db)
        with db.session() as s:
            authorize(s, actor, "backup.restore")
    return actor


def _record_restore(staged: Path, actor: Actor, src: Path, safety: str | None, found: list[Consequence],
                    replaced: FileFacts | None, damaged: str | None = None) -> None:
    """The restore's audit row, in the prepared copy (at this app's schema) before it goes in place."""
    with open_database(staged, migrate=False) as db:
        with db.session() as s:
            who = actor
            person = s.get(Person, actor.person_id) if actor.person_id is not None else None
            if actor.person_id is not None and (person is None or person.name != actor.label):
                # the person who restored is not in the restored data (added after the backup, or another
                # station's file): the row names them by label only
                who = Actor(label=actor.label)
            after = {"from": str(src), "safety_backup": safety, "by": actor.label,
                     "confirmed": [c.code for c in found]}
            if damaged is not None:  # the live file was damaged (or missing): moved aside, nothing compared
                after["damaged_live"] = damaged
            if replaced is not None:
                after["replaced"] = {"audit_seq": replaced.audit_seq, "audit_head": replaced.audit_hash,
                                     "station": list(replaced.station) if replaced.station else None,
                                     "accounts": replaced.accounts}
            record(s, who, "backup.restore", "database", None, after=after)


def restore_into(db: Database, backup_file: Path | str, *, actor: Actor = SYSTEM,
                 confirm: bool = False) -> tuple[Database, RestoreResult]:
    """Restore a backup into the open station database ``db`` (the window's restore): its connections are
    released (its instance lock is kept and handed to the reopened database), the backup restored as
    ``restore_backup`` does, and the database opened again on the restored data. Returns the new
    ``Database`` (``db`` must not be used after) and what was restored. On failure ``db`` is still usable."""
    if not db.storage.has_file:
        raise UserError(db.storage.not_applicable())
    path = db.storage.path
    db.engine.dispose()  # no connection of ours may hold the file while it is replaced; the lock stays
    result = restore_backup(path, backup_file, actor=actor, confirm=confirm)
    new = open_database(path)
    new.lock, db.lock = db.lock, None
    return new, result
