#!/usr/bin/env python3
"""Power-loss harness: cut the power at random points of real app operations, in the manner of SQLite's
own crash tests (test/crash.test with test6.c's crash VFS), then check the file.

A SIGKILL (scripts/crash_harness.py) loses only what the process had not yet handed to the operating
system; a power cut also loses what the OS had not yet written to the disk: every write since the file's
last fsync may be lost, kept, torn at a sector, or reach the disk out of order. Here every write, truncate,
fsync and delete SQLite makes is recorded through a VFS of our own (apsw, which bundles its own SQLite and
lets Python implement a VFS); the app's SQLAlchemy engine and its raw ``sqlite3`` calls in the storage
package run on apsw through a small DB-API adapter. A cut at event C rebuilds each file as the disk could
hold it: everything before the file's last fsync before C, and a random subset of the later writes in a
random order, some torn at a 512-byte sector.

The operations are the app's own services: case add, done (entered in CAS), verify, staff transfer (which
takes a verified backup first), backup, restore (into the live file) and a schema migration. After each
operation returns its result is *acknowledged*: the audit head (seq, hash) at that moment, and the ids it
reported. For each cut, the rebuilt file is opened with the ordinary driver and must pass:

- ``PRAGMA integrity_check`` = ok, and the audit hash chain verifies;
- the last acknowledged audit row before the cut is there with its hash (so every acknowledged change,
  whose audit rows precede it in the chain, is there) and so is every acknowledged case and entry status;
- the committed mark beside the file (``storage.committed``; never fsynced: any value written before the
  cut may be on the disk) raises no false alarm.

Faults: ``--faults`` instead injects ENOSPC (SQLITE_FULL) or EIO (SQLITE_IOERR) at the Nth write or fsync
of an operation; the operation must fail with a message (a ``UserError``: no traceback), nothing may be
committed half, and the file must pass the same checks afterwards.

Usage: python scripts/powerloss_harness.py [--trials 20] [--ops 12] [--cuts 40] [--migrations 3] [--faults 30]
       [--seed 1]
Prints a summary (operations, cuts, acknowledged rows checked, committed rows lost); exits 1 on a failure.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import threading
import types
from dataclasses import dataclass, field
from pathlib import Path

import apsw

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SECTOR = 512
VFS_NAME = "anupalan-powercut"


# --- the recording VFS -------------------------------------------------------------------------------

class Recorder:
    """Every write/truncate/sync/delete through the VFS, in order, with the data written."""

    def __init__(self):
        self.events: list[tuple] = []  # ("w", path, offset, data) ("t", path, size) ("s", path) ("d", path)
        self.lock = threading.Lock()
        self.fault: tuple[str, int, str] | None = None  # (kind "w"/"s", nth, "full"/"eio")
        self._count = {"w": 0, "s": 0}
        self.recording = True

    def add(self, event: tuple) -> None:
        with self.lock:
            if self.fault is not None and event[0] in ("w", "s"):
                kind, nth, what = self.fault
                if event[0] == kind:
                    self._count[kind] += 1
                    if self._count[kind] == nth:
                        self.fault = None
                        raise (apsw.FullError if what == "full" else apsw.IOError)(
                            "injected " + ("ENOSPC" if what == "full" else "EIO"))
            if self.recording:
                self.events.append(event)

    def inject(self, kind: str, nth: int, what: str) -> None:
        with self.lock:
            self.fault = (kind, nth, what)
            self._count = {"w": 0, "s": 0}


RECORDER = Recorder()


class _File(apsw.VFSFile):
    def __init__(self, vfs, name, flags):
        self.path = os.path.abspath(name.filename() if isinstance(name, apsw.URIFilename) else (name or ""))
        super().__init__("", name, flags)

    def xWrite(self, data, offset):
        RECORDER.add(("w", self.path, offset, bytes(data)))
        return super().xWrite(data, offset)

    def xTruncate(self, size):
        RECORDER.add(("t", self.path, size))
        return super().xTruncate(size)

    def xSync(self, flags):
        RECORDER.add(("s", self.path))  # the real fsync is not needed: durability is what the cut decides

    def xLock(self, level):
        try:
            return super().xLock(level)
        except apsw.IOError:
            # a read-only handle cannot take the exclusive lock SQLite tries at close (to checkpoint): the
            # unix VFS says SQLITE_IOERR_LOCK, which SQLite shrugs off but apsw would report; say busy
            raise apsw.BusyError("read-only handle") from None


class _VFS(apsw.VFS):
    def __init__(self):
        super().__init__(VFS_NAME, "")

    def xOpen(self, name, flags):
        return _File(self, name, flags)

    def xDelete(self, filename, syncdir):
        RECORDER.add(("d", os.path.abspath(filename)))
        return super().xDelete(filename, syncdir)


_vfs = None


def _ensure_vfs():
    global _vfs
    if _vfs is None:
        _vfs = _VFS()


# --- a DB-API adapter over apsw (enough of sqlite3's for SQLAlchemy's pysqlite dialect and the app) ---

def _translate(exc: apsw.Error) -> sqlite3.Error:
    text = str(exc)
    if isinstance(exc, apsw.ConstraintError):
        cls = sqlite3.IntegrityError
    elif isinstance(exc, (apsw.CorruptError, apsw.NotADBError)):
        cls = sqlite3.DatabaseError
    elif isinstance(exc, apsw.MisuseError):
        cls = sqlite3.ProgrammingError
    else:
        cls = sqlite3.OperationalError
    if isinstance(exc, apsw.FullError):
        text = "database or disk is full"
    elif isinstance(exc, apsw.IOError):
        text = "disk I/O error"
    elif isinstance(exc, apsw.BusyError):
        text = "database is locked"
    new = cls(text.split(": ", 1)[-1] if ": " in text and not isinstance(exc, (apsw.FullError, apsw.IOError))
              else text)
    new.sqlite_errorcode = getattr(exc, "extendedresult", None) or getattr(exc, "result", None)
    return new


class Cursor:
    arraysize = 1

    def __init__(self, conn: "Connection"):
        self.connection = conn
        self._rows: list = []
        self.description = None
        self.rowcount = -1
        self.lastrowid = None

    def execute(self, sql, params=()):
        raw = self.connection._raw
        cur = raw.cursor()
        seen: dict = {}

        def trace(cursor, _sql, _bindings):
            try:
                seen["d"] = cursor.description
            except apsw.Error:
                seen["d"] = ()
            return True

        cur.exec_trace = trace
        before = raw.total_changes()
        try:
            self._rows = [tuple(r) for r in cur.execute(sql, tuple(params) if isinstance(params, list) else params)]
        except apsw.Error as exc:
            raise _translate(exc) from exc
        desc = seen.get("d") or ()
        self.description = tuple((d[0], None, None, None, None, None, None) for d in desc) or None
        self.rowcount = raw.total_changes() - before if self.description is None else -1
        self.lastrowid = raw.last_insert_rowid()
        return self

    def executemany(self, sql, seq):
        raw = self.connection._raw
        before = raw.total_changes()
        try:
            raw.cursor().executemany(sql, [tuple(p) if isinstance(p, list) else p for p in seq])
        except apsw.Error as exc:
            raise _translate(exc) from exc
        self._rows, self.description = [], None
        self.rowcount = raw.total_changes() - before
        self.lastrowid = raw.last_insert_rowid()
        return self

    def fetchone(self):
        return self._rows.pop(0) if self._rows else None

    def fetchmany(self, size=None):
        size = size or self.arraysize
        out, self._rows = self._rows[:size], self._rows[size:]
        return out

    def fetchall(self):
        out, self._rows = self._rows, []
        return out

    def __iter__(self):
        while self._rows:
            yield self._rows.pop(0)

    def close(self):
        self._rows = []


class Connection:
    def __init__(self, database, timeout=5.0, uri=False, **_ignored):
        _ensure_vfs()
        flags = apsw.SQLITE_OPEN_READWRITE | apsw.SQLITE_OPEN_CREATE
        if uri or str(database).startswith("file:"):
            flags |= apsw.SQLITE_OPEN_URI
        try:
            self._raw = apsw.Connection(str(database), flags=flags, vfs=VFS_NAME)
        except apsw.Error as exc:
            raise _translate(exc) from exc
        self._raw.set_busy_timeout(int(timeout * 1000))
        self.isolation_level = None

    @property
    def in_transaction(self):
        return self._raw.in_transaction

    @property
    def total_changes(self):
        return self._raw.total_changes()

    def cursor(self):
        return Cursor(self)

    def execute(self, sql, params=()):
        return Cursor(self).execute(sql, params)

    def executemany(self, sql, seq):
        return Cursor(self).executemany(sql, seq)

    def commit(self):
        if self._raw.in_transaction:
            self.execute("COMMIT")

    def rollback(self):
        if self._raw.in_transaction:
            self.execute("ROLLBACK")

    def close(self):
        self._raw.close()

    def create_function(self, name, narg, fn, *, deterministic=False):
        self._raw.create_scalar_function(name, fn, narg, deterministic=deterministic)

    def backup(self, target: "Connection", *, pages=-1, progress=None, name="main", sleep=0.25):
        try:
            with target._raw.backup("main", self._raw, name) as job:
                job.step(-1)
        except apsw.Error as exc:
            raise _translate(exc) from exc

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *_):
        (self.rollback if exc_type else self.commit)()
        return False


def _module() -> types.ModuleType:
    """A stand-in for the ``sqlite3`` module: its exceptions and constants, our ``connect``."""
    mod = types.ModuleType("sqlite3_on_apsw")
    for name in dir(sqlite3):
        if not name.startswith("__"):
            setattr(mod, name, getattr(sqlite3, name))
    mod.connect = lambda database, *a, **kw: Connection(database, *a, **kw)
    mod.sqlite_version = apsw.sqlite_lib_version()
    mod.sqlite_version_info = tuple(int(x) for x in mod.sqlite_version.split("."))
    mod.paramstyle = "qmark"
    return mod


SHIM = _module()


@contextlib.contextmanager
def app_on_apsw():
    """Run the app's storage on the recording VFS: its SQLAlchemy engines and its raw ``sqlite3`` calls."""
    import sqlalchemy

    from app.services.storage import committed, restore_file, snapshot, sqlite as engine_module

    real_create = engine_module.new_engine

    def create(url, **kw):
        return real_create(url, module=SHIM, **kw)

    patched = [(engine_module, "new_engine", create)]
    for mod in (snapshot, restore_file, committed):
        patched.append((mod, "sqlite3", SHIM))
    import app.services.storage.migrate as migrate_module

    if hasattr(migrate_module, "sqlite3"):
        patched.append((migrate_module, "sqlite3", SHIM))
    if hasattr(migrate_module, "create_engine"):
        patched.append((migrate_module, "create_engine",
                        lambda url, **kw: sqlalchemy.create_engine(url, module=SHIM, **kw)))
    saved = [(m, n, getattr(m, n)) for m, n, _ in patched]
    for m, n, v in patched:
        setattr(m, n, v)
    try:
        yield
    finally:
        for m, n, v in saved:
            setattr(m, n, v)


