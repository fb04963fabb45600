"""``staff``: people and role assignments."""

from __future__ import annotations

import sys

from ..i18n import _
from ..services import staff as staff_service
from ..services.validate import parse_int
from .common import open_db, print_json, print_table, require_station


def register(sub, common) -> None:
    p = sub.add_parser("staff", help=_("the station's people and their roles"))
    ssub = p.add_subparsers(dest="staff_command", metavar="ACTION", parser_class=type(p))

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
    p.set_defaults(handler=lambda args: (p.print_help(sys.stderr), 2)[1])


def run_add(args) -> int:
    db = open_db(args)
    try:
        require_station(db)
        person = staff_service.add_person(db, args.name, args.rank, args.pno, args.cctns_id)
    finally:
        db.close()
    if args.json:
        print_json(person.as_dict())
    else:
        sys.stdout.write(_("Added {name} ({rank}) with id {id}.").format(
            name=person.name, rank=person.rank, id=person.id) + "\n")
    return 0


def run_list(args) -> int:
    db = open_db(args)
    try:
        people = staff_service.list_persons(db)
    finally:
        db.close()
    if args.json:
        print_json([p.as_dict() for p in people])
        return 0
    print_table([[p.id, p.name, p.rank, p.pno or "", ", ".join(p.roles), "" if p.active else _("inactive")]
                 for p in people],
                [_("Id"), _("Name"), _("Rank"), _("PNO"), _("Roles today"), _("Status")])
    return 0


def run_assign(args) -> int:
    person_id = parse_int(args.person_id, _("Person id"), minimum=1)
    db = open_db(args)
    try:
        a = staff_service.assign_role(db, person_id, args.role, args.from_date, args.to_date)
    finally:
        db.close()
    if args.json:
        print_json({"id": a.id, "person_id": a.person_id, "role": a.role, "from": a.from_date, "to": a.to_date})
    else:
        sys.stdout.write(_("{name} holds the role {role} from {date}.").format(
            name=a.person, role=a.role, date=a.from_date) + "\n")
    return 0
