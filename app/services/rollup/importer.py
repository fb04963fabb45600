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

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, select, update

from app.i18n import _
from app.services import bundle
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.rollup import reasons, schema
from app.services.rollup.applying import apply_bundle, time_or_none
from app.services.rollup.store import RollupStore

MAX_BUNDLE_BYTES = 512 * 1024 * 1024
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
    store.require_writer()  # a circle's read-only role is refused once, in words
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
            changed, rows, digest_ok, set_aside = apply_bundle(conn, st, opened)
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
    made = time_or_none((m.get("made_at") or "").rstrip("Z")) if isinstance(m.get("made_at"), str) else None
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
