"""``rollup import``: signed station bundles into the rollup store, each in one transaction.

Order of checks: the file's header (which station), the signature against the enrolled key BEFORE anything is
read (``bundle.open_bundle``), the station schema revision (a newer one is refused), then the chain:
- the same bundle again (same sequence, same file hash): nothing changes, and the report says so;
- a delta that does not follow the last applied bundle (a gap) is HELD in the store, naming what is missing, and
  applied when the gap is filled;
- a station that went back (a sequence already held with another hash, a previous-bundle hash that is not the
  one held, an audit chain head that went backwards): nothing is written over; the station is marked as needing a
  full bundle, which re-bases it;
- a row the rollup cannot take (an unknown table, no id, a bad status or date) is quarantined with its reason,
  once, and taken out again when a later bundle brings a good version.
Rows are upserts on (station uid, table, origin id); the rollup's state digest for the station is kept
incrementally and compared with the manifest's (docs/bundle_format.md §4).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import operator

import orjson
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import and_, case, delete, select, tuple_, update

from app.i18n import _
from app.services import bundle
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.rollup import figures, reasons, schema
from app.services.rollup.store import RollupStore

MAX_BUNDLE_BYTES = 512 * 1024 * 1024
STATUSES = ("pending", "entered", "verified", "na", "missed")
ENTRY_TIMES = ("due_at", "entered_at", "verified_at", "na_at", "created_at")
CHUNK = 500
MAX_LISTED = 20  # quarantined rows named in an import's report (all are counted)


@dataclass
class ImportReport:
    imported: list[dict] = field(default_factory=list)
    unchanged: list[dict] = field(default_factory=list)
    held: list[dict] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"imported": len(self.imported), "unchanged": len(self.unchanged), "held": self.held,
                "rejected": self.rejected, "bundles": self.imported + self.unchanged}

    def describe(self) -> str:
        lines = []
        for b in self.imported:
            lines.append(_("{file}: station {station} bundle {seq} ({kind}) imported: {changed} of {rows} rows "
                           "changed.").format(file=b["file"], station=b["station"], seq=b["sequence"],
                                              kind=_("full") if b["kind"] == "full" else _("delta"),
                                              changed=b["changed"], rows=b["rows"])
                         + ("" if b["digest_ok"] else " " + _("Its state differs from the station's: a full bundle "
                                                                "is asked for.")))
            if b.get("quarantined"):
                lines.append("  " + _("{count} rows were set aside, not taken into the figures: {rows}").format(
                    count=b["quarantined"], rows="; ".join(f"{q['table']} {q['id']}: {q['reason']}"
                                                           for q in b["quarantine"][:5])))
        for b in self.unchanged:
            lines.append(_("{file}: station {station} bundle {seq} was imported already; 0 rows changed.").format(
                file=b["file"], station=b["station"], seq=b["sequence"]))
        for b in self.held:
            lines.append(_("{file}: station {station} bundle {seq} is held until the missing bundles arrive: "
                           "{missing}.").format(file=b["file"], station=b["station"], seq=b["sequence"],
                                                 missing=_ranges(b["missing"]))
                         + " " + _("A full bundle from the station (python -m app bundle export --full) takes their "
                                   "place."))
        for b in self.rejected:
            lines.append(_("{file}: refused: {reason}").format(file=b["file"], reason=b["reason"]))
        lines.append(_("Imported {imported}, unchanged {unchanged}, held {held}, refused {rejected}.").format(
            imported=len(self.imported), unchanged=len(self.unchanged), held=len(self.held),
            rejected=len(self.rejected)))
        return "\n".join(lines)


def _ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5, 7, 8 -> "1–3, 5, 7–8": a station gone silent for a year misses fifty bundles."""
    out: list[str] = []
    for n in sorted(numbers):
        if out and out[-1][1] == n - 1:
            out[-1][1] = n
        else:
            out.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}–{b}" for a, b in out)


class _Held(Exception):
    def __init__(self, missing: list[int]):
        self.missing = missing


class _Refused(Exception):
    def __init__(self, reason: str, *, needs_full: str = ""):
        self.reason = reason
        self.needs_full = needs_full  # the stored reason (reasons.needs_full_code) when a full bundle is asked


