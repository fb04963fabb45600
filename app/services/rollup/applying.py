"""Applying one opened, checked bundle to the rollup store, inside the import's transaction.

Each row is read once: its record put in canonical form and hashed (the row hash, docs/bundle_format.md §2),
its term XORed into the station's state digest (§4), and written where it belongs: the entries table, the other
rows' table, or the quarantine with its reason. On PostgreSQL a row the store does not hold yet is sent to a COPY
at once, in pieces, by a second thread (psycopg's queued writer), so the server stores rows while Python reads the
next ones; a row that replaces one held goes in after the old one is deleted. On SQLite rows are inserted in one
executemany per table after the deletes. The precomputed rows are then rewritten (``figures.refresh_station``).
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import operator
import re
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

import orjson
from sqlalchemy import and_, case, delete, select, text, tuple_, update

from app.i18n import _
from app.services import bundle
from app.services.core import clock
from app.services.rollup import figures, reasons, schema

STATUSES = ("pending", "entered", "verified", "na", "missed")
ENTRY_TIMES = ("due_at", "entered_at", "verified_at", "na_at", "created_at")
ROW_COLS = ("district", "station_uid", "tbl", "origin_id", "hash", "data")
ENTRY_COLS = ("district", "station_uid", "origin_id", "duty_id", "duty_code", "role_code", "form", "duty_kind",
              "person_id", "case_id", "due_at", "status", "entered_at", "verified_at", "na_at", "created_at",
              "period_key", "hash")
SAMPLE_TARGET = 10  # the statistics target of the ANALYZE after a station's big load (300 rows per unit)
CHUNK = 500  # keys per IN (…) of a lookup or a delete
PIECE = 5000  # rows per piece sent to a COPY


class _Bad(Exception):
    """A row the rollup cannot take; its message is the reason kept with it in the quarantine."""


class _Canon:
    """A table's records in canonical form (what ``bundle.row_hash`` hashes): the file's values put in the
    columns' sorted order once, as one dict that is both hashed (``bundle.canonical_encoder``: orjson, the same
    bytes as the station's json.dumps(sort_keys=True)) and read."""

    def __init__(self, table: str, names: list[str]):
        order = sorted(range(len(names)), key=lambda i: names[i])
        self.sorted_names = [names[i] for i in order]
        self.pick = operator.itemgetter(*order) if len(order) > 1 else (lambda values: (values[order[0]],))
        self.encode = bundle.canonical_encoder(table)

    def record(self, values: list) -> dict:
        return dict(zip(self.sorted_names, self.pick(values)))


@dataclass
class _Before:
    """What the store holds for the station before this bundle: (table, id) -> row hash, of its rows (all of
    them for a full bundle; for a delta the rows it carries or deletes) and of its quarantined rows; its duties."""
    held: dict
    quarantined: dict
    duties: dict
    digest: int


@dataclass
class _Read:
    """What reading the bundle's rows found."""
    rows: int = 0
    digest: int = 0
    seen: set = field(default_factory=set)
    replaced: set = field(default_factory=set)  # keys held (or quarantined) before whose row changed
    added: int = 0  # keys the store did not hold
    quarantine: dict = field(default_factory=dict)  # key -> {"reason", "hash", "data"}
    duties_changed: bool = False
    unknown_duties: set = field(default_factory=set)  # duty ids of entries read before their duty


def apply_bundle(conn, st, opened) -> tuple[int, int, bool, list[dict]]:
    """(rows changed, rows in the file, the state digest agrees with the manifest's, the rows set aside)."""
    m = opened.manifest
    full = m["kind"] == "full"
    lines = [line for line in opened.body.split(b"\n")[1:] if line]
    with _gc_paused():  # a full bundle makes a million small objects, none in a cycle: no collector passes
        items = _parsed(lines)
        if not full:
            items = list(items)  # a delta looks its keys up first
        before = _before(conn, st, m, None if full else items)
        duty_names = _duty_names(before.duties)
        with _sink_for(conn, st, before.held) as sink:
            read = _read_rows(items, m, before, sink)
            gone = _gone(m, full, before, read)
            sink.finish_new()
            _delete_old(conn, st, read, gone, before)
            sink.write_replaced()
    _write_quarantine(conn, st, m["sequence"], read.quarantine)
    _follow_duties(conn, st, duty_names, before, read)
    changed = len(read.replaced | gone) + read.added
    if full:
        total = len(read.seen) + sum(1 for k in read.quarantine if k[0] == "?")
    else:
        total = st["rows_total"] + read.added - len(gone)
    _analyze_if_grown(conn, st, read.added)
    digest_ok = _record_bundle(conn, st, opened, read, changed, total)
    set_aside = [{"table": t, "id": i, "reason": v["reason"]} for (t, i), v in read.quarantine.items()]
    return changed, read.rows, digest_ok, set_aside


