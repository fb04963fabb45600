"""What to do at start when the database is damaged: find the latest verified backup, or export what
can still be read. The damaged file itself is only ever read, never changed or overwritten."""

from __future__ import annotations

import csv
import io
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from app.i18n import _
from app.services.core import atomic, clock
from app.services.core.errors import UserError
from app.services.storage.snapshot import DatabaseUnavailableError, assess, check_readable

STATUSES = ("ok", "missing", "damaged", "newer", "unavailable")


@dataclass(frozen=True)
class StartupCheck:
    path: str
    status: str  # one of STATUSES
    detail: str
    latest_backup: str | None = None  # a verified backup to offer when damaged
    latest_backup_at: str | None = None
    full: bool = False  # the full integrity check ran (once a day), not only the quick one


def startup_check(db_path: Path, *, now=None) -> StartupCheck:
    """Integrity and schema check, for the window to run off the GUI thread: the quick check, and the full
    one when the last full check is a day old (``full_check.due``). A file that exists but is empty or cut
    short is damaged (never a new station); a file that cannot be checked right now (locked, busy, a read
    error) is "unavailable", never "damaged"."""
    from app.services.storage import migrate
    from app.services.storage import full_check
    from app.services.core.errors import DatabaseDamagedError, DatabaseNewerError

    db_path = Path(db_path)
    if not db_path.exists() and not db_path.is_symlink():
        from app.services.storage.committed import compare

        gone = compare(db_path)  # a file that held committed work is gone: not a new station
        if gone.ok:
            return StartupCheck(str(db_path), "missing", "")
        from app.services.storage.backups import latest_verified

        best = latest_verified(db_path)
        return StartupCheck(str(db_path), "damaged", gone.detail, best.file if best else None,
                            best.created_at if best else None)
    full = full_check.due(db_path, now)
    try:
        check_readable(db_path)
        ok, detail = assess(db_path, quick=not full)
        if ok:
            migrate.refuse_newer(db_path)
    except DatabaseNewerError as exc:
        return StartupCheck(str(db_path), "newer", exc.message)
    except DatabaseUnavailableError as exc:
        return StartupCheck(str(db_path), "unavailable", exc.message)
    except DatabaseDamagedError as exc:
        ok, detail = False, exc.message
    except UserError as exc:  # a folder, a pipe, a link to nothing: not a database, and not to be replaced
        return StartupCheck(str(db_path), "unavailable", exc.message)
    if full:
        full_check.record(db_path, ok, detail)
    if ok:  # sound pages, but is committed work missing? (a damaged WAL, a file swapped: committed.py)
        from app.services.storage.committed import compare

        lost = compare(db_path)
        ok, detail = lost.ok, (detail if lost.ok else lost.detail)
    if ok:
        return StartupCheck(str(db_path), "ok", detail, full=full)
    from app.services.storage.backups import latest_verified

    best = latest_verified(db_path)
    return StartupCheck(str(db_path), "damaged", detail, best.file if best else None,
                        best.created_at if best else None, full=full)


@dataclass
class ExportResult:
    folder: str
    tables: dict[str, int] = field(default_factory=dict)  # rows exported per table
    errors: dict[str, str] = field(default_factory=dict)  # what could not be read


def _read_table(conn: sqlite3.Connection, table: str, max_skip: int = 1 << 24):
    """Rows of ``table`` by rowid, stepping over damaged pages; returns (columns, rows, error).

    Each round either reads at least one more row or jumps further ahead (1, 4, 16 … rowids), so
    it always ends, however the file is damaged.
    """
    cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
    rows: list[tuple] = []
    last = -(1 << 62)
    skip = 1
    error = ""
    while True:
        progressed = False
        try:
            for row in conn.execute(f'SELECT rowid, * FROM "{table}" WHERE rowid > ? ORDER BY rowid', (last,)):
                last = row[0]
                rows.append(row[1:])
                progressed = True
            return cols, rows, error
        except sqlite3.DatabaseError as exc:
            error = str(exc)
        skip = 1 if progressed else skip * 4
        if skip > max_skip:
            return cols, rows, error
        probe = max(last, 0) + skip
        try:
            found = conn.execute(f'SELECT rowid FROM "{table}" WHERE rowid >= ? ORDER BY rowid LIMIT 1',
                                 (probe,)).fetchone()
        except sqlite3.DatabaseError:
            last = probe  # the index itself is damaged here: jump past it
            continue
        if found is None:
            return cols, rows, error
        last = found[0] - 1


def export_readable(db_path: Path, out_dir: Path) -> ExportResult:
    """Write each table that can be read to a CSV file (UTF-8 with BOM for Excel) in a new folder."""
    db_path = Path(db_path)
    folder = Path(out_dir) / f"{db_path.stem}-export-{clock.now():%Y%m%d-%H%M%S}"
    result = ExportResult(str(folder))
    try:
        conn = sqlite3.connect(f"file:{db_path.as_posix()}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise UserError(_("The database file {path} cannot be opened at all: {reason}").format(
            path=db_path, reason=exc)) from exc
    try:
        try:
            tables = [r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        except sqlite3.DatabaseError as exc:
            raise UserError(_("The list of tables in {path} cannot be read: {reason}").format(
                path=db_path, reason=exc)) from exc
        for table in tables:
            try:
                cols, rows, error = _read_table(conn, table)
            except sqlite3.DatabaseError as exc:
                result.errors[table] = str(exc)
                continue
            buf = io.StringIO()
            writer = csv.writer(buf)
            writer.writerow(cols)
            writer.writerows(rows)
            atomic.write_bytes(folder / f"{table}.csv", ("\ufeff" + buf.getvalue()).encode("utf-8"), mode=0o600)
            result.tables[table] = len(rows)
            if error:
                result.errors[table] = error
    finally:
        conn.close()
    summary = [_("Export of {path}").format(path=db_path), ""]
    summary += [_("{table}: {rows} rows").format(table=t, rows=n) for t, n in result.tables.items()]
    summary += [_("{table}: could not read everything ({reason})").format(table=t, reason=e)
                for t, e in result.errors.items()]
    atomic.write_text(folder / "README.txt", "\n".join(summary) + "\n")
    return result