# --- the state of the disk after a cut ---------------------------------------------------------------

def _apply(content: bytearray | None, event: tuple) -> bytearray:
    content = bytearray() if content is None else content
    if event[0] == "w":
        _, _, offset, data = event
        if len(content) < offset:
            content.extend(b"\0" * (offset - len(content)))
        content[offset:offset + len(data)] = data
    elif event[0] == "t":
        del content[event[2]:]
    return content


def disk_after_cut(initial: dict[str, bytes], events: list[tuple], cut: int,
                   rng: random.Random) -> dict[str, bytes | None]:
    """Each file as the disk may hold it when the power goes at event ``cut``: durable up to its last
    sync, then a random subset of the later writes, in random order, some torn at a sector."""
    durable: dict[str, bytearray | None] = {p: bytearray(b) for p, b in initial.items()}
    pending: dict[str, list[tuple]] = {}
    for event in events[:cut]:
        kind, path = event[0], event[1]
        if kind in ("w", "t"):
            pending.setdefault(path, []).append(event)
        elif kind == "s":
            for e in pending.pop(path, []):
                durable[path] = _apply(durable.get(path), e)
            durable.setdefault(path, bytearray())
        elif kind == "d":
            durable[path] = None
            pending.pop(path, None)
    for path, writes in pending.items():
        kept = [e for e in writes if rng.random() < 0.5]
        rng.shuffle(kept)
        for e in kept:
            if e[0] == "w" and len(e[3]) > SECTOR and rng.random() < 0.25:  # torn: only some sectors
                sectors = len(e[3]) // SECTOR
                n = rng.randrange(1, sectors + 1)
                e = ("w", path, e[2], e[3][:n * SECTOR])
            durable[path] = _apply(durable.get(path), e)
    return {p: (bytes(c) if c is not None else None) for p, c in durable.items()}