@contextmanager
def _gc_paused():
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _parsed(lines: list[bytes]):
    """(line, parsed JSON or None) of each row line, parsed as it is asked for."""
    loads = orjson.loads
    for line in lines:
        try:
            yield line, loads(line)
        except orjson.JSONDecodeError:
            yield line, None


def _mine(district: str, uid: str):
    r, e = schema.rows, schema.entries
    return and_(r.c.district == district, r.c.station_uid == uid), and_(e.c.district == district,
                                                                         e.c.station_uid == uid)


def _before(conn, st, m: dict, items: list | None) -> _Before:
    r, e, qt = schema.rows, schema.entries, schema.quarantine
    uid = st["station_uid"]
    mine_r, mine_e = _mine(st["district"], uid)
    quarantined = {(t, i): h for t, i, h in conn.execute(
        select(qt.c.tbl, qt.c.origin_id, qt.c.hash).where(qt.c.station_uid == uid))}
    if items is None:  # a full bundle: every row held for the station
        held = {(t, i): h for t, i, h in conn.execute(select(r.c.tbl, r.c.origin_id, r.c.hash).where(mine_r))}
        held.update({("obligations", str(i)): h for i, h in conn.execute(
            select(e.c.origin_id, e.c.hash).where(mine_e))})
    else:  # a delta: only the rows it carries or deletes (a week's delta need not read 450,000 hashes)
        held = _held_of(conn, mine_r, mine_e, _wanted(m, items))
    duties = {int(d["id"]): d for d in (json.loads(x) for (x,) in conn.execute(
        select(r.c.data).where(mine_r, r.c.tbl == "duties")))}
    return _Before(held, quarantined, duties, int(st["state_digest"] or "0", 16))


def _wanted(m: dict, items: list) -> set[tuple[str, str]]:
    names = m["columns"]
    wanted: set[tuple[str, str]] = set()
    for _line, item in items:
        try:
            table, values = item
            wanted.add((table, str(values[names[table].index("code" if table == "roles" else "id")])))
        except (TypeError, ValueError, KeyError, IndexError, AttributeError):
            continue
    for table, ids in _deleted(m).items():
        if isinstance(ids, list):
            wanted.update((table, str(i)) for i in ids)
    return wanted


def _held_of(conn, mine_r, mine_e, wanted: set) -> dict:
    r, e = schema.rows, schema.entries
    held: dict = {}
    other = sorted(k for k in wanted if k[0] != "obligations")
    for chunk in _chunks(other):
        held.update({(t, i): h for t, i, h in conn.execute(select(r.c.tbl, r.c.origin_id, r.c.hash).where(
            mine_r, tuple_(r.c.tbl, r.c.origin_id).in_(chunk)))})
    ids = sorted({int(i) for t, i in wanted if t == "obligations" and i.lstrip("-").isdigit()})
    for chunk in _chunks(ids):
        held.update({("obligations", str(i)): h for i, h in conn.execute(select(e.c.origin_id, e.c.hash).where(
            mine_e, e.c.origin_id.in_(chunk)))})
    return held


def _deleted(m: dict) -> dict:
    return m.get("deleted") if isinstance(m.get("deleted"), dict) else {}


