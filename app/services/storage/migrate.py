"""Schema migrations with Alembic, run in code (no alembic.ini at run time).

Whether a file is at head is answered without importing Alembic: the revision ids are read from
the migration files and compared with the file's ``alembic_version`` rows. The whole upgrade chain
runs in one transaction (transactional DDL), so a failure leaves the file as it was. A verified
copy of the file is taken before any upgrade of a file that already holds data.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from app.i18n import _
from app.paths import migrations_dir
from app.services.core.errors import DatabaseNewerError, UserError
from app.services.storage.snapshot import file_revisions

_REV = re.compile(r'^revision\s*(?::\s*str)?\s*=\s*["\']([^"\']+)["\']', re.M)
_DOWN = re.compile(r'^down_revision\s*(?::[^=]+)?=\s*(.+)$', re.M)


def known_revisions() -> dict[str, tuple[str, ...]]:
    """Each revision id of the shipped migrations with its parents. Every opening of a file asks (twice): the
    scripts are read again only when the folder's listing (names, sizes, modification times) has changed."""
    folder = migrations_dir() / "versions"
    listing = []
    for file in sorted(folder.glob("*.py")):
        info = file.stat()
        listing.append((file.name, info.st_size, info.st_mtime_ns))
    return dict(_revisions_read(str(folder), tuple(listing)))


@lru_cache(maxsize=4)
def _revisions_read(folder: str, listing: tuple[tuple[str, int, int], ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(revision, parents) of the scripts named in ``listing`` (the key of the cache: a changed, added or removed
    script is a new listing)."""
    revisions = []
    for name, _size, _mtime in listing:
        text = (Path(folder) / name).read_text(encoding="utf-8")
        rev = _REV.search(text)
        down = _DOWN.search(text)
        if not rev:
            continue
        parents = tuple(re.findall(r'["\']([^"\']+)["\']', down.group(1))) if down else ()
        revisions.append((rev.group(1), parents))
    return tuple(revisions)


def head_revisions() -> set[str]:
    revisions = known_revisions()
    parents = {p for ps in revisions.values() for p in ps}
    return set(revisions) - parents


def refuse_newer(path: Path, revisions: set[str] | None = None) -> None:
    """Refuse a file written by a newer app (``revisions``: the file's, when the caller has read them)."""
    unknown = (file_revisions(path) if revisions is None else revisions) - set(known_revisions())
    if unknown:
        raise DatabaseNewerError(
            _(
                "The database {path} was written by a newer version of Anupalan (schema {revision}). "
                "Install the newer version to open it; this version will not change it."
            ).format(path=path, revision=", ".join(sorted(unknown)))
        )


def alembic_config(connection=None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        # Not through the process's compiled-statement cache (storage/engines.py): Alembic's statements name tables
        # it builds anew on each run (alembic_version, a batch migration's copies), never found there again, each
        # holding its metadata (~1 MB a migrated file). The connection is the migration's own.
        cfg.attributes["connection"] = connection.execution_options(compiled_cache=None)
    return cfg


def upgrade(path: Path, target: str = "heads", *, backup_first: bool = True) -> None:
    """Upgrade the file to ``target`` in one transaction, after a verified copy of existing data
    (``backup_first=False`` only for a scratch copy whose original is kept, e.g. a restore's)."""
    from alembic import command

    from app.services.storage.sqlite import make_engine
    from app.services.storage.backups import pre_migration_copy

    if backup_first and file_revisions(path):
        pre_migration_copy(path)
    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.begin() as conn:
            command.upgrade(alembic_config(conn), target)
            _check_references(conn)
    except UserError:
        raise
    except Exception as exc:
        raise UserError(
            _("Upgrading the database failed and was rolled back; the file is unchanged. Reason: {reason}").format(
                reason=exc
            )
        ) from exc
    finally:
        engine.dispose()


def _check_references(conn) -> None:
    """Inside the migration's transaction: every foreign key must still point at a row."""
    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _fk = broken[0]
        raise UserError(
            _("The upgrade would leave {count} broken references (first: table {table}, row {rowid} → {parent}); "
              "it was rolled back and the file is unchanged.").format(
                count=len(broken), table=table, rowid=rowid, parent=parent))


def downgrade(path: Path, target: str) -> None:
    """For tests and tools: take the file down to ``target`` in one transaction."""
    from alembic import command

    from app.services.storage.sqlite import make_engine

    engine = make_engine(path, foreign_keys=False)
    try:
        with engine.begin() as conn:
            command.downgrade(alembic_config(conn), target)
            _check_references(conn)
    finally:
        engine.dispose()