# --- the operations ----------------------------------------------------------------------------------

NOW = dt.datetime(2025, 3, 5, 12, 0)


@dataclass
class Ack:
    event: int  # events recorded when the operation returned
    op: str
    head: tuple[int, str]
    cases: set[int] = field(default_factory=set)
    entered: set[int] = field(default_factory=set)
    verified: set[int] = field(default_factory=set)


def make_station(folder: Path) -> Path:
    """A station with an SHO, an IO, a mohrir and a few cases (made with the ordinary driver)."""
    from app.services import cases, staff
    from app.services.core import clock
    from app.services.station import init_station, open_database

    path = folder / "station.sqlite3"
    clock.pin(NOW)
    try:
        with open_database(path) as db:
            init_station(db, "Kotwali", "Sitapur")
            for name, role in (("Vikram Singh", "sho"), ("Ram Prakash", "mohrir"), ("Sunita Yadav", "io"),
                               ("Ravi Kumar", "io")):
                person = staff.add_person(db, name, "SI")
                staff.assign_role(db, person.id, role, "2025-01-01")
            for _ in range(3):
                cases.add_case(db, "fir", registered_at="2025-03-03 10:00", io_person_id=3, act="BNS",
                               sections="303(2)")
    finally:
        clock.pin(None)
    return path


