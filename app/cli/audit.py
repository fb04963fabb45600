"""``audit``: check the chain (and a head printed on paper), list and export the trail."""

from __future__ import annotations

import sys

from app.i18n import _, ngettext
from app.services import audit
from app.services.core.validate import parse_int
from app.cli.acting import cli_actor
from app.cli.common import command_group, open_db, print_json, print_result, print_table


def register(sub, common) -> None:
    asub = command_group(sub, "audit", _("the audit trail: verify, list, export"))

    v = asub.add_parser("verify", parents=[common],
                        help=_("check that no row of the trail, and no audited row of the data, was changed, deleted or "
                               "moved; exit 1 when anything differs"))
    v.add_argument("--head", metavar="TEXT",
                   help=_("also check a head printed on a report, e.g. \"#1234 · 3f2a9c81d0e4b7a25c0d1e9f4a7b3c62\""))
    v.set_defaults(handler=run_verify)

    h = asub.add_parser("head", parents=[common], help=_("print the chain head as report footers show it"))
    h.set_defaults(handler=run_head)

    def filters(c):
        c.add_argument("--from", dest="date_from", metavar="DATE")
        c.add_argument("--to", dest="date_to", metavar="DATE")
        c.add_argument("--family", choices=audit.ACTION_FAMILIES, help=_("kind of action"))
        c.add_argument("--person-id", dest="person_id", help=_("only what this person did"))
        c.add_argument("--search", metavar="TEXT")

    ls = asub.add_parser("list", parents=[common], help=_("list audit rows, newest first"))
    filters(ls)
    ls.add_argument("--limit", default="50")
    ls.set_defaults(handler=run_list)

    ex = asub.add_parser("export", parents=[common], help=_("write audit rows to a CSV file"))
    ex.add_argument("path", metavar="FILE")
    filters(ex)
    ex.set_defaults(handler=run_export)


def _filter(args) -> audit.AuditFilter:
    pid = parse_int(args.person_id, _("Person id"), minimum=1) if args.person_id else None
    return audit.check_filter(date_from=args.date_from, date_to=args.date_to, family=args.family,
                                  actor_person_id=pid, search=args.search)


def run_verify(args) -> int:
    expected = audit.parse_head_text(args.head) if args.head else None
    with open_db(args, readonly=True) as db:
        report = audit.verify(db, expected_head=expected)
    if args.json:
        print_json(report.as_dict())
    elif report.intact:
        sys.stdout.write(_("The audit trail is intact: {n} rows, head {head}.").format(
            n=report.rows, head=report.head_text) + "\n")
        if expected:
            sys.stdout.write(_("The printed head #{seq} matches this database.").format(seq=expected[0]) + "\n")
    else:
        if report.first_break is not None:
            sys.stdout.write(_("The audit trail is BROKEN. First break at row #{seq}.").format(
                seq=report.first_break.seq) + "\n")
            for problem in report.chain_problems:
                sys.stdout.write("  " + problem.detail + "\n")
        if report.row_problems:
            sys.stdout.write(ngettext(
                "BROKEN: {n} row of the database differs from the audit trail (changed behind the app's back):",
                "BROKEN: {n} rows of the database differ from the audit trail (changed behind the app's back):",
                len(report.row_problems)).format(n=len(report.row_problems)) + "\n")
            for problem in report.row_problems:
                sys.stdout.write("  " + problem.detail + "\n")
    return 0 if report.intact else 1


def run_head(args) -> int:
    with open_db(args, readonly=True) as db:
        text = audit.chain_head_text(db)
        with db.session() as s:
            seq, digest = audit.chain_head(s)
    return print_result(args, {"seq": seq, "hash": digest, "text": text}, text)


def run_list(args) -> int:
    flt = _filter(args)
    limit = parse_int(args.limit, _("Limit"), minimum=1, maximum=100_000)
    with open_db(args) as db:
        actor = cli_actor(args, db)
        rows = audit.list_entries(db, flt, limit=limit, actor=actor)
    if args.json:
        print_json([vars(r) for r in rows])
        return 0
    print_table([[r.seq, r.at_local, r.actor, r.action, f"{r.entity} {r.entity_id or ''}".strip(),
                  (r.after or "")[:60]] for r in rows],
                [_("No."), _("When (local)"), _("Who"), _("Action"), _("What"), _("After")])
    return 0


def run_export(args) -> int:
    flt = _filter(args)
    with open_db(args) as db:
        actor = cli_actor(args, db)
        n = audit.export_csv(db, args.path, flt, actor=actor)
    return print_result(args, {"rows": n, "path": args.path},
                        _("{n} audit rows written to {path}.").format(n=n, path=args.path))
