"""``station particulars``: the station's office particulars for its letters (letterhead, SP, CO, Nodal Officer)."""

from __future__ import annotations

from app.i18n import _
from app.services import station
from app.cli.acting import cli_actor
from app.cli.common import command_group, open_db, print_json, print_result, print_table


def register(sub, common) -> None:
    ssub = command_group(sub, "station", _("the station's office particulars for its letters"))
    p = ssub.add_parser("particulars", parents=[common],
                        help=_("show or set the letterhead, the SP's, CO's and Nodal Officer's offices"))
    p.add_argument("--set", dest="assignments", action="append", default=[], metavar="KEY=VALUE",
                   help=_("set a particular (repeatable); an empty VALUE goes back to the default"))
    p.set_defaults(handler=run_particulars)
    from app.cli.bundle import register_enrol

    register_enrol(ssub, common)


def run_particulars(args) -> int:
    changes = station.parse_assignments(args.assignments)
    if changes:
        station.check_office_changes(changes)  # refuse bad input before opening anything
    with open_db(args) as db:
        if changes:
            info = station.set_office_particulars(db, changes, actor=cli_actor(args, db))
        else:
            info = station.office_particulars(db)
    if args.json:
        print_json(info.as_dict())
        return 0
    if changes:
        return print_result(args, info.as_dict(), _("Saved: {keys}.").format(keys=", ".join(changes)))
    print_table([[key, station.office_key_label(key), value, _("set here") if key in info.set_keys else _("default")]
                 for key, value in info.values.items()],
                [_("Key"), _("Particular"), _("Value"), _("State")])
    return 0