def _head(db) -> tuple[int, str]:
    from sqlalchemy import text

    with db.engine.connect() as conn:
        row = conn.execute(text("select seq, hash from audit_entries order by seq desc limit 1")).first()
    return (int(row[0]), str(row[1])) if row else (0, "")


def _pending(db, status: str = "pending") -> list[int]:
    from sqlalchemy import text

    with db.engine.connect() as conn:
        return [r[0] for r in conn.execute(text("select id from obligations where status = :s order by id"),
                                           {"s": status})]


def run_operation(name: str, db, path: Path, rng: random.Random, backups: list[str]) -> Ack | None:
    """One operation through the app's services; its acknowledgement, or None when refused/failed."""
    from app.services import cases, obligations, staff
    from app.services.backup import restore_backup
    from app.services.storage import make_backup

    ack_cases: set[int] = set()
    entered: set[int] = set()
    verified: set[int] = set()
    if name == "case add":
        result = cases.add_case(db, "fir", registered_at="2025-03-04 10:00", io_person_id=rng.choice((3, 4)),
                                act="BNS", sections="303(2)")
        ack_cases.add(result.id if hasattr(result, "id") else result.case.id)
    elif name == "done":
        ids = _pending(db)
        if not ids:
            return None
        chosen = rng.sample(ids, min(len(ids), rng.randint(1, 3)))
        obligations.mark_entered(db, chosen, f"CAS-{rng.randrange(10**6)}", by_person_id=2)
        entered.update(chosen)
    elif name == "verify":
        ids = _pending(db, "entered")
        if not ids:
            return None
        chosen = ids[:2]
        from app.services.access import Actor

        obligations.verify(db, chosen, by_person_id=1, actor=Actor(person_id=1, label="Vikram Singh"))
        verified.update(chosen)
    elif name == "transfer":
        a, b = rng.sample((3, 4), 2)
        staff.transfer(db, a, b, "2025-03-05")
    elif name == "backup":
        record = make_backup(path, reason="manual")
        if record.ok:
            backups.append(record.file)
    elif name == "restore":
        if not backups:
            return None
        restore_backup(path, backups[-1], confirm=True)
    else:
        raise ValueError(name)
    return Ack(0, name, (0, ""), ack_cases, entered, verified)


