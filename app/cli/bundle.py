"""``bundle export`` / ``bundle ack`` and ``station enrol-file``: the station's side of the circle and district
rollup (signed bundle files carried by USB drive or Qmail, and the acknowledgements carried back)."""

from __future__ import annotations

from pathlib import Path

from app.i18n import _
from app.cli.acting import cli_actor
from app.cli.common import command_group, open_db, out_file, print_result, require_station


def register(sub, common) -> None:
    bsub = command_group(sub, "bundle", _("signed bundles of the station's data for the circle or district office"))
    e = bsub.add_parser("export", parents=[common],
                        help=_("write one signed bundle: what changed since the last acknowledged one"))
    e.add_argument("--out", required=True, metavar="DIR", help=_("the folder (or USB drive) to write the bundle in"))
    e.add_argument("--full", action="store_true", help=_("every row, not only the changes (a full snapshot)"))
    e.set_defaults(handler=run_export)
    a = bsub.add_parser("ack", parents=[common],
                        help=_("apply the office's acknowledgement: the next bundle starts after it"))
    a.add_argument("file", metavar="FILE", help=_("the acknowledgement file from the circle or district office"))
    a.add_argument("--new-office-key", dest="new_office_key", metavar="FINGERPRINT",
                   help=_("accept acknowledgements signed by this office key from now on (its fingerprint, as the "
                          "office gives it): after the office made its rollup anew"))
    a.set_defaults(handler=run_ack)


def register_enrol(ssub, common) -> None:
    """``station enrol-file`` (in the ``station`` group of ``office.py``)."""
    p = ssub.add_parser("enrol-file", parents=[common],
                        help=_("write the station's public key and particulars for the supervising office"))
    p.add_argument("--out", required=True, metavar="FILE", help=_("the enrol file to write"))
    p.set_defaults(handler=run_enrol)


def _check_out_file(out: str) -> Path:
    return out_file(out)


def run_enrol(args) -> int:
    from app.services import bundle

    out = _check_out_file(args.out)
    with open_db(args) as db:
        require_station(db)
        record = bundle.write_enrol_file(db, out, actor=cli_actor(args, db))
    return print_result(args, {"path": str(out), **record},
                        _("Enrol file written: {path} (station {uid}, key {fingerprint}).").format(
                            path=out, uid=record["station_uid"], fingerprint=record["key_fingerprint"]))


def run_export(args) -> int:
    from app.services import bundle

    out = Path(args.out).expanduser()
    with open_db(args) as db:
        require_station(db)
        result = bundle.export_bundle(db, out, full=args.full, actor=cli_actor(args, db))
    if result.kind == "full":
        message = _("Full bundle {seq} written: {path} ({rows} rows, {kb} KB).")
    else:
        message = _("Bundle {seq} written: {path} ({rows} rows changed since the last acknowledged bundle, {kb} KB).")
    return print_result(args, result.as_json(), message.format(
        seq=result.sequence, path=result.path, rows=result.rows, kb=max(1, round(result.bytes / 1024))))


def run_ack(args) -> int:
    from app.services import bundle

    path = Path(args.file).expanduser()
    bundle.read_ack(path)  # a bad file is refused before the database is opened
    with open_db(args) as db:
        require_station(db)
        result = bundle.apply_ack(db, path, actor=cli_actor(args, db), new_office_key=args.new_office_key)
    if result.changed:
        message = _("Bundle {seq} acknowledged: the next bundle carries what changed after it.")
    else:
        message = _("Bundle {seq} was acknowledged already; nothing changed.")
    return print_result(args, {"sequence": result.sequence, "changed": result.changed},
                        message.format(seq=result.sequence))
