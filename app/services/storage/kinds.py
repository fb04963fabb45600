"""What a ``Database`` is kept in, behind one interface (``Database.storage``): an SQLite file on the
station PC (``FileStorage``) or a PostgreSQL server (``ServerStorage``, in ``postgres.py``).

Domain services never ask which one it is; they ask the storage:
- ``before_bulk_change(what)``: a verified copy before a transfer or a rule recompute (a file), or
  nothing (a server: the change runs in one transaction and backups are the server's pg_dump);
- ``serialize(session, name)``: make read-then-write steps (the audit chain's next row, the next case
  number) safe under concurrent writers (a file has one writer: nothing to do);
- ``explain_error(exc)`` (a function: the task runner has no database at hand) says a storage error of
  either kind in the operator's words ("disk is full", "busy in another window", "server cannot be reached").
The window asks it what to show: ``location`` (file path or URL without password), ``title`` (file
name or database name), ``has_file`` (backups, restore, integrity check and the one-writer lock exist
only for a file), ``not_applicable()`` (why a file-only action is missing on a server).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from sqlalchemy.orm import Session

from app.i18n import _
from app.services.storage.postgres import explain_server_error


class Storage(Protocol):
    kind: str
    has_file: bool

    @property
    def location(self) -> str: ...

    @property
    def title(self) -> str: ...

    def not_applicable(self) -> str | None: ...

    def before_bulk_change(self, what: str = ""): ...

    def serialize(self, session: Session, name: str) -> None: ...


def explain_sqlite_error(exc: BaseException) -> str | None:
    """SQLite's error texts, said in the operator's words; None for anything else."""
    lowered = str(exc).lower()
    if "readonly database" in lowered or "read-only database" in lowered:
        return _("This window opened the database read-only, so nothing can be changed here. "
                 "Close the other Anupalan window that holds the database, then open it again.")
    if "database is locked" in lowered:
        return _("The database is busy in another window. Wait a moment and try again.")
    if "disk is full" in lowered or "no space left" in lowered:
        return _("The disk is full. Free some space; nothing was saved.")
    if "disk i/o error" in lowered:
        return _("The disk could not be written (a disk or USB error). Nothing was saved; check the drive.")
    return None


class FileStorage:
    """An SQLite file: verified copies before bulk changes, one writer at a time, integrity checks."""

    kind = "sqlite"
    has_file = True

    def __init__(self, path: Path):
        self.path = Path(path)

    @property
    def location(self) -> str:
        return str(self.path)

    @property
    def title(self) -> str:
        return self.path.name

    def not_applicable(self) -> None:
        return None

    def before_bulk_change(self, what: str = ""):
        """A verified copy first, or no change at all (``UserError`` when the file fails its check)."""
        from app.services.storage.backups import before_bulk_change  # the backups' code: only to write

        return before_bulk_change(self.path, what)

    def serialize(self, session: Session, name: str) -> None:
        """Nothing to do: SQLite lets one transaction write at a time."""


def serialize(session: Session, name: str) -> None:
    """Before a read-then-write step (the next audit row, the next case number …): until ``session``'s
    transaction ends, no other writer passes ``serialize(…, name)``. SQLite already has one writer at a
    time, so only a server takes a lock (``ServerStorage.serialize``)."""
    storage = session.info.get("storage")
    if storage is not None:
        storage.serialize(session, name)


def explain_error(exc: BaseException) -> str | None:
    """A message an operator can act on for a storage error of either kind (a file's or a server's);
    None when ``exc`` is not one (the caller shows its own text)."""
    return explain_server_error(exc) or explain_sqlite_error(exc)
