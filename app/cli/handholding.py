"""Handholding staff, equipment and faults on the command line (SOP of 10 Oct 2014; duties D-19 to D-24).

    attendance-sheet --month YYYY-MM --out FILE.pdf [--lang hi|en|both]
    faults [--open] [--json]
    fault add --equipment ID --what TEXT [--at DATETIME] [--by NAME] [--ticket NO]
    fault escalate FAULT_ID --to WHOM [--at DATETIME] [--ticket NO] [--note TEXT]
    fault resolve FAULT_ID --how TEXT [--at DATETIME] [--by NAME]
    equipment add --kind KIND --name NAME [--make TEXT] [--serial NO] [--location TEXT] [--installed DATE]
    equipment list [--all]
    support-staff add --name NAME --office-kind circle|district_hq --office NAME [--vendor] [--phone] [--from DATE]
    support-staff list
    attendance mark STAFF_ID --day DATE --status present|absent|leave [--in HH:MM] [--out HH:MM] [--note TEXT]
    visit add STAFF_ID --at DATETIME --purpose TEXT [--left DATETIME] [--work TEXT] [--fault ID]
    user-ids [--missing]
    user-id cancel PERSON_ID --reason TEXT
"""

from __future__ import annotations

import sys

from app.i18n import _
from app.services import handholding
from app.services.core.validate import parse_int
from app.cli.acting import cli_actor
from app.cli.common import command_group, open_db, open_reader, print_json, print_result, print_table, require_station
from app.cli.reports import doc_parser, report_done, out_path


def register(sub, common) -> None:
    for add_commands in (_register_faults, _register_equipment, _register_staff, _register_user_ids):
        add_commands(sub, common)


def _register_faults(sub, common) -> None:
    a = doc_parser(sub, "attendance-sheet", common, _("print the handholding staff's monthly attendance sheet"))
    a.add_argument("--month", required=True, metavar="YYYY-MM", help=_("the month, e.g. 2026-11"))
    a.set_defaults(handler=run_attendance_sheet)

    f = sub.add_parser("faults", parents=[common], help=_("the equipment fault log"))
    f.add_argument("--open", action="store_true", help=_("only faults not yet resolved"))
    f.set_defaults(handler=run_faults)

    fsub = command_group(sub, "fault", _("report, escalate or resolve an equipment fault"))
    add = fsub.add_parser("add", parents=[common], help=_("report a fault"))
    add.add_argument("--equipment", required=True, metavar="ID")
    add.add_argument("--what", required=True, metavar="TEXT", help=_("what is wrong"))
    add.add_argument("--at", metavar="DATETIME", help=_("when it was reported (default: now)"))
    add.add_argument("--by", default="", metavar="NAME", help=_("who reported it"))
    add.add_argument("--ticket", default="", metavar="NO", help=_("the helpdesk's ticket number"))
    add.set_defaults(handler=run_fault_add)
    esc = fsub.add_parser("escalate", parents=[common], help=_("take an open fault higher"))
    esc.add_argument("fault_id", metavar="FAULT_ID")
    esc.add_argument("--to", required=True, metavar="WHOM")
    esc.add_argument("--at", metavar="DATETIME")
    esc.add_argument("--ticket", metavar="NO")
    esc.add_argument("--note", default="")
    esc.set_defaults(handler=run_fault_escalate)
    res = fsub.add_parser("resolve", parents=[common], help=_("record how a fault was fixed"))
    res.add_argument("fault_id", metavar="FAULT_ID")
    res.add_argument("--how", required=True, metavar="TEXT")
    res.add_argument("--at", metavar="DATETIME")
    res.add_argument("--by", default="", metavar="NAME")
    res.set_defaults(handler=run_fault_resolve)


def _register_equipment(sub, common) -> None:
    esub = command_group(sub, "equipment", _("the equipment register"))
    eadd = esub.add_parser("add", parents=[common], help=_("add an item to the register"))
    eadd.add_argument("--kind", required=True, choices=tuple(handholding.EQUIPMENT_KIND_LABELS))
    eadd.add_argument("--name", required=True)
    eadd.add_argument("--make", default="", metavar="TEXT", help=_("make and model"))
    eadd.add_argument("--serial", default="", metavar="NO")
    eadd.add_argument("--location", default="")
    eadd.add_argument("--installed", metavar="DATE")
    eadd.set_defaults(handler=run_equipment_add)
    els = esub.add_parser("list", parents=[common], help=_("list the register"))
    els.add_argument("--all", action="store_true", help=_("include items taken out of service"))
    els.set_defaults(handler=run_equipment_list)


