"""What was committed, kept outside the database file: a database that lost committed work is found.

After every transaction that wrote to a station's SQLite file, the audit chain's head (the last row's
``seq`` and ``hash``) is written to a small file beside it, ``NAME.committed``. At the next open the
file must still hold that row with that hash. When it does not, committed work is gone — a damaged
write-ahead log that SQLite silently stopped reading at the damaged frame, a file emptied or replaced
by an older copy behind the app's back — and the open says so plainly instead of carrying on (and a
read-write open would delete the evidence: the WAL is checkpointed away when the last connection closes).

The mark is written *after* the commit returned (SQLite fsynced the WAL first), so it can lag behind the
file but never run ahead of it: a power cut loses at most the mark's newest value, never raises a false
alarm. A mark moved back (``force``: a restore clears it before the file changes) is fsynced, as a power
cut that kept the restored data but not that write would otherwise leave the old, higher mark (the
power-loss harness found this). It has two checksummed slots written alternately in place (no rename, no extra fsync): a torn
write spoils one slot and the other still holds the previous value. Cost: one 512-byte read and one
small write per committing transaction (measured in the module tests' docstring figures).

``record_committed(db)`` sets the mark to the file's present head: a restore and a migration call it
after they put a file in place (an older backup is *meant* to be behind the mark). The head is read
with two columns of ``audit_entries`` directly: the audit package imports storage, so storage cannot
import it (no import cycles), and this module must work on a file the app has not opened yet.
"""

from __future__ import annotations

import os
import sqlite3
import zlib
from dataclasses import dataclass
from pathlib import Path

from app.i18n import _
from app.services.core.errors import DatabaseDamagedError

SUFFIX = ".committed"
_MAGIC = "anupalan-committed 1"
_SLOT = 256
_HEAD_SQL = "SELECT seq, hash FROM audit_entries ORDER BY seq DESC LIMIT 1"
_KEY = "anupalan.committed_head"


@dataclass(frozen=True)
class CommittedMark:
    seq: int
    head: str
    counter: int = 0


@dataclass(frozen=True)
class Comparison:
    """The file against its mark. ``ok`` also when nothing is known yet (no mark, or no audit table)."""

    ok: bool
    mark: CommittedMark | None
    file_seq: int | None  # the file's last audit row, None when the file has none or cannot be read
    detail: str = ""


class LostCommitsError(DatabaseDamagedError):
    """The file lacks work that was committed to it (or is another file): opening it to write is refused."""

    def __init__(self, message: str, comparison: Comparison):
        super().__init__(message)
        self.comparison = comparison


def mark_path(db_path: Path) -> Path:
    db_path = Path(os.path.realpath(db_path))  # the file's mark, whichever symbolic link names it
    return db_path.with_name(db_path.name + SUFFIX)


_HEX = set("0123456789abcdefABCDEF")


def _norm(head: str) -> str:
    """The head as kept in a slot: a hex hash as it is; any other text (old fixtures' made-up hashes) by
    its SHA-256, so a slot stays short ASCII."""
    if head and len(head) <= 128 and set(head) <= _HEX:
        return head
    import hashlib

    return "h:" + hashlib.sha256(head.encode("utf-8", "surrogatepass")).hexdigest() if head else ""


def _slot_text(counter: int, seq: int, head: str) -> bytes:
    body = f"{_MAGIC} {counter} {seq} {_norm(head) or '-'}"
    line = f"{body} {zlib.crc32(body.encode('ascii')):08x}\n".encode("ascii")
    return line.ljust(_SLOT - 1, b" ") + b"\n"


def _parse_slot(raw: bytes) -> CommittedMark | None:
    try:
        parts = raw.decode("ascii").split()
        *body, crc = parts
        text = " ".join(body)
        if not text.startswith(_MAGIC) or f"{zlib.crc32(text.encode('ascii')):08x}" != crc:
            return None
        counter, seq, head = body[-3:]
        return CommittedMark(int(seq), "" if head == "-" else head, int(counter))
    except (UnicodeDecodeError, ValueError):
        return None