def bundle_files(paths: list[Path]) -> list[Path]:
    """The files named, and the ``.anb`` files inside the folders named. A path that is not there is refused."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(x for x in p.rglob("*.anb") if x.is_file()))
        elif p.is_file():
            out.append(p)
        else:
            raise UserError(_("There is no file or folder {path}. Nothing was imported.").format(path=p))
    return out


def import_paths(store: RollupStore, paths: list[Path]) -> ImportReport:
    report = ImportReport()
    loaded: list[tuple[Path, bytes, dict]] = []
    for path in bundle_files(paths):
        try:
            if path.stat().st_size > MAX_BUNDLE_BYTES:
                raise UserError(_("Not a valid bundle: it is too large."))
            data = path.read_bytes()
            header, _payload = bundle.read_header(data)
        except UserError as exc:
            report.rejected.append({"file": str(path), "reason": exc.message})
            continue
        except OSError as exc:
            report.rejected.append({"file": str(path), "reason": str(exc.strerror or exc)})
            continue
        loaded.append((path, data, header))
    # a folder's bundles in each station's order, so that files read in any order apply in sequence
    loaded.sort(key=lambda x: (x[2]["station_uid"], x[2]["sequence"]))
    for path, data, _header in loaded:
        import_bytes(store, data, str(path), report)
    return report


def import_bytes(store: RollupStore, data: bytes, file: str, report: ImportReport) -> None:
    """One bundle file's bytes; the outcome is added to ``report``. Applying it may release held bundles."""
    outcome = _import_one(store, data, file)
    getattr(report, outcome[0]).append(outcome[1])
    if outcome[0] == "imported":
        _release_held(store, outcome[1]["station_uid"], report)


def _release_held(store: RollupStore, uid: str, report: ImportReport) -> None:
    h = schema.held
    while True:
        with store.connect() as conn:
            st = conn.execute(select(schema.stations.c.last_sequence).where(
                schema.stations.c.station_uid == uid)).scalar()
            nxt = conn.execute(select(h.c.data, h.c.file_name).where(
                h.c.station_uid == uid, h.c.sequence == (st or 0) + 1)).first()
        if nxt is None:
            return
        outcome = _import_one(store, bytes(nxt.data), nxt.file_name, from_held=True)
        report.held[:] = [x for x in report.held if not (x["station_uid"] == uid
                                                          and x["sequence"] == outcome[1].get("sequence"))]
        getattr(report, outcome[0]).append(outcome[1])
        if outcome[0] != "imported":
            return


def _station_label(st) -> str:
    return st["code"] or st["name"]