def _register_staff(sub, common) -> None:
    """Handholding staff, their attendance and their visits."""
    ssub = command_group(sub, "support-staff", _("handholding staff (vendor staff at the circle office or district HQ)"))
    sadd = ssub.add_parser("add", parents=[common], help=_("add a handholding staff member"))
    sadd.add_argument("--name", required=True)
    sadd.add_argument("--office-kind", dest="office_kind", required=True, choices=tuple(handholding.OFFICE_KIND_LABELS))
    sadd.add_argument("--office", required=True, metavar="NAME", help=_("the office they sit at"))
    sadd.add_argument("--vendor", default="")
    sadd.add_argument("--phone", default="")
    sadd.add_argument("--from", dest="from_date", metavar="DATE")
    sadd.set_defaults(handler=run_handholding_staff_add)
    sls = ssub.add_parser("list", parents=[common], help=_("list the handholding staff"))
    sls.set_defaults(handler=run_handholding_staff_list)

    asub = command_group(sub, "attendance", _("the handholding staff's attendance register"))
    mark = asub.add_parser("mark", parents=[common], help=_("mark one working day"))
    mark.add_argument("staff_id", metavar="STAFF_ID")
    mark.add_argument("--day", required=True, metavar="DATE")
    mark.add_argument("--status", required=True, choices=tuple(handholding.ATTENDANCE_LABELS))
    mark.add_argument("--in", dest="time_in", metavar="HH:MM")
    mark.add_argument("--out", dest="time_out", metavar="HH:MM")
    mark.add_argument("--note", default="")
    mark.set_defaults(handler=run_attendance_mark)

    vsub = command_group(sub, "visit", _("handholding staff visits to the station"))
    vadd = vsub.add_parser("add", parents=[common], help=_("record a visit"))
    vadd.add_argument("staff_id", metavar="STAFF_ID")
    vadd.add_argument("--at", required=True, metavar="DATETIME", help=_("when they arrived"))
    vadd.add_argument("--left", metavar="DATETIME")
    vadd.add_argument("--purpose", required=True)
    vadd.add_argument("--work", default="", help=_("the work done"))
    vadd.add_argument("--fault", metavar="FAULT_ID", help=_("the fault the visit was for"))
    vadd.set_defaults(handler=run_visit_add)


def _register_user_ids(sub, common) -> None:
    u = sub.add_parser("user-ids", parents=[common], help=_("CCTNS user ids of the staff (D-22)"))
    u.add_argument("--missing", action="store_true", help=_("only people without their own id"))
    u.set_defaults(handler=run_user_ids)
    usub = command_group(sub, "user-id", _("a request for a CCTNS user id"))
    cancel = usub.add_parser("cancel", parents=[common], help=_("withdraw the open request for a person's id"))
    cancel.add_argument("person_id", metavar="PERSON_ID")
    cancel.add_argument("--reason", required=True, metavar="TEXT")
    cancel.set_defaults(handler=run_user_id_cancel)


def _id(value, field) -> int:
    return parse_int(value, field, minimum=1)


def _kind(code: str) -> str:
    """A kind of equipment, in the current language."""
    return handholding.label(handholding.EQUIPMENT_KIND_LABELS, code)


def run_attendance_sheet(args) -> int:
    from app.services.reports import attendance_sheet

    out = out_path(args)
    handholding.month_bounds(args.month)  # refuse a bad month before opening anything
    with open_db(args) as db:
        require_station(db)
        result = attendance_sheet(db, args.month, out, lang=args.lang)
    return report_done(args, result)


def run_faults(args) -> int:
    with open_db(args) as db:
        rows = handholding.list_faults(db, open_only=args.open)
    if args.json:
        print_json([r.as_dict() for r in rows])
        return 0
    if not rows:
        sys.stdout.write((_("No open faults.") if args.open else _("No faults recorded.")) + "\n")
        return 0
    print_table([[r.id, r.equipment_name, _kind(r.equipment_kind),
                  r.reported_at.strftime("%d.%m.%Y %H:%M"), r.ticket_no,
                  r.escalations[-1].escalated_to if r.escalations else "",
                  (_("open, {days} d").format(days=r.age_days) + (" !" if r.flagged else "")) if r.open
                  else _("fixed {date}").format(date=r.resolved_at.strftime("%d.%m.%Y")),
                  r.description[:50]] for r in rows],
                [_("No."), _("Equipment"), _("Kind"), _("Reported"), _("Ticket"), _("Escalated to"), _("Status"),
                 _("What is wrong")])
    return 0


def run_fault_add(args) -> int:
    equipment_id = _id(args.equipment, _("Equipment id"))
    with open_db(args) as db:
        row = handholding.report_fault(db, equipment_id, args.what, reported_at=args.at, reported_by=args.by,
                              ticket_no=args.ticket, actor=cli_actor(args, db))
    return print_result(args, row.as_dict(),
                        _("Fault {id} recorded on {equipment}.").format(id=row.id, equipment=row.equipment_name))


def run_fault_escalate(args) -> int:
    fault_id = _id(args.fault_id, _("Fault number"))
    with open_db(args) as db:
        row = handholding.escalate_fault(db, fault_id, args.to, escalated_at=args.at, ticket_no=args.ticket, note=args.note,
                                actor=cli_actor(args, db))
    return print_result(args, row.as_dict(), _("Fault {id} escalated to {whom}.").format(id=row.id, whom=args.to))