def _slots(fd: int) -> list[CommittedMark | None]:
    os.lseek(fd, 0, os.SEEK_SET)
    raw = os.read(fd, 2 * _SLOT)
    return [_parse_slot(raw[i * _SLOT:(i + 1) * _SLOT]) for i in range(2)]


def read_mark(db_path: Path) -> CommittedMark | None:
    """The newest valid slot of the mark beside ``db_path``; None when there is none."""
    try:
        fd = os.open(mark_path(db_path), os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        valid = [m for m in _slots(fd) if m is not None]
    except OSError:
        return None
    finally:
        os.close(fd)
    return max(valid, key=lambda m: m.counter) if valid else None


def write_mark(db_path: Path, seq: int, head: str, *, force: bool = False) -> None:
    """Record (``seq``, ``head``) as committed. Only forward unless ``force`` (a restore, a migration):
    a late writer never moves the mark back over another process's newer commit. Errors are swallowed:
    the commit itself succeeded, and a mark that lags raises no alarm."""
    try:
        fd = os.open(mark_path(db_path), os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o600)
    except OSError:
        return
    try:
        slots = _slots(fd)
        valid = [m for m in slots if m is not None]
        newest = max(valid, key=lambda m: m.counter) if valid else None
        if newest is not None and not force:
            if newest.seq > seq or (newest.seq == seq and newest.head == _norm(head)):
                return
        counter = newest.counter + 1 if newest is not None else 1
        # overwrite the slot that does not hold the newest value: a torn write leaves that one intact
        target = 1 if newest is not None and slots[0] is newest else 0
        os.lseek(fd, target * _SLOT, os.SEEK_SET)
        os.write(fd, _slot_text(counter, seq, head))
        if force:
            # a mark moved back (a restore) must be on the disk before the file changes: a power cut that
            # kept the restored data and lost this write would leave the old, higher mark and cry wolf
            os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
    if force:
        from app.services.core.atomic import fsync_dir

        fsync_dir(mark_path(db_path).parent)


def _file_head(conn, seq: int | None = None) -> tuple[int, str] | None:
    """The last audit row (seq, hash), or the row ``seq``'s when given; None when absent."""
    if seq is None:
        row = conn.execute(_HEAD_SQL).fetchone()
    else:
        row = conn.execute("SELECT seq, hash FROM audit_entries WHERE seq = ?", (seq,)).fetchone()
    return (int(row[0]), str(row[1])) if row else None


def lost_message(db_path: Path, mark: CommittedMark, file_seq: int | None, *, replaced: bool) -> str:
    if replaced:
        return _(
            "The database {path} is not the file that was last saved: its audit entry #{seq} differs from the "
            "one committed. It may have been replaced by another or older copy. Nothing was changed. Restore "
            "the newest good backup, or ask for help before using this file."
        ).format(path=db_path, seq=mark.seq)
    return _(
        "Committed work is missing from the database {path}: the last saved change was audit entry #{seq}, "
        "but the file ends at #{found}. The file may have been damaged (a lost write-ahead log), emptied, or "
        "replaced by an older copy. Nothing was changed. Restore the newest good backup, or ask for help "
        "before using this file."
    ).format(path=db_path, seq=mark.seq, found=file_seq or 0)


def file_head(path: Path) -> tuple[int, str] | None:
    """The last audit row (seq, hash) of the file at ``path`` (read-only); None when it has none."""
    try:
        conn = sqlite3.connect(f"file:{Path(path).as_posix()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        return _file_head(conn)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _from_backup_log(db_path: Path) -> CommittedMark | None:
    """When the mark beside the file is gone: the newest head a backup of it recorded (a floor)."""
    from app.services.storage.backup_log import read_log

    try:
        heads = [r.audit_head for r in read_log(db_path) if r.ok and len(r.audit_head) == 2]
    except Exception:  # an unreadable log: nothing known from it
        return None
    if not heads:
        return None
    seq, head = max(heads, key=lambda h: int(h[0]))
    return CommittedMark(int(seq), _norm(str(head)), 0)


def known_heads(db_path: Path) -> list[CommittedMark]:
    """What is known, outside the file, to have been committed to it: its mark and the newest head its
    backup log recorded (either may be missing), newest first."""
    heads = [m for m in (read_mark(db_path), _from_backup_log(db_path)) if m is not None and m.seq]
    return sorted(heads, key=lambda m: -m.seq)


def same_head(stored: str, mark: CommittedMark) -> bool:
    """Whether a row's hash as stored in a file is the one ``mark`` recorded."""
    return _norm(str(stored)) == mark.head


def missing_mark(db_path: Path) -> str | None:
    """When the mark beside a file that has been backed up (its backup log names copies with an audit
    head) is gone: what that means, said plainly; None otherwise. Deleting the mark cannot hide a lost
    change silently: the file is then confirmed complete only up to its newest backup's head."""
    db_path = Path(db_path)
    if read_mark(db_path) is not None or not db_path.exists():
        return None
    floor = _from_backup_log(db_path)
    if floor is None or floor.seq == 0:
        return None
    return _("Warning: the committed mark {mark} is missing, though this file was backed up. The file is "
             "confirmed complete only up to audit entry #{seq} (its newest backup); work committed after that "
             "cannot be checked. The next change writes a new mark.").format(mark=mark_path(db_path), seq=floor.seq)


def compare(db_path: Path) -> Comparison:
    """The file at ``db_path`` against its mark, read-only (the WAL is read, never checkpointed away).
    Without a mark beside it, the newest head recorded in its backup log stands in."""
    db_path = Path(db_path)
    mark = read_mark(db_path) or _from_backup_log(db_path)
    if mark is None or mark.seq == 0:
        return Comparison(True, mark, None)
    if not db_path.exists() or db_path.stat().st_size == 0:
        return Comparison(False, mark, None, lost_message(db_path, mark, None, replaced=False))
    try:
        conn = sqlite3.connect(f"file:{db_path.as_posix()}?mode=ro", uri=True)
    except sqlite3.Error:
        return Comparison(True, mark, None)  # unreadable: the integrity check says why
    try:
        last = _file_head(conn)
        at_mark = _file_head(conn, mark.seq) if last is not None and last[0] >= mark.seq else None
    except sqlite3.Error as exc:
        if "no such table" in str(exc):  # an empty schema where audited work was committed
            return Comparison(False, mark, None, lost_message(db_path, mark, None, replaced=False))
        return Comparison(True, mark, None)  # damaged pages: the integrity check reports them
    finally:
        conn.close()
    if last is None or last[0] < mark.seq:
        file_seq = last[0] if last else None
        return Comparison(False, mark, file_seq, lost_message(db_path, mark, file_seq, replaced=False))
    if at_mark is None or _norm(at_mark[1]) != mark.head:
        return Comparison(False, mark, last[0], lost_message(db_path, mark, last[0], replaced=True))
    return Comparison(True, mark, last[0])


def refuse_lost(db_path: Path) -> None:
    """Raise ``LostCommitsError`` when the file lacks committed work (called before a read-write open)."""
    result = compare(db_path)
    if not result.ok:
        raise LostCommitsError(result.detail, result)


def record_committed(db) -> None:
    """Set the mark beside ``db`` (a ``Database``) to its present audit head, backwards too. Call it after
    putting a file in place (restore) or migrating it; a no-op on a server or a read-only database."""
    path = getattr(db.storage, "path", None)
    if path is None or db.readonly or db.engine.dialect.name != "sqlite":
        return
    from sqlalchemy import text

    with db.engine.connect() as conn:
        row = conn.execute(text(_HEAD_SQL)).first() if _has_audit(conn) else None
    write_mark(Path(path), *((int(row[0]), str(row[1])) if row else (0, "")), force=True)


def clear_mark(db_path: Path) -> None:
    """Nothing known (seq 0) until ``record_file``: a restore calls it before the file changes, so a cut
    in between raises no alarm against either the old file or the restored one."""
    write_mark(Path(db_path), 0, "", force=True)


def record_file(db_path: Path) -> None:
    """``record_committed`` for a file not open as a ``Database`` (a read-only look at it)."""
    try:
        conn = sqlite3.connect(f"file:{Path(db_path).as_posix()}?mode=ro", uri=True)
    except sqlite3.Error:
        return
    try:
        head = _file_head(conn)
    except sqlite3.Error:
        head = None
    finally:
        conn.close()
    write_mark(Path(db_path), *(head or (0, "")), force=True)


def _has_audit(conn) -> bool:
    from sqlalchemy import text

    return conn.execute(text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='audit_entries'")).first() \
        is not None


def watch(sessions, db_path: Path) -> None:
    """Keep the mark after each transaction of ``sessions`` (a sessionmaker) that wrote: the head is read
    inside the transaction, written beside the file once the commit returned."""
    from sqlalchemy import event, text

    from app.services.storage.sqlite import wrote

    db_path = Path(db_path)

    @event.listens_for(sessions, "before_commit")
    def _head_before_commit(session):
        session.info.pop(_KEY, None)
        if not session.in_transaction():
            return
        session.flush()
        conn = session.connection()
        if not wrote(conn):
            return
        try:
            row = conn.execute(text(_HEAD_SQL)).first()
        except Exception:  # no audit table yet (a schema being built): nothing to record
            return
        if row is not None:
            session.info[_KEY] = (int(row[0]), str(row[1]))

    @event.listens_for(sessions, "after_commit")
    def _mark_after_commit(session):
        head = session.info.pop(_KEY, None)
        if head is not None:
            write_mark(db_path, *head)


_FIRST_SQL = "SELECT at_local FROM audit_entries WHERE seq = 1"
_RESTORED_SQL = "SELECT max(at_local) FROM audit_entries WHERE action IN ('backup.restore', 'database.accept')"


def _stamp(value) -> str:
    """A station-local time as comparable text (``YYYY-MM-DD HH:MM:SS``), '' when unreadable."""
    return str(value or "").replace("T", " ")[:19]


def backup_head_disagreements(db_path: Path) -> list[tuple[int, str]]:
    """Every audit head a backup of this file recorded (``backup-log.json``: ``[seq, hash]``) against the file's
    own row at that seq: a chain rewritten consistently (every hash recomputed, the mark rewritten too) still
    disagrees with the heads its earlier backups recorded. One (audit seq, message) per disagreeing backup.

    Only backups made since the file's present history began are compared: after its first audit row (a station
    set up again under the same name is another file) and after its last restore or acceptance (an older copy put
    in place on purpose continues from an earlier row; the backups of the replaced history no longer apply).
    One indexed query per recorded head."""
    from app.services.storage.backup_log import read_log

    db_path = Path(db_path)
    try:
        records = [r for r in read_log(db_path) if r.ok and len(r.audit_head) == 2]
    except Exception:  # an unreadable log: nothing known from it
        return []
    if not records or not db_path.exists():
        return []
    try:
        conn = sqlite3.connect(f"file:{db_path.as_posix()}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    out: list[tuple[int, str]] = []
    try:
        first = conn.execute(_FIRST_SQL).fetchone()
        first = _stamp(first[0]) if first else ""
        restored = _stamp(conn.execute(_RESTORED_SQL).fetchone()[0])
        last = _file_head(conn)
        for r in sorted(records, key=lambda r: r.seq):
            made = _stamp(r.created_at)
            if not first or made < first or (restored and made <= restored):
                continue
            seq, head = int(r.audit_head[0]), _norm(str(r.audit_head[1]))
            if seq <= 0:
                continue
            row = _file_head(conn, seq)
            if row is None and (last is None or last[0] < seq):
                out.append((seq, _("Backup #{n} (made {when}) recorded audit entry #{seq}, but this file ends at #{last}: "
                             "entries were removed after that backup.").format(
                    n=r.seq, when=_stamp(r.created_at), seq=seq, last=last[0] if last else 0)))
            elif row is None or _norm(row[1]) != head:
                out.append((seq, _("Backup #{n} (made {when}) recorded audit entry #{seq} with hash {recorded}, but this "
                             "file's entry #{seq} differs: the trail was rewritten after that backup.").format(
                    n=r.seq, when=_stamp(r.created_at), seq=seq, recorded=head[:16])))
    except (sqlite3.Error, TypeError, ValueError):
        return out  # damaged pages or no audit table: the integrity check and the mark report those
    finally:
        conn.close()
    return out