OPERATIONS = ("case add", "case add", "done", "done", "verify", "transfer", "backup", "restore")


# --- checking a rebuilt file -------------------------------------------------------------------------

def check_file(path: Path, acks: list[Ack], marks: list[tuple[int, str]],
               restoring: tuple[int, str] | None = None) -> list[str]:
    """Problems of the file at ``path`` (rebuilt after a cut) against what was acknowledged before it.
    ``restoring``: the cut fell inside a restore of a backup whose head this is; the file may hold the
    data as it was (every acknowledgement) or the backup's (the restore takes later work out on purpose)."""
    from app.services.storage import committed

    problems = _check_rows(path, acks)
    if problems and restoring is not None and not any(p.startswith(("integrity", "cannot", "audit chain"))
                                                      for p in problems):
        conn = sqlite3.connect(path)
        try:
            row = conn.execute("select hash from audit_entries where seq = ?", (restoring[0],)).fetchone()
        finally:
            conn.close()
        if row is not None and row[0] == restoring[1]:
            problems = []  # the restored data, whole
    for seq, head in marks:
        committed.write_mark(path, seq, head, force=True)
        found = committed.compare(path)
        if not found.ok:
            problems.append(f"false alarm from the committed mark #{seq}: {found.detail[:80]}")
    committed.mark_path(path).unlink(missing_ok=True)
    return problems


def _check_rows(path: Path, acks: list[Ack]) -> list[str]:
    problems: list[str] = []
    try:
        conn = sqlite3.connect(path)
        try:
            integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            if integrity != ["ok"]:
                return [f"integrity: {integrity[:3]}"]
            rows = conn.execute("select seq, prev_hash, hash from audit_entries order by seq").fetchall()
            heads = {seq: h for seq, _prev, h in rows}
            prev = None
            for seq, prev_hash, h in rows:
                if prev is not None and prev_hash != prev:
                    problems.append(f"audit chain broken at #{seq}")
                    break
                prev = h
            if acks:
                last = acks[-1]
                if last.head[0] and heads.get(last.head[0]) != last.head[1]:
                    problems.append(f"acknowledged audit row #{last.head[0]} ({last.op}) lost or changed")
                restored_at = max((i for i, a in enumerate(acks) if a.op == "restore"), default=-1)
                alive = acks[restored_at + 1:]  # a restore takes later work out on purpose (kept in its copy)
                have_cases = {r[0] for r in conn.execute("select id from cases")}
                status = dict(conn.execute("select id, status from obligations"))
                for a in alive:
                    for cid in a.cases - have_cases:
                        problems.append(f"acknowledged case {cid} lost")
                    for oid in a.entered:
                        if status.get(oid) not in ("entered", "verified"):
                            problems.append(f"acknowledged entry {oid} lost its 'entered' ({status.get(oid)})")
                    for oid in a.verified:
                        if status.get(oid) != "verified":
                            problems.append(f"acknowledged verification of {oid} lost ({status.get(oid)})")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return [f"cannot read: {exc}"]
    return problems


