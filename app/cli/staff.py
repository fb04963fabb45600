"""``staff``: people and role assignments."""

from __future__ import annotations

import sys

from app.i18n import _, ngettext
from app.services import staff
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.core.validate import clean_text, parse_int
from app.cli.acting import cli_actor
from app.cli.common import command_group, open_db, open_reader, print_json, print_result, print_table, require_station
from app.services.core.formatting import natural_key
from app.services.core.formatting import as_typed


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
    assign.add_argument("--take-backlog", dest="take_backlog", action="store_true",
                        help=_("also hand the role's unassigned open entries to this person"))
    assign.set_defaults(handler=run_assign)

    backlog = ssub.add_parser("backlog", parents=[common],
                              help=_("a role's open entries that nobody owes; --to hands them to a holder"))
    backlog.add_argument("role", metavar="ROLE")
    backlog.add_argument("--to", dest="to_person", metavar="PERSON_ID",
                         help=_("the holder of the role who takes them over (without it: only show them)"))
    backlog.set_defaults(handler=run_backlog)

    end = ssub.add_parser("end", parents=[common], help=_("end a person's role; say what becomes of the entries"))
    end.add_argument("person_id", metavar="PERSON_ID")
    end.add_argument("role", metavar="ROLE")
    end.add_argument("--on", dest="on", required=True, metavar="DATE", help=_("the last day the person holds the role"))
    whom = end.add_mutually_exclusive_group()
    whom.add_argument("--to", dest="to_person", metavar="PERSON_ID",
                      help=_("hand the person's open entries of the role to this holder of the role"))
    whom.add_argument("--release", action="store_true",
                      help=_("leave them with no one: the role's backlog, for the next holder"))
    end.add_argument("--preview", action="store_true", help=_("only show what would happen"))
    end.add_argument("--reason", metavar="TEXT",
                     help=_("why the role ends (required unless --preview; kept in the audit trail)"))
    end.set_defaults(handler=run_end)

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
    with open_reader(args) as db:
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
    moved = None
    with open_db(args) as db:
        if args.take_backlog:
            a, moved = staff.assign_role_with_backlog(db, person_id, args.role, args.from_date, args.to_date,
                                                      actor=cli_actor(args, db))
        else:
            a = staff.assign_role(db, person_id, args.role, args.from_date, args.to_date,
                                          actor=cli_actor(args, db))
        waiting = staff.role_backlog(db, a.role)
    if args.json:
        print_json({"id": a.id, "person_id": a.person_id, "role": a.role, "from": a.from_date, "to": a.to_date,
                    "backlog": waiting.as_dict(), "moved": moved})
        return 0
    sys.stdout.write(_("{name} holds the role {role} from {date}.").format(
        name=a.person, role=a.role, date=as_typed(a.from_date)) + "\n")
    if moved:
        sys.stdout.write(ngettext("{n} unassigned entry of the role went to {name}.",
                                  "{n} unassigned entries of the role went to {name}.", len(moved)).format(
            n=len(moved), name=a.person) + "\n")
    if waiting.count and (a.to_date is None or a.to_date >= clock.today()):  # a holder who can still take it
        sys.stdout.write(ngettext(
            "{n} open entry of the role {role} is owed by nobody ({overdue} overdue, {missed} missed). To hand it "
            "to {name}: staff backlog {role} --to {id}",
            "{n} open entries of the role {role} are owed by nobody ({overdue} overdue, {missed} missed). To hand "
            "them to {name}: staff backlog {role} --to {id}", waiting.count).format(
            n=waiting.count, role=a.role, overdue=waiting.overdue, missed=waiting.missed, name=a.person,
            id=a.person_id) + "\n")
    return 0


def _print_backlog(waiting) -> None:
    if waiting.by_form:
        print_table([[form or "-", n] for form, n in sorted(waiting.by_form.items(), key=lambda kv: natural_key(kv[0] or ""))], [_("Form"), _("Entries")])


def run_backlog(args) -> int:
    to = None if args.to_person is None else parse_int(args.to_person, _("Person id"), minimum=1)
    with open_db(args) as db:
        waiting = staff.role_backlog(db, args.role)
        moved = None
        if to is not None:
            moved = staff.take_backlog(db, to, waiting.role, ids=waiting.ids, actor=cli_actor(args, db))
            people = staff.list_persons(db)
    if args.json:
        print_json({**waiting.as_dict(), "to": to, "moved": moved})
        return 0
    if moved is None:
        _print_backlog(waiting)
        sys.stdout.write(ngettext(
            "{n} open entry of the role {role} is owed by nobody ({overdue} overdue, {missed} missed).",
            "{n} open entries of the role {role} are owed by nobody ({overdue} overdue, {missed} missed).",
            waiting.count).format(n=waiting.count, role=waiting.role, overdue=waiting.overdue,
                                  missed=waiting.missed) + "\n")
        if waiting.count:
            sys.stdout.write(_("To hand them to a holder of the role: staff backlog {role} --to PERSON_ID").format(
                role=waiting.role) + "\n")
        return 0
    name = next((p.name for p in people if p.id == to), str(to))
    sys.stdout.write(ngettext("{n} unassigned entry of the role {role} went to {name}.",
                              "{n} unassigned entries of the role {role} went to {name}.", len(moved)).format(
        n=len(moved), role=waiting.role, name=name) + "\n")
    return 0