def _read_rows(items, m: dict, before: _Before, sink) -> _Read:
    """Every row line: hashed, its digest term taken, and handed to ``sink`` (or set aside) when it changed."""
    canon = {t: _Canon(t, cols) for t, cols in m["columns"].items() if isinstance(cols, list)}
    held, quarantined = before.held, before.quarantined
    out = _Read()
    seen, sha256, from_bytes = out.seen, hashlib.sha256, int.from_bytes  # digest terms: bundle.digest_term
    digest, n = before.digest, 0
    for line, item in items:
        n += 1
        try:
            table, values = item
            writer = canon[table]
            record = writer.record(values)
            raw = writer.encode(record)
            rid = record.get("code" if table == "roles" else "id")
        except (ValueError, KeyError, TypeError, IndexError, AttributeError, orjson.JSONDecodeError):
            _set_aside(out, ("?", str(n)), _("a row that cannot be read"), line, quarantined)
            continue
        key = (table, str(rid))
        if "\x00" in key[0] or "\x00" in key[1]:  # PostgreSQL's text cannot hold it, nor the quarantine's key
            _set_aside(out, ("?", str(n)), _("a row without its id"), line, quarantined)
            continue
        if key in seen:  # the station writes each row once: a second one is not taken (nor in the digest)
            _set_aside(out, ("?", str(n)), _("a row repeated in the file ({table} {id})").format(
                table=table, id=key[1]), line, quarantined)
            continue
        seen.add(key)
        h = sha256(raw).hexdigest()[:32]  # bundle.row_hash: the first 32 hex
        old = held.get(key, quarantined.get(key))
        if old == h:
            continue
        if old is not None:
            digest ^= from_bytes(sha256(f"{table}:{key[1]}:{old}".encode()).digest(), "big")
            out.replaced.add(key)
        else:
            out.added += 1
        digest ^= from_bytes(sha256(f"{table}:{key[1]}:{h}".encode()).digest(), "big")
        try:
            _place(table, key, rid, record, raw, h, before, sink, out)
        except _Bad as bad:
            out.quarantine[key] = {"reason": str(bad), "hash": h, "data": raw.decode("utf-8")}
    out.rows, out.digest = n, digest
    return out


def _set_aside(out: _Read, key: tuple, reason: str, line: bytes, quarantined: dict) -> None:
    """A line set aside under its line number: it never enters the state digest."""
    out.quarantine[key] = {"reason": reason, "hash": "", "data": line.decode("utf-8", "replace")[:2000]}
    if key in quarantined:
        out.replaced.add(key)
    else:
        out.added += 1


def _place(table: str, key: tuple, rid, record: dict, raw: bytes, h: str, before: _Before, sink, out: _Read) -> None:
    if table not in bundle.TABLE_NAMES:
        raise _Bad(_("a table the rollup does not know ({table})").format(table=table))
    if rid is None or (table != "roles" and type(rid) is not int):
        raise _Bad(_("a row without its id"))
    if table == "obligations":
        values = _entry_values(record, before.duties, sink.as_text)
        if values[0] is not None and values[0] not in before.duties:
            out.unknown_duties.add(values[0])
        sink.entry(key, rid, h, values)
        return
    if table == "duties":
        if any(_has_nul(record.get(k)) for k in ("code", "kind")):
            raise _Bad(_("a text with a character the rollup cannot store (NUL)"))
        before.duties[rid] = record
        out.duties_changed = True
    sink.row(key, h, raw)


def _entry_values(record: dict, duties: dict, as_text: bool) -> tuple:
    """An entry's values in ``ENTRY_COLS`` order from duty_id to period_key (its times as ISO text for a COPY,
    as datetimes otherwise); ``_Bad`` when the rollup cannot count it. Written out value by value: it runs
    for every entry of a five-year station (240,000)."""
    get = record.get
    status, role, form, period = get("status"), get("role_code"), get("form") or "", get("period_key")
    if status not in STATUSES:
        raise _Bad(_("an entry with an unknown status ({status})").format(status=status))
    if not role or type(role) is not str:
        raise _Bad(_("an entry without its role"))
    duty_id, person, case_id = get("duty_id"), get("person_id"), get("case_id")
    if (type(form) is not str or (period is not None and type(period) is not str)
            or (duty_id is not None and type(duty_id) is not int) or (person is not None and type(person) is not int)
            or (case_id is not None and type(case_id) is not int)):
        raise _Bad(_("an entry with a date or number that cannot be read"))
    if "\x00" in role or "\x00" in form or (period is not None and "\x00" in period):
        raise _Bad(_("a text with a character the rollup cannot store (NUL)"))
    times = [get("due_at"), get("entered_at"), get("verified_at"), get("na_at"), get("created_at")]
    convert = time_text if as_text else dt.datetime.fromisoformat
    try:
        for i, value in enumerate(times):
            if value is not None:
                times[i] = convert(value)
    except (TypeError, ValueError):
        raise _Bad(_("an entry with a date or number that cannot be read")) from None
    duty = duties.get(duty_id) or {}
    return (duty_id, duty.get("code") or "", role, form, duty.get("kind") or "", person, case_id, times[0],
            status, times[1], times[2], times[3], times[4], period)