# --- one trial ---------------------------------------------------------------------------------------

@dataclass
class Figures:
    trials: int = 0
    operations: int = 0
    cuts: int = 0
    acknowledged_checked: int = 0
    lost: int = 0
    faults: int = 0
    fault_messages: int = 0
    failures: list[str] = field(default_factory=list)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.resolve()): p.read_bytes() for p in folder.rglob("*")
            if p.is_file() and not p.name.endswith(("-shm", ".lock", ".json", ".committed"))}


def _rebuild(folder: Path, state: dict[str, bytes | None], into: Path) -> None:
    for p, data in state.items():
        if data is None:
            continue
        rel = Path(p).relative_to(folder.resolve())
        target = into / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def trial(base: Path, work: Path, rng: random.Random, ops: int, cuts: int, figures: Figures) -> None:
    from app.services import storage
    from app.services.core import clock
    from app.services.storage import committed, open_store

    folder = work / "live"
    shutil.copytree(base.parent, folder)
    path = folder / base.name
    os.environ["ANUPALAN_DATA_DIR"] = str(folder / "data")
    marks: list[tuple[int, tuple[int, str]]] = []
    real_write_mark = committed.write_mark

    def logged_write_mark(db_path, seq, head, *, force=False):
        if Path(db_path).resolve() == path.resolve():
            marks.append((len(RECORDER.events), (seq, head), force))
        return real_write_mark(db_path, seq, head, force=force)

    initial = _snapshot(folder)
    RECORDER.events = []
    acks: list[Ack] = []
    backups: list[str] = []
    spans: list[tuple] = []  # (first event, backup's head, last event) of each restore
    clock.pin(NOW)
    committed.write_mark = logged_write_mark
    try:
        with app_on_apsw():
            db = open_store(path)
            try:
                for _ in range(ops):
                    name = rng.choice(OPERATIONS)
                    if name == "restore" and backups:
                        spans.append((len(RECORDER.events), committed.file_head(Path(backups[-1]))))
                    if name == "restore":
                        db.close()
                    try:
                        ack = run_operation(name, db, path, rng, backups)
                    except storage.DatabaseInUseError:
                        ack = None
                    finally:
                        if name == "restore":
                            db = open_store(path)
                            if spans and len(spans[-1]) == 2:
                                spans[-1] = (*spans[-1], len(RECORDER.events))
                    if ack is None:
                        continue
                    ack.head = _head(db)
                    ack.event = len(RECORDER.events)
                    acks.append(ack)
                    figures.operations += 1
            finally:
                db.close()
    finally:
        committed.write_mark = real_write_mark
        clock.pin(None)
    events = RECORDER.events
    RECORDER.events = []
    figures.trials += 1
    points = sorted(rng.sample(range(len(events) + 1), min(cuts, len(events) + 1)))
    for cut in points:
        state = disk_after_cut(initial, events, cut, rng)
        out = work / f"cut-{cut}"
        _rebuild(folder, state, out)
        known = [a for a in acks if a.event <= cut]
        # the mark is never fsynced going forward: any value written since the last forced (fsynced) one
        # may be what the disk holds
        written = [(m, force) for at, m, force in marks if at <= cut]
        durable_from = max((i for i, (_m, force) in enumerate(written) if force), default=0)
        possible = [m for m, _force in written[durable_from:]]
        candidates = [possible[-1], rng.choice(possible)] if possible else []
        restoring = next((head for start, head, end in spans if start <= cut <= end), None)
        problems = check_file(out / path.relative_to(folder), known, candidates, restoring)
        figures.cuts += 1
        figures.acknowledged_checked += len(known)
        if problems:
            figures.lost += sum("lost" in p for p in problems)
            figures.failures.append(f"cut {cut}/{len(events)}: " + "; ".join(problems[:3]))
            keep = work.parent / f"failed-cut-{figures.trials}-{cut}"
            if not keep.exists():
                shutil.copytree(out, keep)
        shutil.rmtree(out)
    shutil.rmtree(folder)