def _import_one(store: RollupStore, data: bytes, file: str, *, from_held: bool = False) -> tuple[str, dict]:
    try:
        header, _payload = bundle.read_header(data)
    except UserError as exc:
        return "rejected", {"file": file, "reason": exc.message}
    uid, seq = header["station_uid"], header["sequence"]
    st_t = schema.stations
    try:
        with store.begin() as conn:
            q = select(st_t).where(st_t.c.station_uid == uid)
            if conn.dialect.name == "postgresql":
                q = q.with_for_update()
            st = conn.execute(q).mappings().first()
            b = schema.bundles
            sha = hashlib.sha256(data).hexdigest()
            same = conn.execute(select(b.c.kind, b.c.rows).where(
                b.c.station_uid == uid, b.c.sequence == seq, b.c.sha256 == sha)).first() if st is not None else None
            if same is not None:
                # the very file imported before (its signature was checked then): nothing to read again
                return "unchanged", {"file": file, "station_uid": uid, "station": _station_label(st),
                                     "sequence": seq, "kind": same.kind, "rows": same.rows, "changed": 0,
                                     "digest_ok": True}
            opened = bundle.open_bundle(data, lambda _uid: st["public_key"] if st is not None else None)
            m = opened.manifest
            base = {"file": file, "station_uid": uid, "station": _station_label(st), "sequence": seq,
                    "kind": m.get("kind")}
            _check_schema(m)
            b = schema.bundles
            known = conn.execute(select(b.c.sha256).where(b.c.station_uid == uid, b.c.sequence == seq)).scalar()
            if known == opened.sha256:
                return "unchanged", {**base, "rows": m.get("rows", 0), "changed": 0, "digest_ok": True}
            _check_chain(conn, st, m, opened.sha256, known)
            if from_held:
                conn.execute(delete(schema.held).where(schema.held.c.station_uid == uid, schema.held.c.sequence == seq))
            changed, rows, digest_ok, set_aside = _apply(conn, st, opened)
            conn.execute(delete(schema.held).where(schema.held.c.station_uid == uid, schema.held.c.sequence <= seq))
            return "imported", {**base, "rows": rows, "changed": changed, "digest_ok": digest_ok,
                                "quarantined": len(set_aside), "quarantine": set_aside[:MAX_LISTED]}
    except UserError as exc:
        return "rejected", {"file": file, "reason": exc.message}
    except _Held as held:
        with store.begin() as conn:
            h = schema.held
            conn.execute(delete(h).where(h.c.station_uid == uid, h.c.sequence == seq))
            conn.execute(h.insert().values(station_uid=uid, sequence=seq, sha256=hashlib.sha256(data).hexdigest(),
                                           file_name=file, data=data, missing=json.dumps(held.missing),
                                           received_utc=clock.utcnow()))
        return "held", {"file": file, "station_uid": uid, "station": _station_label(st), "sequence": seq,
                        "missing": held.missing}
    except _Refused as refused:
        if refused.needs_full:
            with store.begin() as conn:
                conn.execute(update(st_t).where(st_t.c.station_uid == uid).values(
                    needs_full=True, needs_full_reason=refused.needs_full))
        return "rejected", {"file": file, "reason": refused.reason}


def _check_schema(m: dict) -> None:
    from app.services.storage import known_revisions

    known = set(known_revisions())
    revisions = [r for r in str(m.get("schema_revision") or "").split(",") if r]
    unknown = [r for r in revisions if r not in known]
    if not revisions or unknown:
        raise UserError(_("The bundle was made by a newer version of Anupalan at the station (schema {rev}); update "
                          "this office's Anupalan first. Nothing was imported.").format(
            rev=m.get("schema_revision")))
    if m.get("kind") not in ("full", "delta") or not isinstance(m.get("columns"), dict):
        raise UserError(_("Not a valid bundle: {reason}").format(reason=_("its manifest does not match its header")))


def _check_chain(conn, st, m: dict, sha: str, known_sha: str | None) -> None:
    seq, last = m["sequence"], st["last_sequence"]
    name = _station_label(st)
    # a full bundle re-bases the station, whatever came before (a restored backup's full may reuse a sequence), and
    # a delta reusing a sequence is a station gone back; but a bundle made before the one applied last is an old
    # file arriving late (a full would wind the station back; a delta never imported is in that newer bundle)
    made = _time_or_none((m.get("made_at") or "").rstrip("Z")) if isinstance(m.get("made_at"), str) else None
    older = made is not None and st["last_made_utc"] is not None and made < st["last_made_utc"]
    if last is not None and older and (seq < last if m["kind"] == "full" else seq <= last and known_sha is None):
        raise UserError(_("Station {station}'s bundle {seq} was made before its bundle {last}, which was imported "
                          "already; an old bundle is not applied over a newer one. Nothing was changed.").format(
            station=name, seq=seq, last=last))
    if m["kind"] == "full":
        return
    if st["needs_full"]:
        raise _Refused(_("Station {station} must send a full bundle (python -m app bundle export --full) before "
                         "more changes are taken: {reason}").format(
            station=name, reason=reasons.needs_full_text(st["needs_full_reason"])))

    def went_back(code: str, **args) -> _Refused:
        # the refusal in the importer's language; the reason stored language-neutral, rendered by whoever reads it
        stored = reasons.needs_full_code(code, **args)
        return _Refused(_("Station {station}'s data went back (e.g. an old backup was restored): {what}. Nothing of "
                          "it was written over; ask the station for a full bundle (python -m app bundle export "
                          "--full).").format(station=name, what=reasons.what_went_back(stored)), needs_full=stored)

    if known_sha is not None or (last is not None and seq <= last):
        raise went_back(reasons.REIMPORTED, seq=seq)
    if last is None:
        if m.get("base_sequence") is None:
            return  # never acknowledged: it carries everything since an empty base (the same as a full)
        raise _Held(list(range(1, seq)))
    if seq > last + 1:
        held = set(conn.execute(select(schema.held.c.sequence).where(
            schema.held.c.station_uid == st["station_uid"])).scalars())
        raise _Held([s for s in range(last + 1, seq) if s not in held] or list(range(last + 1, seq)))
    if m.get("prev_bundle_sha256") != st["last_sha256"]:
        raise went_back(reasons.NOT_FOLLOWING, seq=seq, last=last)
    head = m.get("audit_head") if isinstance(m.get("audit_head"), dict) else {}
    if st["audit_seq"] is not None and (head.get("seq") or 0) < st["audit_seq"]:
        raise went_back(reasons.AUDIT_SHORTER, now=head.get("seq") or 0, before=st["audit_seq"])


