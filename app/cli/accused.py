"""``case accused``: the accused on a case, each with his arrest or surrender, first remand, custody and
his default-bail day (BNSS 187(3); NDPS 36A(4))."""

from __future__ import annotations

import sys

from app.i18n import _
from app.services import cases
from app.services.core.validate import parse_int
from app.cli.acting import cli_actor
from app.cli.common import command_group, open_db, open_reader, print_json, print_result, print_table


def register_accused(csub, common) -> None:
    asub = command_group(csub, "accused", _("the accused on a case: arrest, first remand, custody, bail"))

    add = asub.add_parser("add", parents=[common], help=_("add an accused to an FIR (with his arrest or surrender)"))
    add.add_argument("case_id", metavar="CASE_ID")
    add.add_argument("--name", required=True)
    when = add.add_mutually_exclusive_group()
    when.add_argument("--arrested", metavar="DATETIME", help=_("when he was arrested (records the arrest)"))
    when.add_argument("--surrendered", metavar="DATETIME",
                      help=_("when he surrendered in court (records the surrender)"))
    add.set_defaults(handler=run_add)

    ls = asub.add_parser("list", parents=[common], help=_("the accused of a case with their default-bail days"))
    ls.add_argument("case_id", metavar="CASE_ID")
    ls.set_defaults(handler=run_list)

    for name, help_text in (("bail", _("he was released on bail")), ("release", _("he was released otherwise"))):
        p = asub.add_parser(name, parents=[common], help=help_text)
        p.add_argument("accused_id", metavar="ACCUSED_ID")
        p.add_argument("--on", required=True, metavar="DATETIME")
        p.set_defaults(handler=run_bail if name == "bail" else run_release)

    ext = asub.add_parser("extend", parents=[common],
                          help=_("the court extended the period for the chargesheet (NDPS 36A(4))"))
    ext.add_argument("accused_id", metavar="ACCUSED_ID")
    ext.add_argument("--days", required=True, help=_("the whole period as extended, in days from his first remand"))
    ext.add_argument("--on", required=True, metavar="DATE", help=_("the date of the court's order"))
    ext.set_defaults(handler=run_extend)

    nm = asub.add_parser("name", parents=[common], help=_("record or correct an accused's name"))
    nm.add_argument("accused_id", metavar="ACCUSED_ID")
    nm.add_argument("--name", required=True)
    nm.set_defaults(handler=run_name)


def _when(value):
    return value or ""  # a moment is shown by print_table as the window shows it


def print_accused(people) -> None:
    if not people:
        sys.stdout.write(_("No accused recorded.") + "\n")
        return
    print_table([[a.id, a.label, _when(a.arrested_at or a.surrendered_at), _when(a.first_remand_at),
                  cases.custody_label(a.custody), a.period_days or "",
                  a.default_bail_at.date() if a.default_bail_at else ""] for a in people],
                [_("Id"), _("Accused"), _("Arrest / surrender"), _("First remand"), _("Custody"), _("Days"),
                 _("Last day before default bail")])


def run_add(args) -> int:
    case_id = parse_int(args.case_id, _("Case id"), minimum=1)
    with open_db(args) as db:
        info, result = cases.add_accused(db, case_id, args.name, arrested_at=args.arrested,
                                         surrendered_at=args.surrendered, actor=cli_actor(args, db))
    if args.json:
        print_json({"accused": info.as_dict(), "event_id": result.event_id if result else None,
                    "obligations": [r.as_dict() for r in result.obligations] if result else []})
        return 0
    sys.stdout.write(_("Added accused {name} (id {id}) to {case}.").format(
        name=info.label, id=info.id, case=info.case_label) + "\n")
    for r in result.obligations if result else ():
        sys.stdout.write(_("Entry {id}: {duty} {form} owed by {person}, due {due}.").format(
            id=r.id, duty=r.duty_code, form=r.form or "", person=r.person or _("UNASSIGNED"),
            due=r.due_at.strftime("%Y-%m-%d %H:%M")) + "\n")
    return 0


def run_list(args) -> int:
    case_id = parse_int(args.case_id, _("Case id"), minimum=1)
    with open_reader(args, reads_rules=True) as db:
        people = cases.list_accused(db, case_id)
    if args.json:
        print_json([a.as_dict() for a in people])
        return 0
    print_accused(people)
    return 0


def _done(args, info, message: str) -> int:
    return print_result(args, info.as_dict(), message)


def run_bail(args) -> int:
    accused_id = parse_int(args.accused_id, _("Accused id"), minimum=1)
    with open_db(args) as db:
        info = cases.bail_accused(db, accused_id, args.on, actor=cli_actor(args, db))
    return _done(args, info, _("{name} (id {id}) recorded as on bail.").format(name=info.label, id=info.id))


def run_release(args) -> int:
    accused_id = parse_int(args.accused_id, _("Accused id"), minimum=1)
    with open_db(args) as db:
        info = cases.release_accused(db, accused_id, args.on, actor=cli_actor(args, db))
    return _done(args, info, _("{name} (id {id}) recorded as released.").format(name=info.label, id=info.id))


def run_extend(args) -> int:
    accused_id = parse_int(args.accused_id, _("Accused id"), minimum=1)
    days = parse_int(args.days, _("Days"), minimum=1, maximum=3650)
    with open_db(args) as db:
        info = cases.extend_period(db, accused_id, days, ordered_on=args.on, actor=cli_actor(args, db))
    return _done(args, info, _("The period for {name} (id {id}) is now {days} days: the last day before default "
                               "bail is {day}.").format(name=info.label, id=info.id, days=info.period_days,
                                                        day=info.default_bail_at.strftime("%Y-%m-%d")))


def run_name(args) -> int:
    accused_id = parse_int(args.accused_id, _("Accused id"), minimum=1)
    with open_db(args) as db:
        info = cases.name_accused(db, accused_id, args.name, actor=cli_actor(args, db))
    return _done(args, info, _("Accused {id} is now {name}.").format(name=info.label, id=info.id))