FIXTURES = ROOT / "tests" / "fixtures" / "schema"


def _table_rows(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("select name from sqlite_master where type='table' "
                                             "and name not like 'sqlite_%' and name != 'alembic_version'")]
        return {t: conn.execute(f'select count(*) from "{t}"').fetchone()[0] for t in tables}
    finally:
        conn.close()


def migration_trial(work: Path, rng: random.Random, cuts: int, figures: Figures) -> None:
    """A schema migration (a file saved at an older revision opened by this app) cut at random points: the
    file is sound, at the old revision or at the head, and every row it had is still there."""
    from app.services.storage import file_revisions, head_revisions, open_store

    olds = [f for f in sorted(FIXTURES.glob("*.sqlite3")) if {f.stem} != set(head_revisions())]
    if not olds:
        return
    fixture = rng.choice(olds)
    folder = work / "migrating"
    folder.mkdir()
    path = folder / "station.sqlite3"
    shutil.copyfile(fixture, path)
    os.environ["ANUPALAN_DATA_DIR"] = str(folder / "data")
    before = _table_rows(path)
    old_revisions = file_revisions(path)
    initial = _snapshot(folder)
    RECORDER.events = []
    with app_on_apsw():
        open_store(path).close()
    events, RECORDER.events = RECORDER.events, []
    figures.operations += 1
    figures.trials += 1
    for cut in sorted(rng.sample(range(len(events) + 1), min(cuts, len(events) + 1))):
        out = work / f"mcut-{cut}"
        _rebuild(folder, disk_after_cut(initial, events, cut, rng), out)
        rebuilt = out / path.name
        problems: list[str] = []
        try:
            conn = sqlite3.connect(rebuilt)
            try:
                integrity = [r[0] for r in conn.execute("PRAGMA integrity_check")]
            finally:
                conn.close()
            if integrity != ["ok"]:
                problems.append(f"integrity: {integrity[:3]}")
            else:
                revisions = file_revisions(rebuilt)
                if revisions not in (old_revisions, set(head_revisions())):
                    problems.append(f"half-migrated: revision {sorted(revisions)}")
                rows = _table_rows(rebuilt)
                lost = {t: (n, rows.get(t)) for t, n in before.items() if (rows.get(t) or 0) < n}
                if lost:
                    problems.append(f"rows lost by the migration: {lost}")
        except sqlite3.Error as exc:
            problems.append(f"cannot read: {exc}")
        figures.cuts += 1
        if problems:
            figures.lost += sum("lost" in p for p in problems)
            figures.failures.append(f"migration {fixture.stem} cut {cut}/{len(events)}: " + "; ".join(problems))
        shutil.rmtree(out)
    shutil.rmtree(folder)