def run_fault_resolve(args) -> int:
    fault_id = _id(args.fault_id, _("Fault number"))
    with open_db(args) as db:
        row = handholding.resolve_fault(db, fault_id, args.how, resolved_at=args.at, resolved_by=args.by,
                               actor=cli_actor(args, db))
    return print_result(args, row.as_dict(), _("Fault {id} resolved.").format(id=row.id))


def run_equipment_add(args) -> int:
    with open_db(args) as db:
        item = handholding.add_equipment(db, args.kind, args.name, make_model=args.make, serial_no=args.serial,
                                location=args.location, installed_on=args.installed, actor=cli_actor(args, db))
    return print_result(args, item.as_dict(),
                        _("Added {name} to the equipment register with number {id}.").format(
                            name=item.name, id=item.id))


def run_equipment_list(args) -> int:
    with open_reader(args) as db:
        items = handholding.list_equipment(db, include_retired=args.all)
    if args.json:
        print_json([i.as_dict() for i in items])
        return 0
    print_table([[i.id, _kind(i.kind), i.name, i.make_model, i.serial_no, i.location,
                  _("out of service") if not i.in_service else (_("faulty") if i.open_faults else _("working"))]
                 for i in items],
                [_("No."), _("Kind"), _("Name"), _("Make and model"), _("Serial number"), _("Location"), _("Status")])
    return 0


def run_handholding_staff_add(args) -> int:
    with open_db(args) as db:
        require_station(db)
        st = handholding.add_support_staff(db, args.name, args.office_kind, args.office, vendor=args.vendor,
                                  phone=args.phone, from_date=args.from_date, actor=cli_actor(args, db))
    return print_result(args, st.as_dict(),
                        _("Added {name} ({office}) with id {id}.").format(
                            name=st.name, office=st.office_name, id=st.id))


def run_handholding_staff_list(args) -> int:
    with open_reader(args) as db:
        staff = handholding.list_support_staff(db)
    if args.json:
        print_json([s.as_dict() for s in staff])
        return 0
    print_table([[s.id, s.name, s.vendor, s.office_name, s.from_date.strftime("%d.%m.%Y"),
                  s.to_date.strftime("%d.%m.%Y") if s.to_date else ""] for s in staff],
                [_("Id"), _("Name"), _("Vendor"), _("Office"), _("From"), _("To")])
    return 0


def run_attendance_mark(args) -> int:
    staff_id = _id(args.staff_id, _("Staff id"))
    with open_db(args) as db:
        e = handholding.mark_attendance(db, staff_id, args.day, args.status, time_in=args.time_in, time_out=args.time_out,
                               note=args.note, actor=cli_actor(args, db))
    return print_result(args, {"staff_id": e.staff_id, "day": e.day.isoformat(), "status": e.status,
                               "time_in": e.time_in.strftime("%H:%M") if e.time_in else None,
                               "time_out": e.time_out.strftime("%H:%M") if e.time_out else None, "note": e.note},
                        _("Marked {date}.").format(date=e.day.strftime("%d.%m.%Y")))


def run_visit_add(args) -> int:
    staff_id = _id(args.staff_id, _("Staff id"))
    fault_id = _id(args.fault, _("Fault number")) if args.fault else None
    with open_db(args) as db:
        v = handholding.record_visit(db, staff_id, args.at, left_at=args.left, purpose=args.purpose, work_done=args.work,
                            fault_id=fault_id, actor=cli_actor(args, db))
    return print_result(args, {"id": v.id, "staff_id": v.staff_id, "arrived_at": v.arrived_at.isoformat(sep=" ")},
                        _("Visit {id} recorded.").format(id=v.id))


def run_user_ids(args) -> int:
    with open_db(args) as db:
        rows = handholding.user_id_register(db)
    if args.missing:
        rows = [r for r in rows if r.status != "has_id" or r.shared_with]
    if args.json:
        print_json([r.as_dict() for r in rows])
        return 0
    status = {"has_id": _("has an id"), "missing": _("not requested"),
              "requested": handholding.label(handholding.USER_ID_STATUS_LABELS, "requested")}
    print_table([[r.person_id, r.name, r.rank, r.user_id or "",
                  status[r.status] + (" " + _("(shared with {names})").format(names=", ".join(r.shared_with))
                                      if r.shared_with else ""),
                  r.requested_on.strftime("%d.%m.%Y") if r.requested_on else ""] for r in rows],
                [_("Id"), _("Name"), _("Rank"), _("CCTNS user id"), _("Status"), _("Requested on")])
    return 0


def run_user_id_cancel(args) -> int:
    person_id = _id(args.person_id, _("Person id"))
    with open_db(args) as db:
        r = handholding.cancel_request(db, person_id, args.reason, actor=cli_actor(args, db))
    return print_result(args, {"id": r.id, "person_id": r.person_id, "status": r.status},
                        _("The request for a CCTNS user id (number {id}) is cancelled.").format(id=r.id))