def run_end(args) -> int:
    person_id = parse_int(args.person_id, _("Person id"), minimum=1)
    to = None if args.to_person is None else parse_int(args.to_person, _("Person id"), minimum=1)
    # as in the window's End role dialog: an ending is kept in the audit trail with its reason
    reason = None if args.preview else _end_reason(args.reason)
    with open_db(args) as db:
        if args.preview:
            preview, moved = staff.preview_end_role(db, person_id, args.role, args.on), None
        else:
            preview, moved = staff.end_role(db, person_id, args.role, args.on, hand_to=to, release=args.release,
                                            actor=cli_actor(args, db), reason=reason)
    if args.json:
        print_json({**preview.as_dict(), "preview": args.preview, "to": to, "released": args.release,
                    "moved": moved})
        return 0
    owed = preview.owed.count
    if args.preview:
        sys.stdout.write(_("{name} would hold the role {role} until {date}.").format(
            name=preview.person, role=preview.role, date=as_typed(preview.on)) + "\n")
    else:
        sys.stdout.write(_("{name} holds the role {role} until {date}.").format(
            name=preview.person, role=preview.role, date=as_typed(preview.on)) + "\n")
    if moved:
        text = (ngettext("{n} open entry of the role went to person {to}.",
                         "{n} open entries of the role went to person {to}.", len(moved)) if to is not None
                else ngettext("{n} open entry of the role is now owed by nobody (the role's backlog).",
                              "{n} open entries of the role are now owed by nobody (the role's backlog).", len(moved)))
        sys.stdout.write(text.format(n=len(moved), to=_whom(preview, to)) + "\n")
    elif owed:
        sys.stdout.write(ngettext(
            "{name} still owes {n} open entry of the role ({overdue} overdue). Hand it over with --to PERSON_ID "
            "or --release, or with 'reassign'.",
            "{name} still owes {n} open entries of the role ({overdue} overdue). Hand them over with --to "
            "PERSON_ID or --release, or with 'reassign'.", owed).format(
            name=preview.person, n=owed, overdue=preview.owed.overdue) + "\n")
    _print_cases_as_io(preview, to is not None or args.release, to, args.preview)
    return 0


def _end_reason(text: str | None) -> str:
    if text is None or not text.strip():
        raise UserError(_("Give the reason the role ends with --reason \"...\" (it is kept in the audit trail)."),
                        field="reason")
    return clean_text(text, _("Reason"), required=True, max_len=500)


def _print_cases_as_io(preview, handed: bool, to: int | None, would: bool) -> None:
    """Ending the io role: what became (or would become) of the open cases naming him as IO."""
    n = len(preview.cases_as_io)
    if not n:
        return
    ids = ", ".join(map(str, preview.cases_as_io[:20])) + (" …" if n > 20 else "")
    if would and handed:
        text = (ngettext("{n} open case would have person {to} as IO: {ids}.",
                         "{n} open cases would have person {to} as IO: {ids}.", n) if to is not None else
                ngettext("{n} open case would have NO IO until an io-change names one: {ids}.",
                         "{n} open cases would have NO IO until an io-change names one: {ids}.", n))
    elif handed and to is not None:
        text = ngettext("{n} open case now has person {to} as IO: {ids}.",
                        "{n} open cases now have person {to} as IO: {ids}.", n)
    elif handed:
        text = ngettext("{n} open case now has NO IO; its new entries are owed by nobody until an io-change "
                        "names one: {ids}.",
                        "{n} open cases now have NO IO; their new entries are owed by nobody until an io-change "
                        "names one: {ids}.", n)
    else:
        text = ngettext("{name} is still the IO of {n} open case, whose new entries go to him: {ids}. Hand it "
                        "over with --to PERSON_ID or --release, or record an io-change.",
                        "{name} is still the IO of {n} open cases, whose new entries go to him: {ids}. Hand them "
                        "over with --to PERSON_ID or --release, or record an io-change.", n)
    sys.stdout.write(text.format(n=n, to=_whom(preview, to), ids=ids, name=preview.person) + "\n")


def _whom(preview, to: int | None) -> str:
    """The receiver as 'Name (id)' once known (a preview knows only the id)."""
    return f"{preview.to_person} ({to})" if preview.to_person else str(to)


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
                                 from_=preview.from_person, to=preview.to_person, on=as_typed(preview.on)) + "\n")
    if preview.roles_ending:
        sys.stdout.write(_("Roles ending the day before: {roles}; taken up by the successor: {new}.").format(
            roles=", ".join(preview.roles_ending), new=", ".join(preview.roles_starting) or "-") + "\n")
    if preview.missed:
        sys.stdout.write(_("Of these, missed recurring periods still to be entered: {n}.").format(n=preview.missed)
                         + "\n")
    if preview.cases_as_io:
        sys.stdout.write(_("Open investigations with a new IO: {n}.").format(n=preview.cases_as_io) + "\n")
    return 0