def time_text(value: str) -> str:
    """A time of the file as COPY text: ``fromisoformat(value).isoformat()``, the form PostgreSQL reads, checked
    by parsing. A value already in that form (the station's own YYYY-MM-DDTHH:MM:SS, nearly every time of a
    bundle) is sent as it is: writing it again took a fifth of reading a five-year station's entries."""
    parsed = dt.datetime.fromisoformat(value)  # TypeError / ValueError: not a time
    if (len(value) == 19 and value[10] == "T" and value[13] == ":" and value[16] == ":" and value[4] == "-"
            and value[7] == "-" and value.isascii()):
        return value  # parsed, so the other 14 characters are the digits of a valid date and time
    return parsed.isoformat()


def _has_nul(value) -> bool:
    return isinstance(value, str) and "\x00" in value


def _gone(m: dict, full: bool, before: _Before, read: _Read) -> set:
    """The keys the station no longer has (a full bundle: every key it did not carry; a delta: its deleted ids
    that are held and not carried); their terms are taken out of the digest."""
    held, quarantined = before.held, before.quarantined
    if full:
        gone = {k for k in held if k not in read.seen} | {k for k in quarantined if k not in read.seen}
    else:
        gone = set()
        for table, ids in _deleted(m).items():
            if isinstance(ids, list):
                gone.update(k for k in ((table, str(i)) for i in ids)
                            if (k in held or k in quarantined) and k not in read.seen)
    for k in gone:
        if k[0] != "?":  # a line that could not be read never entered the digest
            read.digest ^= bundle.digest_term(k[0], k[1], held.get(k, quarantined.get(k)))
    return gone


def _delete_old(conn, st, read: _Read, gone: set, before: _Before) -> None:
    """The old version of every key replaced or gone, from wherever it was (rows, entries, quarantine)."""
    r, e, qt = schema.rows, schema.entries, schema.quarantine
    mine_r, mine_e = _mine(st["district"], st["station_uid"])
    old = read.replaced | gone | set(read.quarantine)
    was_held = [k for k in old if k in before.held]
    row_keys = [k for k in was_held if k[0] != "obligations"]
    entry_keys = [int(k[1]) for k in was_held if k[0] == "obligations"]
    q_keys = [k for k in old if k in before.quarantined]
    for chunk in _chunks(row_keys):
        conn.execute(delete(r).where(mine_r, tuple_(r.c.tbl, r.c.origin_id).in_(chunk)))
    for chunk in _chunks(entry_keys):
        conn.execute(delete(e).where(mine_e, e.c.origin_id.in_(chunk)))
    for chunk in _chunks(q_keys):
        conn.execute(delete(qt).where(qt.c.station_uid == st["station_uid"],
                                      tuple_(qt.c.tbl, qt.c.origin_id).in_(chunk)))


def _write_quarantine(conn, st, seq: int, quarantine: dict) -> None:
    if quarantine:
        now = clock.utcnow()
        conn.execute(schema.quarantine.insert(), [
            {"station_uid": st["station_uid"], "tbl": t, "origin_id": i, "district": st["district"],
             "sequence": seq, "quarantined_utc": now, **v} for (t, i), v in quarantine.items()])


def _duty_names(duties: dict) -> dict[int, tuple[str, str]]:
    return {did: (d.get("code") or "", d.get("kind") or "") for did, d in duties.items()}


def _follow_duties(conn, st, names_before: dict, before: _Before, read: _Read) -> None:
    """Entries take their duty's code and kind: the entries held before, of the duties whose names changed, and
    the entries read before their duty; one statement, one pass over the station's entries, when any."""
    if not read.duties_changed:
        return
    after = _duty_names(before.duties)
    changed = {did: names for did, names in after.items() if names_before.get(did) != names
               and (st["last_sequence"] is not None or did in read.unknown_duties)}
    if not changed:
        return
    e = schema.entries
    ids = sorted(changed)
    code = case({did: changed[did][0] for did in ids}, value=e.c.duty_id)
    kind = case({did: changed[did][1] for did in ids}, value=e.c.duty_id)
    conn.execute(update(e).where(_mine(st["district"], st["station_uid"])[1], e.c.duty_id.in_(ids),
                                 (e.c.duty_code != code) | (e.c.duty_kind != kind))
                 .values(duty_code=code, duty_kind=kind))