def fault_trial(base: Path, work: Path, rng: random.Random, figures: Figures) -> None:
    """ENOSPC or EIO at the Nth write or fsync of one operation: a message, nothing half, a sound file."""
    from app.services.core import clock
    from app.services.core.errors import UserError
    from app.services.storage import open_store

    folder = work / "faulty"
    shutil.copytree(base.parent, folder)
    path = folder / base.name
    os.environ["ANUPALAN_DATA_DIR"] = str(folder / "data")
    name = rng.choice(("case add", "done", "transfer", "backup"))
    kind, what = rng.choice(("w", "s")), rng.choice(("full", "eio"))
    nth = rng.randint(1, 12 if kind == "w" else 4)
    clock.pin(NOW)
    before = sqlite3.connect(path).execute("select count(*), max(seq) from audit_entries").fetchone()
    outcome = "done"
    try:
        with app_on_apsw():
            db = open_store(path)
            try:
                RECORDER.recording = False
                RECORDER.inject(kind, nth, what)
                try:
                    run_operation(name, db, path, rng, [])
                except UserError as exc:
                    outcome = "message"
                    figures.fault_messages += 1
                    if "disk" not in exc.message and "drive" not in exc.message and "backup" not in exc.message:
                        figures.failures.append(f"fault {what}@{kind}{nth} in {name}: unclear message "
                                                f"{exc.message[:100]!r}")
                except Exception as exc:  # the defect this guards against: a traceback instead of a message
                    outcome = "error"
                    figures.failures.append(f"fault {what}@{kind}{nth} in {name}: {type(exc).__name__}: "
                                            f"{str(exc)[:120]}")
                finally:
                    RECORDER.fault = None
                    RECORDER.recording = True
            finally:
                db.close()
    finally:
        clock.pin(None)
        RECORDER.events = []
    figures.faults += 1
    problems = check_file(path, [], [])
    after = sqlite3.connect(path).execute("select count(*), max(seq) from audit_entries").fetchone()
    if outcome == "message" and after != before and name != "transfer":
        problems.append(f"a failed {name} still committed audit rows {before} -> {after}")
    if problems:
        figures.failures.append(f"fault {what}@{kind}{nth} in {name} ({outcome}): " + "; ".join(problems))
    shutil.rmtree(folder)


def run(*, trials: int, ops: int, cuts: int, seed: int, faults: int, migrations: int = 0,
        keep: Path | None = None) -> Figures:
    rng = random.Random(seed)
    figures = Figures()
    root = Path(tempfile.mkdtemp(prefix="powercut-", dir=keep))
    saved_env = os.environ.get("ANUPALAN_DATA_DIR")
    try:
        base_dir = root / "base"
        base_dir.mkdir()
        os.environ["ANUPALAN_DATA_DIR"] = str(base_dir / "data")
        base = make_station(base_dir)
        for f in base_dir.glob("*.committed"):
            f.unlink()
        for i in range(trials):
            work = root / f"t{i}"
            work.mkdir()
            trial(base, work, rng, ops, cuts, figures)
            shutil.rmtree(work, ignore_errors=True)
        for i in range(migrations):
            work = root / f"m{i}"
            work.mkdir()
            migration_trial(work, rng, cuts, figures)
            shutil.rmtree(work, ignore_errors=True)
        for i in range(faults):
            work = root / f"f{i}"
            work.mkdir()
            fault_trial(base, work, rng, figures)
            shutil.rmtree(work, ignore_errors=True)
    finally:
        if saved_env is None:
            os.environ.pop("ANUPALAN_DATA_DIR", None)
        else:
            os.environ["ANUPALAN_DATA_DIR"] = saved_env
        if not figures.failures:
            shutil.rmtree(root, ignore_errors=True)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=20)
    parser.add_argument("--ops", type=int, default=12)
    parser.add_argument("--cuts", type=int, default=40)
    parser.add_argument("--faults", type=int, default=30)
    parser.add_argument("--migrations", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    import time

    start = time.monotonic()
    figures = run(trials=args.trials, ops=args.ops, cuts=args.cuts, seed=args.seed, faults=args.faults,
                  migrations=args.migrations)
    for failure in figures.failures:
        print("FAIL", failure)
    print(f"trials {figures.trials}, operations acknowledged {figures.operations}, power cuts {figures.cuts}, "
          f"acknowledged operations checked across cuts {figures.acknowledged_checked}, "
          f"committed rows lost {figures.lost}; faults injected {figures.faults} "
          f"(clean messages {figures.fault_messages}); failures {len(figures.failures)}; "
          f"{time.monotonic() - start:.0f} s")
    return 1 if figures.failures else 0


if __name__ == "__main__":
    sys.exit(main())
