"""``rollup …``: the circle or district office's store of its stations' bundles (issue 19). Every command takes
``--url URL`` (a SQLAlchemy URL; a plain path is a SQLite file; default: a SQLite file in the user's data
folder)."""

from __future__ import annotations

from pathlib import Path

from app.i18n import _
from app.cli.common import command_group, out_file, print_result


def register(sub, common) -> None:
    rsub = command_group(sub, "rollup", _("the circle or district office's store of its stations' bundles"))

    def parser(name: str, help_text: str):
        p = rsub.add_parser(name, parents=[common], help=help_text)
        p.add_argument("--url", metavar="URL", help=_("the rollup: a SQLite file's path or a PostgreSQL URL "
                                                      "(default: a file in the user's data folder)"))
        return p

    from app.cli.rollup_views import register_views

    register_views(parser)  # stations, station, plan, report: the supervisors' views
    p = parser("init", _("create the rollup store, or bring an older one up to date"))
    p.add_argument("--name", default="", help=_("the office's name, written in acknowledgements"))
    p.set_defaults(handler=run_init)
    p = parser("enrol", _("register a station from its enrol file"))
    p.add_argument("file", metavar="FILE", help=_("the station's enrol file"))
    p.set_defaults(handler=run_enrol)
    register_import(parser)
    p = parser("grant-circle", _("on the district server: limit a database role to reading one circle's stations"))
    p.add_argument("role", metavar="ROLE", help=_("the PostgreSQL login role (made first with CREATE ROLE)"))
    p.add_argument("--circle", help=_("the circle this role may read"))
    p.add_argument("--district", help=_("only this district's stations of that circle"))
    p.add_argument("--all", dest="every_circle", action="store_true",
                   help=_("every circle (the SP's own login that does not import)"))
    p.set_defaults(handler=run_grant_circle)


def register_import(parser) -> None:
    """``rollup import`` and ``rollup ack`` (importer.py, acks.py)."""
    p = parser("import", _("import station bundles (files or folders)"))
    p.add_argument("paths", nargs="+", metavar="PATH", help=_("bundle files or folders holding them"))
    p.set_defaults(handler=run_import)
    p = parser("ack", _("write the acknowledgement of a station's last imported bundle"))
    p.add_argument("station", metavar="STATION", help=_("the station's code or uid"))
    p.add_argument("--out", required=True, metavar="FILE", help=_("the acknowledgement file to write"))
    p.set_defaults(handler=run_ack)


def run_init(args) -> int:
    from app.services import rollup

    info = rollup.init_store(args.url, args.name)
    if info.created:
        message = _("Rollup made at {location} (schema {rev}).")
    elif info.upgraded_from is not None:
        message = _("Rollup at {location} brought up to schema {rev}.")
    else:
        message = _("The rollup at {location} is ready (schema {rev}); nothing changed.")
    return print_result(args, info.as_json(), message.format(location=info.location, rev=info.revision))


def run_enrol(args) -> int:
    from app.services import rollup

    path = Path(args.file).expanduser()
    rollup.read_enrol_file(path)  # a bad file is refused before the store is opened
    with rollup.open_rollup(args.url) as store:
        result = rollup.enrol_station(store, path)
    if result.changed:
        message = _("Station {name} ({code}, {district}) enrolled: key {fingerprint}.")
    else:
        message = _("Station {name} ({code}) was enrolled already with this key; nothing changed.")
    return print_result(args, result.as_json(), message.format(
        name=result.name, code=result.code or "-", district=result.district, fingerprint=result.key_fingerprint))


def run_import(args) -> int:
    from app.services import rollup

    with rollup.open_rollup(args.url) as store:
        report = rollup.import_paths(store, [Path(p).expanduser() for p in args.paths])
    code = 0
    if args.json:
        from app.cli.common import print_json

        print_json(report.as_json())
    else:
        import sys

        sys.stdout.write(report.describe() + "\n")
    if report.rejected and not report.imported and not report.unchanged and not report.held:
        code = 2
    return code


def run_ack(args) -> int:
    from app.services import rollup

    out = out_file(args.out)
    with rollup.open_rollup(args.url) as store:
        ack = rollup.write_rollup_ack(store, args.station, out)
    from app.services.station import fingerprint

    office_key = fingerprint(ack["rollup_key"])  # what a station asks for when this office's key is new to it
    return print_result(args, {"path": str(out), **ack, "rollup_key_fingerprint": office_key}, _(
        "Acknowledgement of bundle {seq} written: {path}. Take it to the station and apply it with: python -m app "
        "bundle ack FILE").format(seq=ack["sequence"], path=out) + "\n" + _(
        "This office's key fingerprint: {fingerprint}.").format(fingerprint=office_key))


def run_grant_circle(args) -> int:
    from app.services import rollup
    from app.services.core.errors import UserError

    if bool(args.circle) == bool(args.every_circle):
        raise UserError(_("Say which stations the role may read: --circle NAME, or --all for every circle."))
    with rollup.open_rollup(args.url) as store:
        store.require_writer()
        done = rollup.grant_circle(store, args.role, circle=None if args.every_circle else args.circle,
                                   district=args.district)
    if done["circle"] is None:
        message = _("The role {role} may now read every station of this rollup, and change nothing.")
    else:
        message = _("The role {role} may now read only the stations of circle {circle}, and change nothing.")
    return print_result(args, done, message.format(role=done["role"], circle=done["circle"]))