def _analyze_if_grown(conn, st, added: int) -> None:
    """PostgreSQL: when this import added more than 50 rows and a tenth of the station's rows (autovacuum's own
    rule, applied to the station: a new station's first load always, a week's delta never), the district's
    entries partition is analyzed inside the transaction, so that the refresh of the precomputed rows is planned
    knowing them. Unanalysed, or
    analysed before the station was there (a rule on the district's rows stopped analyzing at the 11th station),
    the planner expects a handful of the station's entries and groups its 240,000 by a sort: 1.6 s instead of
    0.4 s for the counts alone. A sample of 3,000 rows (statistics target 10, this transaction only) tells the
    planner what it needs here (how many of the station's entries, how few values per column) in 30-60 ms, where
    the default 30,000 took 0.3-0.5 s; autovacuum's own analysis after the commit takes the full sample. The JSON
    rows partition is read by the refresh by its key only and is left to autovacuum. ANALYZE's lock lets other
    writers and every reader through; only another import of the same district analyzing too (or autovacuum's
    pass over the partition, which then yields) waits for this one's commit."""
    if conn.dialect.name != "postgresql" or added <= 50 + 0.1 * (st["rows_total"] or 0):
        return
    entries = schema.partition_name(schema.entries.name, st["district"])
    target = conn.execute(text("SELECT current_setting('default_statistics_target')")).scalar()
    conn.execute(text("SELECT set_config('default_statistics_target', :v, true)"), {"v": str(SAMPLE_TARGET)})
    conn.execute(text(f'ANALYZE "{entries}"'))
    conn.execute(text("SELECT set_config('default_statistics_target', :v, true)"), {"v": target})


def _record_bundle(conn, st, opened, read: _Read, changed: int, total: int) -> bool:
    """The bundle's line, the station's new state, its precomputed rows; True when the digests agree."""
    m, uid, seq = opened.manifest, st["station_uid"], opened.manifest["sequence"]
    state_digest = f"{read.digest:064x}"
    digest_ok = state_digest == m.get("state_digest")
    made = time_or_none(m["made_at"].rstrip("Z")) if isinstance(m.get("made_at"), str) else None
    now = clock.utcnow()
    as_of = time_or_none(m.get("station_time")) or (made or now) + dt.timedelta(hours=5, minutes=30)
    head = m.get("audit_head") if isinstance(m.get("audit_head"), dict) else {}
    st_t, b = schema.stations, schema.bundles
    if m["kind"] == "full":
        conn.execute(update(b).where(b.c.station_uid == uid, b.c.sequence < seq).values(status="superseded"))
        conn.execute(delete(b).where(b.c.station_uid == uid, b.c.sequence >= seq))
    conn.execute(b.insert().values(station_uid=uid, sequence=seq, sha256=opened.sha256, kind=m["kind"],
                                   base_sequence=m.get("base_sequence"), prev_sha256=m.get("prev_bundle_sha256"),
                                   made_utc=made, imported_utc=now, rows=read.rows, changed=changed,
                                   state_digest=state_digest, digest_ok=digest_ok, status="applied"))
    conn.execute(update(st_t).where(st_t.c.station_uid == uid).values(
        last_sequence=seq, last_sha256=opened.sha256, last_kind=m["kind"], last_made_utc=made,
        last_station_time=as_of, last_imported_utc=now, audit_seq=head.get("seq"), audit_hash=head.get("hash"),
        schema_revision=str(m.get("schema_revision")), state_digest=state_digest, digest_ok=digest_ok,
        needs_full=not digest_ok,
        needs_full_reason="" if digest_ok else reasons.needs_full_code(reasons.DIGEST, seq=seq),
        rows_total=total))
    figures.refresh_station(conn, uid, st["district"], st["circle"], as_of)
    return digest_ok


def time_or_none(value):
    try:
        return dt.datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]


# --- where the rows go: a COPY on PostgreSQL, executemany on SQLite ----------------------------------------


def _sink_for(conn, st, held: dict):
    kind = _CopySink if conn.dialect.name == "postgresql" else _InsertSink
    return kind(conn, st["district"], st["station_uid"], held)


class _InsertSink:
    """SQLite: the rows kept and inserted after the deletes, one executemany per table."""
    as_text = False

    def __init__(self, conn, district: str, uid: str, held: dict):
        self.conn, self.district, self.uid = conn, district, uid
        self.rows: list[tuple] = []
        self.entries: list[tuple] = []

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def row(self, key: tuple, h: str, raw: bytes) -> None:
        self.rows.append((self.district, self.uid, key[0], key[1], h, raw.decode("utf-8")))

    def entry(self, key: tuple, rid: int, h: str, values: tuple) -> None:
        self.entries.append((self.district, self.uid, rid, *values, h))

    def finish_new(self) -> None:
        return None

    def write_replaced(self) -> None:
        for table, cols, rows in ((schema.rows, ROW_COLS, self.rows), (schema.entries, ENTRY_COLS, self.entries)):
            if rows:
                self.conn.execute(table.insert(), [dict(zip(cols, row)) for row in rows])