# --- applying ---------------------------------------------------------------------------------------------


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


def _apply(conn, st, opened) -> tuple[int, int, bool, list[dict]]:
    m = opened.manifest
    uid, district, circle = st["station_uid"], st["district"], st["circle"]
    full = m["kind"] == "full"
    seq = m["sequence"]
    r, e, qt = schema.rows, schema.entries, schema.quarantine
    mine_r = and_(r.c.district == district, r.c.station_uid == uid)
    mine_e = and_(e.c.district == district, e.c.station_uid == uid)
    names = m["columns"]
    lines = [line for line in opened.body.split(b"\n")[1:] if line]
    parsed: list = []
    for line in lines:
        try:
            parsed.append(orjson.loads(line))
        except orjson.JSONDecodeError:
            parsed.append(None)
    # what the rollup holds for the station: (table, id) -> hash, and which of them sit in quarantine; a delta
    # looks up only the rows it carries (a week's delta of a five-year station need not read its 450,000 hashes)
    quarantined: dict[tuple[str, str], str] = {(t, i): h for t, i, h in conn.execute(
        select(qt.c.tbl, qt.c.origin_id, qt.c.hash).where(qt.c.station_uid == uid))}
    if full:
        held: dict[tuple[str, str], str] = {(t, i): h for t, i, h in conn.execute(
            select(r.c.tbl, r.c.origin_id, r.c.hash).where(mine_r))}
        held.update({("obligations", str(i)): h for i, h in conn.execute(
            select(e.c.origin_id, e.c.hash).where(mine_e))})
    else:
        wanted: set[tuple[str, str]] = set()
        for item in parsed:
            try:
                table, values = item
                wanted.add((table, str(values[names[table].index("code" if table == "roles" else "id")])))
            except (TypeError, ValueError, KeyError, IndexError, AttributeError):
                continue
        deleted = m.get("deleted") if isinstance(m.get("deleted"), dict) else {}
        for table, ids in deleted.items():
            if isinstance(ids, list):
                wanted.update((table, str(i)) for i in ids)
        held = {}
        other = sorted(k for k in wanted if k[0] != "obligations")
        for chunk in _chunks(other):
            held.update({(t, i): h for t, i, h in conn.execute(select(r.c.tbl, r.c.origin_id, r.c.hash).where(
                mine_r, tuple_(r.c.tbl, r.c.origin_id).in_(chunk)))})
        ids = sorted({int(i) for t, i in wanted if t == "obligations" and i.lstrip("-").isdigit()})
        for chunk in _chunks(ids):
            held.update({("obligations", str(i)): h for i, h in conn.execute(select(e.c.origin_id, e.c.hash).where(
                mine_e, e.c.origin_id.in_(chunk)))})
    digest = int(st["state_digest"] or "0", 16)
    duties = {int(d["id"]): d for d in (json.loads(x) for (x,) in conn.execute(
        select(r.c.data).where(mine_r, r.c.tbl == "duties")))}
    duty_names_before = _duty_names(duties)

    canon = {t: _Canon(t, cols) for t, cols in names.items() if isinstance(cols, list)}
    known_tables = set(bundle.TABLE_NAMES)
    new_rows: dict[tuple[str, str], dict] = {}
    new_entries: dict[str, dict] = {}
    new_quarantine: dict[tuple[str, str], dict] = {}
    seen: set[tuple[str, str]] = set()
    changed_duties = False
    rows_in_file = 0
    sha256 = hashlib.sha256
    digest_term = bundle.digest_term
    for line, item in zip(lines, parsed):
        rows_in_file += 1
        try:
            table, values = item
            writer = canon[table]
            record = writer.record(values)
            raw = writer.encode(record)
        except (ValueError, KeyError, TypeError, IndexError, orjson.JSONDecodeError):
            new_quarantine[("?", str(rows_in_file))] = {"reason": _("a row that cannot be read"), "hash": "",
                                                        "data": line.decode("utf-8", "replace")[:2000]}
            continue
        key_col = "code" if table == "roles" else "id"
        rid = record.get(key_col)
        key = (table, str(rid))
        h = sha256(raw).hexdigest()[:32]
        seen.add(key)
        old = held.get(key, quarantined.get(key))
        if old == h:
            continue
        reason = None
        if table not in known_tables:
            reason = _("a table the rollup does not know ({table})").format(table=table)
        elif rid is None or (key_col == "id" and (not isinstance(rid, int) or isinstance(rid, bool))):
            reason = _("a row without its id")
        entry = None
        if reason is None and table == "obligations":
            entry, reason = _entry(record, duties)
        if reason is None and table == "duties":
            duties[int(rid)] = record
            changed_duties = True
        if old is not None:
            digest ^= digest_term(table, key[1], old)
        digest ^= digest_term(table, key[1], h)
        if reason is not None:
            new_quarantine[key] = {"reason": reason, "hash": h, "data": raw.decode("utf-8")}
        elif entry is not None:
            entry["hash"] = h
            new_entries[key[1]] = entry
        else:
            new_rows[key] = {"hash": h, "data": raw.decode("utf-8")}

    if changed_duties:  # an entry read before its duty (the file's order is the station's) takes it now
        for entry in new_entries.values():
            d = duties.get(entry["duty_id"]) or {}
            entry["duty_code"], entry["duty_kind"] = d.get("code") or "", d.get("kind") or ""

    gone: set[tuple[str, str]] = set()
    if full:
        gone = {k for k in list(held) + list(quarantined) if k not in seen}
    else:
        deleted = m.get("deleted") if isinstance(m.get("deleted"), dict) else {}
        for table, ids in deleted.items():
            if isinstance(ids, list):
                gone.update((table, str(i)) for i in ids if (table, str(i)) in held or (table, str(i)) in quarantined)
    for k in gone:
        if k[0] != "?":  # a line that could not be read never entered the digest
            digest ^= bundle.digest_term(k[0], k[1], held.get(k, quarantined.get(k)))

    # writes: every changed or gone key is removed from wherever it was, then written where it now belongs
    touched = set(new_rows) | {("obligations", i) for i in new_entries} | set(new_quarantine) | gone
    was_held = _common(touched, held)  # a first import holds nothing: no pass over what it writes
    row_keys = [k for k in was_held if k[0] != "obligations"]
    entry_keys = [int(k[1]) for k in was_held if k[0] == "obligations"]
    q_keys = _common(touched, quarantined)
    for chunk in _chunks(row_keys):
        conn.execute(delete(r).where(mine_r, tuple_(r.c.tbl, r.c.origin_id).in_(chunk)))
    for chunk in _chunks(entry_keys):
        conn.execute(delete(e).where(mine_e, e.c.origin_id.in_(chunk)))
    for chunk in _chunks(q_keys):
        conn.execute(delete(qt).where(qt.c.station_uid == uid, tuple_(qt.c.tbl, qt.c.origin_id).in_(chunk)))
    row_cols = ["district", "station_uid", "tbl", "origin_id", "hash", "data"]
    entry_cols = ["district", "station_uid", "origin_id", "duty_id", "duty_code", "role_code", "form", "duty_kind",
                  "person_id", "case_id", "due_at", "status", "entered_at", "verified_at", "na_at", "created_at",
                  "period_key", "hash"]
    if conn.dialect.name == "postgresql":  # COPY's text lines written here directly, a function call per row
        head = f"{_copy_text(district)}\t{_copy_text(uid)}\t"
        _copy(conn, r, row_cols, (f"{head}{_copy_text(t)}\t{_copy_text(i)}\t{_copy_text(v['hash'])}\t"
                                  f"{_copy_text(v['data'])}" for (t, i), v in new_rows.items()))
        _copy(conn, e, entry_cols, (_entry_line(head, i, v) for i, v in new_entries.items()))
    else:
        _insert(conn, r, row_cols, ((district, uid, t, i, v["hash"], v["data"]) for (t, i), v in new_rows.items()))
        _insert(conn, e, entry_cols, ((district, uid, int(i), *(v[c] for c in entry_cols[3:])) for i, v in
                                      new_entries.items()))
    now = clock.utcnow()
    if new_quarantine:
        conn.execute(qt.insert(), [{"station_uid": uid, "tbl": t, "origin_id": i, "district": district,
                                    "sequence": seq, "quarantined_utc": now, **v}
                                   for (t, i), v in new_quarantine.items()])
    if changed_duties:  # a duty's code or kind changed: the entries held before follow it
        if st["last_sequence"] is not None:  # a first import holds no entries of before
            _follow_duties(conn, mine_e, duty_names_before, _duty_names(duties))

    changed = len(touched)
    state_digest = f"{digest:064x}"
    digest_ok = state_digest == m.get("state_digest")
    before = set(held) | set(quarantined)
    after = (before | set(new_rows) | {("obligations", i) for i in new_entries} | set(new_quarantine)) - gone
    total = (0 if full else st["rows_total"]) - (0 if full else len(before)) + len(after)
    as_of = _time_or_none(m.get("station_time")) or (_time_or_none((m.get("made_at") or "").rstrip("Z"))
                                                     or clock.utcnow()) + dt.timedelta(hours=5, minutes=30)
    head = m.get("audit_head") if isinstance(m.get("audit_head"), dict) else {}
    st_t, b = schema.stations, schema.bundles
    if full:
        conn.execute(update(b).where(b.c.station_uid == uid, b.c.sequence < seq).values(status="superseded"))
        conn.execute(delete(b).where(b.c.station_uid == uid, b.c.sequence >= seq))
    conn.execute(b.insert().values(station_uid=uid, sequence=seq, sha256=opened.sha256, kind=m["kind"],
                                   base_sequence=m.get("base_sequence"), prev_sha256=m.get("prev_bundle_sha256"),
                                   made_utc=_time_or_none((m.get("made_at") or "").rstrip("Z")), imported_utc=now,
                                   rows=rows_in_file, changed=changed, state_digest=state_digest,
                                   digest_ok=digest_ok, status="applied"))
    conn.execute(update(st_t).where(st_t.c.station_uid == uid).values(
        last_sequence=seq, last_sha256=opened.sha256, last_kind=m["kind"],
        last_made_utc=_time_or_none((m.get("made_at") or "").rstrip("Z")), last_station_time=as_of,
        last_imported_utc=now, audit_seq=head.get("seq"), audit_hash=head.get("hash"),
        schema_revision=str(m.get("schema_revision")), state_digest=state_digest, digest_ok=digest_ok,
        needs_full=not digest_ok,
        needs_full_reason="" if digest_ok else reasons.needs_full_code(reasons.DIGEST, seq=seq),
        rows_total=total))
    figures.refresh_station(conn, uid, district, circle, as_of)
    set_aside = [{"table": t, "id": i, "reason": v["reason"]} for (t, i), v in new_quarantine.items()]
    return changed, rows_in_file, digest_ok, set_aside


