"""``export``: a list to an Excel workbook (.xlsx) — the pending entries, the case register or the audit trail,
with the same filters as the commands that list them; headers in the language of ``--lang``."""

from __future__ import annotations

from app.i18n import _, ngettext
from app.services import audit, export
from app.services.core.validate import parse_int
from app.cli.acting import cli_actor
from app.cli.common import command_group, open_db, print_result
from app.cli.pending import build_filter, filter_options


def register(sub, common) -> None:
    esub = command_group(sub, "export", _("write a list to an Excel workbook (.xlsx)"), metavar="LIST")

    p = esub.add_parser("pending", parents=[common], help=_("the entries still owed, with the filters of 'pending'"))
    p.add_argument("--out", required=True, metavar="FILE.xlsx", help=_("the workbook to write (replaced if it exists)"))
    filter_options(p)
    p.set_defaults(handler=run_pending)

    c = esub.add_parser("cases", parents=[common], help=_("the case register, with the filters of 'case list'"))
    c.add_argument("--out", required=True, metavar="FILE.xlsx", help=_("the workbook to write (replaced if it exists)"))
    c.add_argument("--kind")
    c.add_argument("--year")
    c.add_argument("--search")
    c.set_defaults(handler=run_cases)

    f = esub.add_parser("figures", parents=[common],
                        help=_("the figures the reports print: per role and in all, with the age of what is pending"))
    f.add_argument("--out", required=True, metavar="FILE.xlsx", help=_("the workbook to write (replaced if it exists)"))
    f.add_argument("--as-of", dest="as_of", metavar="DATE", help=_("the figures at the end of this day (default: now)"))
    f.set_defaults(handler=run_figures)

    a = esub.add_parser("audit", parents=[common], help=_("the audit trail, with the filters of 'audit list'"))
    a.add_argument("--out", required=True, metavar="FILE.xlsx", help=_("the workbook to write (replaced if it exists)"))
    a.add_argument("--from", dest="date_from", metavar="DATE")
    a.add_argument("--to", dest="date_to", metavar="DATE")
    a.add_argument("--family", choices=audit.ACTION_FAMILIES, help=_("kind of action"))
    a.add_argument("--person-id", dest="person_id", help=_("only what this person did"))
    a.add_argument("--search", metavar="TEXT")
    a.set_defaults(handler=run_audit)


def _done(args, n: int, path) -> int:
    return print_result(args, {"rows": n, "path": str(path)},
                        ngettext("{n} row written to {path}.", "{n} rows written to {path}.", n).format(n=n, path=path))


def run_pending(args) -> int:
    flt = build_filter(args)
    path = export.check_out_path(args.out)
    with open_db(args, readonly=True) as db:
        n = export.export_sheets(path, [export.pending_sheet(db, flt)])
    return _done(args, n, path)


def run_cases(args) -> int:
    from app.services import cases

    kind = cases.check_kind(args.kind) if args.kind else None
    year = parse_int(args.year, _("Year"), minimum=1900, maximum=2200) if args.year else None
    path = export.check_out_path(args.out)
    with open_db(args, readonly=True) as db:
        n = export.export_sheets(path, [export.cases_sheet(db, kind=kind, year=year, search=args.search)])
    return _done(args, n, path)


def run_audit(args) -> int:
    pid = parse_int(args.person_id, _("Person id"), minimum=1) if args.person_id else None
    flt = audit.check_filter(date_from=args.date_from, date_to=args.date_to, family=args.family,
                             actor_person_id=pid, search=args.search)
    path = export.check_out_path(args.out)
    with open_db(args) as db:
        n = export.export_audit(db, path, flt, actor=cli_actor(args, db))
    return _done(args, n, path)


def run_figures(args) -> int:
    from app.services.core.validate import parse_date
    from app.services.obligations import check_not_future

    as_of = parse_date(args.as_of, _("As of"), required=False)
    if as_of is not None:
        check_not_future(as_of)
    path = export.check_out_path(args.out)
    with open_db(args, readonly=True) as db:
        n = export.export_sheets(path, export.figures_sheets(db, as_of))
    return _done(args, n, path)