class _CopySink:
    """PostgreSQL: rows the store does not hold go to a COPY as they are read, in pieces handed to a second
    thread (the server stores them while Python reads on); rows replacing held ones wait for the deletes."""
    as_text = True

    def __init__(self, conn, district: str, uid: str, held: dict):
        self.raw = conn.connection.dbapi_connection
        self.held = held
        self.head = f"{copy_text(district)}\t{copy_text(uid)}\t"
        self.head_bytes = self.head.encode("utf-8")
        self.new = {schema.rows: [], schema.entries: []}
        self.later = {schema.rows: [], schema.entries: []}
        self.stack = ExitStack()
        self.copy = self.target = None

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.stack.__exit__(*exc)  # an error ends the COPY in the server too (then the transaction rolls back)

    def row(self, key: tuple, h: str, raw: bytes) -> None:
        if b"\\" in raw:  # JSON text has no tab or line end of its own (they are escaped): only \ needs doubling
            raw = raw.replace(b"\\", b"\\\\")
        line = b"".join((self.head_bytes, key[0].encode(), b"\t", copy_text(key[1]).encode("utf-8"), b"\t",
                         h.encode(), b"\t", raw, b"\n"))
        self._add(schema.rows, key, line)

    def entry(self, key: tuple, rid: int, h: str, values: tuple) -> None:
        self._add(schema.entries, key, _entry_line(self.head, rid, h, values))

    def _add(self, table, key: tuple, line: bytes) -> None:
        if key in self.held:
            self.later[table].append(line)
            return
        piece = self.new[table]
        piece.append(line)
        if len(piece) >= PIECE:
            self._send(table, b"".join(piece))
            piece.clear()

    def _send(self, table, data: bytes) -> None:
        if self.target is not table:
            self.stack.close()
            from psycopg.copy import QueuedLibpqWriter

            cur = self.stack.enter_context(self.raw.cursor())
            cols = ROW_COLS if table is schema.rows else ENTRY_COLS
            self.copy = self.stack.enter_context(cur.copy(f'COPY "{table.name}" ({", ".join(cols)}) FROM STDIN',
                                                          writer=QueuedLibpqWriter(cur)))
            self.target = table
        self.copy.write(data)

    def finish_new(self) -> None:
        for table, piece in self.new.items():
            if piece:
                self._send(table, b"".join(piece))
                piece.clear()
        self.stack.close()
        self.target = None

    def write_replaced(self) -> None:
        for table, lines in self.later.items():
            for i in range(0, len(lines), PIECE):
                self._send(table, b"".join(lines[i:i + PIECE]))
        self.stack.close()
        self.target = None


def _entry_line(head: str, rid: int, h: str, v: tuple) -> bytes:
    """One rollup_entries row in COPY's text format (``ENTRY_COLS``; the values of ``_entry_values``)."""
    n = "\\N"
    duty, code, role, form, kind, person, case_id, period = v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[13]
    # the texts escaped only when one of them needs it (one check instead of five copy_text calls)
    if _NEEDS_ESCAPE(f"{code}{role}{form}{kind}{period or ''}"):
        t = copy_text
        code, role, form, kind, period = t(code), t(role), t(form), t(kind), t(period)
    elif period is None:
        period = n
    return (f"{head}{rid}\t{n if duty is None else duty}\t{code}\t{role}\t{form}\t{kind}\t"
            f"{n if person is None else person}\t{n if case_id is None else case_id}\t{v[7] or n}\t{v[8]}\t"
            f"{v[9] or n}\t{v[10] or n}\t{v[11] or n}\t{v[12] or n}\t{period}\t{h}\n").encode("utf-8")


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
_NEEDS_ESCAPE = re.compile(r"[\\\t\n\r]").search


def copy_text(value) -> str:
    """One value in COPY's text format: NULL is \\N; text has its backslashes, tabs and line ends escaped."""
    if value is None:
        return "\\N"
    if not isinstance(value, str):
        value = str(value)
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_COPY_ESCAPES)
    return value
