"""``staff``: people and role assignments."""

from __future__ import annotations

import sys

from app.i18n import _
from app.services import staff
from app.services.core.validate import parse_int
from app.cli.acting import cli_actor
from app.cli.common import command_group, open_db, print_json, print_result, print_table, require_station


def register(sub, common) -> None:
    ssub = command_group(sub, "staff", _("the station's people and their roles"))

    add = ssub.add_parser("add", parents=[common], help=_("add a person to the staff list"))
    add.add_argument("--name", required=True)
    add.add_argument("--rank", required=True)
    add.add_argument("--pno", help=_("personal number (PNO)"))
    add.add_argument("--cctns-id", dest="cctns_id", help=_("CCTNS user id"))
    add.set_defaults(handler=run_add)

    ls = ssub.add_parser("list", parents=[common], help=_("list the staff"))
    ls.set_defaults(handler=run_list)

    assign = ssub.add_parser("assign", parents=[common], help=_("give a person a role from a date"))
    assign.add_argument("person_id", metavar="PERSON_ID")
    assign.add_argument("role", metavar="ROLE")
    assign.add_argument("--from", dest="from_date", required=True, metavar="DATE")
    assign.add_argument("--to", dest="to_date", metavar="DATE")
    assign.set_defaults(handler=run_assign)

    transfer = ssub.add_parser("transfer", parents=[common],
                               help=_("hand all of a person's open entries, roles and investigations to a successor"))
    transfer.add_argument("person_id", metavar="PERSON_ID")
    transfer.add_argument("--to", dest="to_person", required=True, metavar="PERSON_ID")
    transfer.add_argument("--on", dest="on", required=True, metavar="DATE", help=_("the day the successor takes over"))
    transfer.add_argument("--preview", action="store_true", help=_("only show what would be handed over"))
    transfer.set_defaults(handler=run_transfer)


def run_add(args) -> int:
    with open_db(args) as db:
        require_station(db)
        person = staff.add_person(db, args.name, args.rank, args.pno, args.cctns_id, actor=cli_actor(args, db))
    return print_result(args, person.as_dict(),
                        _("Added {name} ({rank}) with id {id}.").format(
                            name=person.name, rank=person.rank, id=person.id))


def run_list(args) -> int:
    with open_db(args) as db:
        people = staff.list_persons(db)
    if args.json:
        print_json([p.as_dict() for p in people])
        return 0
    print_table([[p.id, p.name, p.rank, p.pno or "", ", ".join(p.roles), "" if p.active else _("inactive")]
                 for p in people],
                [_("Id"), _("Name"), _("Rank"), _("PNO"), _("Roles today"), _("Status")])
    return 0


def run_assign(args) -> int:
    person_id = parse_int(args.person_id, _("Person id"), minimum=1)
    with open_db(args) as db:
        a = staff.assign_role(db, person_id, args.role, args.from_date, args.to_date,
                                      actor=cli_actor(args, db))
    return print_result(args, {"id": a.id, "person_id": a.person_id, "role": a.role, "from": a.from_date,
                               "to": a.to_date},
                        _("{name} holds the role {role} from {date}.").format(
                            name=a.person, role=a.role, date=a.from_date))


def run_transfer(args) -> int:
    from app.i18n import ngettext
    from app.services import staff

    leaving = parse_int(args.person_id, _("Person id"), minimum=1)
    successor = parse_int(args.to_person, _("Successor's person id"), minimum=1)
    with open_db(args) as db:
        preview = staff.preview_transfer(db, leaving, successor, args.on)
        moved = None
        if not args.preview:
            moved = staff.transfer(db, leaving, successor, args.on, actor=cli_actor(args, db))
    if args.json:
        print_json({**preview.as_dict(), "preview": args.preview, "moved": moved})
        return 0
    n = preview.obligations if moved is None else moved
    text = (ngettext("{n} open entry ({overdue} overdue) would go from {from_} to {to} on {on}.",
                     "{n} open entries ({overdue} overdue) would go from {from_} to {to} on {on}.", n) if args.preview
            else ngettext("{n} open entry ({overdue} overdue) went from {from_} to {to} on {on}.",
                          "{n} open entries ({overdue} overdue) went from {from_} to {to} on {on}.", n))
    sys.stdout.write(text.format(n=n, overdue=preview.overdue,
                                 from_=preview.from_person, to=preview.to_person, on=preview.on) + "\n")
    if preview.roles_ending:
        sys.stdout.write(_("Roles ending the day before: {roles}; taken up by the successor: {new}.").format(
            roles=", ".join(preview.roles_ending), new=", ".join(preview.roles_starting) or "-") + "\n")
    if preview.cases_as_io:
        sys.stdout.write(_("Open investigations with a new IO: {n}.").format(n=preview.cases_as_io) + "\n")
    return 0
