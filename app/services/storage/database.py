"""The open database (``Database``): engine, unit-of-work sessions, opening a file at the app's schema."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session, sessionmaker

from app.i18n import _
from app.services.core.errors import UserError
from app.services.storage.snapshot import check_readable, header_damage, refuse_bad_path, roll_back_hot_journal
from app.services.storage.kinds import FileStorage, Storage
from app.services.storage.postgres import is_server_url, open_server
from app.services.storage import committed
from app.services.storage.sqlite import intend_write, make_engine
from app.services.core.formatting import as_typed

# A URL that went through Path() lost one "/" ("postgresql+psycopg:/user@host/db"): never a file name.
_FOLDED_URL = re.compile(r"(postgres(ql)?(\+\w+)?|sqlite):/[^/]")


class Database:
    """One open station database. Services take it and open short transactions on it.

    Widgets never hold a session; the UI hands a ``Database`` to services on a worker thread.
    ``readonly``: opened with ``mode=ro`` (another window holds the file, or the user chose it in
    recovery); every change is refused with ``ReadOnlyDatabaseError`` and reading works.
    """

    def __init__(self, path: Path | str, engine: Engine, *, readonly: bool = False, storage: Storage | None = None):
        # ``path`` opens the same database again: a file's path, or a server's URL (password included;
        # show ``storage.location`` instead). What differs between the two is asked of ``storage``.
        self.path = path
        self.engine = engine
        self.readonly = readonly
        self.storage: Storage = storage if storage is not None else FileStorage(Path(path))
        self.lock = None  # an ``InstanceLock`` when opened with ``lock=True``
        # ``permissions.authorize`` reads the flag, so a mutating service is refused before its first step
        # (a backup, a check); the engine's guard above catches any write that does not authorize.
        # Services that hold only a session reach the storage through ``session.info["storage"]``.
        self._sessions = sessionmaker(engine, expire_on_commit=False,
                                      info={"readonly": readonly, "storage": self.storage})
        if not readonly:  # a unit of work may write: on SQLite it begins IMMEDIATE (sqlite.py)
            event.listen(self._sessions, "after_begin", lambda _s, _t, connection: intend_write(connection))
            if isinstance(self.storage, FileStorage) and engine.dialect.name == "sqlite":
                committed.watch(self._sessions, Path(path))  # the committed head kept beside the file

    @classmethod
    def from_url(cls, url: str, **options) -> Database:
        """The database at a SQLAlchemy URL: ``sqlite:///PATH`` or ``postgresql+psycopg://USER@HOST:PORT/DB``
        (``open_store``'s options: ``migrate``, ``readonly``, ``lock``)."""
        return open_store(url, **options)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits when the block ends normally, rolls back on any error."""
        session = self._sessions()
        try:
            yield session
            if self.readonly:
                session.rollback()
            else:
                session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def database_target(target: Path | str) -> Path | str:
    """What a ``--db`` names: a PostgreSQL server's URL stays a ``str``; ``sqlite:///PATH`` and a plain path
    become the file's ``Path``. Any other URL is refused with a message."""
    if isinstance(target, str) and "://" in target:
        if is_server_url(target):
            return target
        if not target.startswith("sqlite:///"):
            raise UserError(_("Cannot open the database {path}: only SQLite files and PostgreSQL servers are "
                              "supported.").format(path=target.split("@")[-1]))
        target = target[len("sqlite:///"):]
    if _FOLDED_URL.match(str(target)):  # a URL passed through Path() lost a "/": never create a file of that name
        raise ValueError(f"{target} is a database URL made into a path; pass the URL itself (a str)")
    return Path(target)


def real_path(path: Path) -> Path:
    """The file a path names, its symbolic links followed: the one-writer lock, the committed mark and the
    backup folder are the file's, whatever link or spelling of its path was given."""
    return Path(os.path.realpath(Path(path).expanduser()))


def open_store(
    path: Path | str,
    *,
    migrate: bool = True,
    readonly: bool = False,
    lock: bool = False,
) -> Database:
    """Open (creating if needed) the database at ``path`` and bring its schema to the app's head.

    A file written by a newer app is refused; a failing migration leaves the file as it was. A new
    file is created readable by its owner only (0600) where the OS allows. With ``lock=True`` the
    instance lock is taken first, so a second window gets ``DatabaseInUseError`` and changes nothing.

    ``path`` may also be a URL: ``sqlite:///PATH`` is the file, ``postgresql+psycopg://USER@HOST:PORT/DB``
    a database on a PostgreSQL server (``postgres.py``: no file, so no lock and no file checks).
    """
    path = database_target(path)
    if isinstance(path, str):
        engine, storage, reopen = open_server(path, migrate=migrate, readonly=readonly)
        return Database(reopen, engine, readonly=readonly, storage=storage)
    path = _checked_file(path, readonly)
    instance = None
    if lock and not readonly:
        from app.services.storage.instance_lock import acquire

        instance = acquire(path)
    try:
        db = _open_file(path, migrate=migrate, readonly=readonly)
    except BaseException:
        if instance is not None:
            instance.release()
        raise
    db.lock = instance
    return db


def _checked_file(path: Path, readonly: bool) -> Path:
    """The file's real path, once it is known fit to open: a sound name and kind, readable, not one that lost
    committed work (when writing), an interrupted change rolled back, its header sound, its folder made."""
    refuse_bad_path(path)  # a name too long, a folder, a pipe, a link to nothing: refused before any open
    path = real_path(path)
    check_readable(path)
    if not readonly:  # a file that lost committed work is not written to (that would bury the evidence)
        committed.refuse_lost(path)
    if readonly and not path.exists():
        raise UserError(_("The database file {path} does not exist.").format(path=path))
    roll_back_hot_journal(path)  # an interrupted change in rollback mode: a read-only open could not undo it
    refuse_damaged_header(path)
    if not readonly:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(
                _("Cannot create the folder {folder}: {reason}").format(folder=path.parent, reason=exc.strerror)
            ) from exc
    return path


def _open_file(path: Path, *, migrate: bool, readonly: bool, revisions: set[str] | None = None) -> Database:
    """The file opened (created if new), refused when newer than the app, migrated to the head, and its
    committed mark recorded. ``revisions``: the file's schema revisions, when the caller has read them and
    refused a newer file already."""
    from app.services.storage import migrate as migrations

    if not readonly and not path.exists():
        if migrate:
            _create_new(path)
        else:
            _create_private(path)

    if revisions is None:
        revisions = migrations.file_revisions(path)  # read once for both questions
        migrations.refuse_newer(path, revisions)
    migrated = migrate and not readonly and revisions != migrations.head_revisions()
    if migrated:
        migrations.upgrade(path)
    engine = make_engine(path, readonly=readonly)
    db = Database(path, engine, readonly=readonly)
    if not readonly and (migrated or committed.read_mark(path) is None):
        committed.record_committed(db)  # the first mark, or the migrated file's
    return db


def open_for_reading(path: Path | str) -> Database | None:
    """A station file opened read-only (``mode=ro``) for a command that only reads (a print, a list), without
    the quick check a writer runs first (``refuse_damaged``: ~0.5 s on a five-year file); None when only a
    writer's open will do: a server's URL, no file yet, a file to bring to the app's schema.

    Why reading without the quick check is safe: nothing is written through this handle (SQLite refuses any
    write on it, a checkpoint included), so a damaged file is neither changed nor its damage buried under
    new work; SQLite checks every page it reads, and a damaged one stops the command with the damage message
    and the backup to restore (the CLI turns SQLite's "malformed" into it); the checks that need no reading
    of the whole file still run: a file cut short or not a database (its header), one that lost committed
    work (its committed mark); and the quick check still runs before every write, the full integrity check
    once a day (``full_check.due``), so damage is found at the next change at the latest."""
    from app.services.storage import migrate as migrations

    target = database_target(path)
    if isinstance(target, str):
        return None
    refuse_bad_path(target)  # before asking whether it exists: a name too long fails even that
    if not real_path(target).exists():
        return None
    target = _checked_file(target, readonly=True)  # readable, an interrupted change rolled back, a sound header
    from app.services.core.errors import DatabaseDamagedError

    try:
        revisions = migrations.file_revisions(target)  # read once for both questions
        migrations.refuse_newer(target, revisions)
        at_head = revisions == migrations.head_revisions()
    except DatabaseDamagedError as exc:  # its schema's pages cannot be read: damage, with the backup to restore
        raise DatabaseDamagedError(damage_message(target, str(exc.__cause__ or exc))) from exc
    if not at_head:
        return None
    committed.refuse_lost(target)
    return _open_file(target, migrate=False, readonly=True, revisions=revisions)  # the file's checks done above


def _create_private(path: Path) -> None:
    """Create an empty database file with owner-only permissions (SQLite's -wal/-shm follow it)."""
    import os

    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    except FileExistsError:
        return
    except OSError as exc:
        from app.services.core.atomic import describe_io_error

        raise UserError(_("Cannot create the database file {path}: {reason}").format(
            path=path, reason=describe_io_error(exc))) from exc
    os.close(fd)


def refuse_damaged_header(path: Path) -> None:
    """A station file that exists but is empty or cut short is damage, never a new station: nothing is built
    over it, and the latest verified backup is named (a new station is created only where no file is)."""
    if not path.exists():
        return
    problem = header_damage(path)
    if problem is None:
        return
    from app.services.core.errors import DatabaseDamagedError

    raise DatabaseDamagedError(damage_message(path, problem))


def damage_message(path: Path, problem: str) -> str:
    """"The file is damaged (why); unchanged; restore this backup" in the user's language."""
    from app.services.storage.backups import latest_verified

    message = _("The database file {path} is damaged: {problem}. It was not changed.").format(
        path=path, problem=problem)
    best = latest_verified(path)
    if best is not None:
        message += " " + _("The latest verified backup is {file} (made at {when}); restore it from the window, or "
                           "with: python -m app restore {file}").format(file=best.file, when=as_typed(best.created_at))
    else:
        message += " " + _("No verified backup of it was found beside it.")
    return message


def damage_met(exc: BaseException, path: Path | str | None) -> str | None:
    """The damage message (with the backup to restore) when ``exc`` is SQLite saying the file is damaged,
    met while reading it (a command that reads opens without the quick check: ``open_for_reading``); None
    for any other error."""
    from app.services.storage.snapshot import is_corruption

    cause = getattr(exc, "orig", None) or exc  # SQLAlchemy wraps the driver's error
    if not (is_corruption(cause) or is_corruption(exc)):
        return None
    target = database_target(path) if path else None
    if target is None or isinstance(target, str):
        return _("The database is damaged: {problem}. It was not changed.").format(problem=cause)
    return damage_message(real_path(target), str(cause))


def refuse_damaged(path: Path, *, quick: bool | None = None) -> None:
    """Before a command writes: SQLite's quick check, or the full integrity check when one is due (a day since
    the last, or the last failed: ``full_check.due``; ``quick`` forces either). Damage refuses with the backup
    to restore (``DatabaseDamagedError``), a file that cannot be checked now refuses too
    (``DatabaseUnavailableError``). Nothing is written to a damaged file."""
    from app.services.core.errors import DatabaseDamagedError
    from app.services.storage import full_check
    from app.services.storage.snapshot import assess

    if quick is None:
        quick = not full_check.due(path)
    ok, detail = assess(path, quick=quick)
    if not quick:
        full_check.record(path, ok, detail)
    if not ok:
        raise DatabaseDamagedError(damage_message(path, detail))


def _create_new(path: Path) -> None:
    """A new station file: built at its app's schema under a scratch name, then linked to its name only when
    complete, so a kill during the first start leaves no empty or half-built file where a station is looked
    for, and an existing file is never built over (the link fails if one appeared meanwhile)."""
    import os

    from app.services.core.atomic import fsync_dir
    from app.services.storage import migrate as migrations

    scratch = path.with_name(f".{path.name}.new-{os.getpid()}")

    def clear() -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            scratch.with_name(scratch.name + suffix).unlink(missing_ok=True)

    clear()
    _create_private(scratch)
    try:
        migrations.upgrade(scratch, backup_first=False)
        try:
            os.link(scratch, path)
        except FileExistsError:
            pass  # another program created the station meanwhile: that one is opened
        except OSError:  # a drive without hard links (FAT): rename, still only when nothing is there
            if not path.exists():
                os.replace(scratch, path)
        fsync_dir(path.parent)
    except OSError as exc:
        from app.services.core.atomic import describe_io_error

        raise UserError(_("Cannot create the database file {path}: {reason}").format(
            path=path, reason=describe_io_error(exc))) from exc
    finally:
        clear()
