"""``pending``: what is owed, by whom, by when (recurring duties are brought up to today first)."""

from __future__ import annotations

import sys

from app.i18n import _, ngettext
from app.services import catalogue, obligations
from app.services.core.errors import UserError
from app.services.core.validate import parse_date, parse_int
from app.cli.common import may_exit_quickly, open_db, open_reader, print_json


def register(sub, common) -> None:
    p = sub.add_parser("pending", parents=[common], help=_("entries still owed (by role, person, form, case …)"))
    filter_options(p)
    p.add_argument("--limit", default="500")
    p.add_argument("--no-catch-up", dest="catch_up", action="store_false",
                   help=_("do not create today's recurring duties first"))
    p.set_defaults(handler=run_pending)


def filter_options(p) -> None:
    """The list's filters (``pending`` and ``export pending`` take the same)."""
    p.add_argument("--role", help=_("one of: {roles}").format(roles=", ".join(catalogue.role_codes())))
    p.add_argument("--person", metavar="PERSON_ID")
    p.add_argument("--form", help=_("e.g. IIF-1"))
    p.add_argument("--case", metavar="CASE_ID")
    p.add_argument("--overdue", action="store_true", help=_("only those past their due time"))
    p.add_argument("--due-soon", dest="due_soon", action="store_true", help=_("only those due within the window"))
    p.add_argument("--unassigned", action="store_true", help=_("only those nobody owes (no holder of the role)"))
    p.add_argument("--status", default="pending", help=_("comma-separated statuses (default: pending)"))
    p.add_argument("--search", help=_("a case number (123/2025), a name, a duty code or a CAS reference"))
    p.add_argument("--as-of", dest="as_of", metavar="DATE", help=_("what was owed at the end of this day: cases registered later left out, "
                        "entries made later still pending"))


def build_filter(args) -> obligations.ObligationFilter:
    role = (args.role or "").strip().lower() or None
    if role is not None and role not in catalogue.role_codes():
        raise UserError(_("Unknown role '{role}'. The roles are: {roles}.").format(role=role, roles=", ".join(catalogue.role_codes())))
    statuses = tuple(s.strip().lower() for s in (args.status or "").split(",") if s.strip())
    bad = [s for s in statuses if s not in obligations.STATUS_LABELS]
    if bad or not statuses:
        raise UserError(_("Unknown status '{status}'. The statuses are: {statuses}.").format(
            status=",".join(bad) or args.status, statuses=", ".join(obligations.STATUS_LABELS)))
    return obligations.ObligationFilter(
        role=role,
        person_id=None if args.person is None else parse_int(args.person, _("Person id"), minimum=1),
        form=(args.form or "").strip().upper() or None,
        case_id=None if args.case is None else parse_int(args.case, _("Case id"), minimum=1),
        statuses=statuses, overdue=args.overdue, due_soon=args.due_soon, unassigned=args.unassigned,
        search=args.search, as_of=parse_date(args.as_of, _("As of"), required=False),
    )


def _catch_up(args, db) -> None:
    """Make today's recurring entries first, as the signed-in user (``--user``); without one, once the
    station has accounts, ``pending`` only reads and says so (a write needs someone to answer for it)."""
    from app.cli.acting import cli_actor, requested_user, unwritable_reason  # accounts, passwords: only to write
    from app.services import accounts
    from app.services.obligations import catch_up

    if accounts.has_accounts(db) and requested_user(args) is None:
        sys.stderr.write(_("Recurring duties were not brought up to today: that creates entries, and this "
                           "database has accounts. Add --user NAME, or run catch-up --user NAME.") + "\n")
        return
    if unwritable_reason(db) is not None and requested_user(args) is None:
        return  # nothing can be made in a file that cannot be written; the list is read as it is
    catch_up(db, actor=cli_actor(args, db))


def run_pending(args) -> int:
    flt = build_filter(args)
    limit = parse_int(args.limit, _("Limit"), minimum=1, maximum=1_000_000)
    db = open_reader(args)  # read-only (no quick check) when it can; opened to write only to make entries
    try:
        if args.catch_up and flt.as_of is None and (not db.readonly or obligations.catch_up_due(db)):
            if db.readonly:
                db.close()
                db = open_db(args)
            _catch_up(args, db)
        found = obligations.query(db, flt, limit=limit)
    finally:
        db.close()
    may_exit_quickly()  # the database closed (what catch-up made committed): nothing is left to tear down
    if args.json:
        print_json([r.as_dict() for r in found])
        return 0
    from app.cli.cases import print_obligations  # the cases commands' table (their imports: for the table only)

    print_obligations(found)
    overdue = sum(r.overdue for r in found)
    unassigned = sum(r.unassigned for r in found)
    sys.stdout.write(ngettext("{n} entry; {overdue} overdue; {unassigned} unassigned.",
                              "{n} entries; {overdue} overdue; {unassigned} unassigned.", len(found)).format(
        n=len(found), overdue=overdue, unassigned=unassigned) + "\n")
    if obligations.is_past(flt.as_of):
        sys.stdout.write(_("Each entry is named with whoever owed it then, as the role assignments and transfers "
                           "recorded show.") + "\n")
    return 0