def _duty_names(duties: dict) -> dict[int, tuple[str, str]]:
    return {did: (d.get("code") or "", d.get("kind") or "") for did, d in duties.items()}


def _follow_duties(conn, mine_e, before: dict, after: dict) -> None:
    """The held entries of the duties whose code or kind changed take the new ones: one statement, one pass
    over the station's entries, for the duties that changed only."""
    e = schema.entries
    changed = {did: names for did, names in after.items() if before.get(did) != names}
    if not changed:
        return
    ids = sorted(changed)
    code = case({did: changed[did][0] for did in ids}, value=e.c.duty_id)
    kind = case({did: changed[did][1] for did in ids}, value=e.c.duty_id)
    conn.execute(update(e).where(mine_e, e.c.duty_id.in_(ids), (e.c.duty_code != code) | (e.c.duty_kind != kind))
                 .values(duty_code=code, duty_kind=kind))


def _time_or_none(value):
    try:
        return dt.datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _entry(record: dict, duties: dict) -> tuple[dict | None, str | None]:
    status = record.get("status")
    if status not in STATUSES:
        return None, _("an entry with an unknown status ({status})").format(status=status)
    if not record.get("role_code"):
        return None, _("an entry without its role")
    out = {"status": status, "role_code": record["role_code"], "form": record.get("form") or "",
           "period_key": record.get("period_key")}
    fromiso = dt.datetime.fromisoformat
    try:
        for k in ENTRY_TIMES:
            value = record.get(k)
            out[k] = None if value is None else fromiso(value)
        for k in ("duty_id", "person_id", "case_id"):
            v = record.get(k)
            if v is not None and (not isinstance(v, int) or isinstance(v, bool)):
                raise ValueError
            out[k] = v
    except (TypeError, ValueError):
        return None, _("an entry with a date or number that cannot be read")
    duty = duties.get(out["duty_id"]) or {}
    out["duty_code"] = duty.get("code") or ""
    out["duty_kind"] = duty.get("kind") or ""
    return out, None


def _common(keys, other) -> list:
    """The keys in both (``other`` a set or a dict), looked up from the smaller side."""
    if len(other) < len(keys):
        return [k for k in other if k in keys]
    return [k for k in keys if k in other]


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _insert(conn, table, cols: list[str], rows) -> None:
    """Many rows in one executemany (SQLite; PostgreSQL takes them by ``_copy``)."""
    batch = [dict(zip(cols, row)) for row in rows]
    if batch:
        conn.execute(table.insert(), batch)


def _copy(conn, table, cols: list[str], lines) -> None:
    """PostgreSQL's COPY of lines already in its text format (no line end), written in large pieces."""
    raw = conn.connection.dbapi_connection
    with raw.cursor() as cur:
        with cur.copy(f'COPY "{table.name}" ({", ".join(cols)}) FROM STDIN') as copy:
            piece: list[str] = []
            for line in lines:
                piece.append(line)
                if len(piece) >= 5000:
                    piece.append("")
                    copy.write("\n".join(piece))
                    piece = []
            if piece:
                piece.append("")
                copy.write("\n".join(piece))


def _entry_line(head: str, origin_id: str, v: dict) -> str:
    """One rollup_entries row in COPY's text format (the columns of ``entry_cols`` in _apply)."""
    n = "\\N"
    duty, person, case_id, period = v["duty_id"], v["person_id"], v["case_id"], v["period_key"]
    due, entered, verified, na, created = v["due_at"], v["entered_at"], v["verified_at"], v["na_at"], v["created_at"]
    return (f"{head}{int(origin_id)}\t{n if duty is None else int(duty)}\t{_copy_text(v['duty_code'])}\t"
            f"{_copy_text(v['role_code'])}\t{_copy_text(v['form'])}\t{_copy_text(v['duty_kind'])}\t"
            f"{n if person is None else int(person)}\t{n if case_id is None else int(case_id)}\t"
            f"{n if due is None else due.isoformat()}\t{v['status']}\t"
            f"{n if entered is None else entered.isoformat()}\t{n if verified is None else verified.isoformat()}\t"
            f"{n if na is None else na.isoformat()}\t{n if created is None else created.isoformat()}\t"
            f"{n if period is None else _copy_text(period)}\t{v['hash']}")


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    """One value in COPY's text format: NULL is \\N; text has its backslashes, tabs and line ends escaped."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES) if ("\\" in value or "\t" in value or "\n" in value
                                                 or "\r" in value) else value
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    return str(value)
