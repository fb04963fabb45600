"""``check``: database integrity and schema revision."""

from __future__ import annotations

import sys
from pathlib import Path

from app.i18n import _
from app.services.storage import check_database
from app.cli.common import db_path, print_json
from app.services.core.formatting import as_typed


def register(sub, common) -> None:
    p = sub.add_parser("check", parents=[common], help=_("check the database's integrity and schema revision"))
    p.add_argument("--accept-file", action="store_true",
                   help=_("accept a file that lost committed work as it is, when no good backup brings the work "
                          "back (administrator; audited)"))
    p.set_defaults(handler=run_check)


def run_check(args) -> int:
    if args.accept_file:
        return run_accept(args)
    report = check_database(db_path(args))
    if args.json:
        print_json(report.as_dict())
    elif not report.exists:
        sys.stdout.write(_("No database at {path}.").format(path=report.path) + "\n")
        if not report.committed_ok:
            sys.stdout.write(report.committed_detail + "\n")
    else:
        sys.stdout.write(_("Database: {path}").format(path=report.path) + "\n")
        sys.stdout.write(
            (_("Integrity: ok") if report.integrity_ok else _("Integrity: DAMAGED ({detail})").format(
                detail=report.integrity_detail)) + "\n")
        sys.stdout.write(_("Schema revision: {rev} (this app: {head})").format(
            rev=", ".join(report.revisions) or "-", head=", ".join(report.head)) + "\n")
        if not report.committed_ok:
            sys.stdout.write(_("Committed work: MISSING. {detail}").format(detail=report.committed_detail) + "\n")
            sys.stdout.write(_("When no backup holds the lost work, an administrator may accept the file as it is "
                               "(recorded in its audit trail): python -m app check --accept-file --user NAME") + "\n")
        else:
            from app.services.storage import missing_mark

            target = db_path(args)
            warning = missing_mark(target) if isinstance(target, Path) else None
            if warning:
                sys.stdout.write(warning + "\n")
        if report.history_problems:
            sys.stdout.write(_("Audit trail: REWRITTEN. It disagrees with what its backups recorded; run "
                               "python -m app audit verify for the details.") + "\n")
            for text in report.history_problems:
                sys.stdout.write("  " + text + "\n")
        if report.newer:
            sys.stdout.write(_("This file was written by a newer version of Anupalan.") + "\n")
        elif not report.at_head and report.integrity_ok:
            sys.stdout.write(_("The schema will be upgraded when the app next opens this file.") + "\n")
        if not report.integrity_ok:
            from app.services.storage import latest_verified

            best = latest_verified(db_path(args))
            if best is not None:
                sys.stdout.write(_("The latest verified backup is {file} (made at {when}); restore it with: "
                                   "python -m app restore {file}").format(file=best.file, when=as_typed(best.created_at)) + "\n")
            else:
                sys.stdout.write(_("No verified backup of it was found beside it.") + "\n")
    return 0 if report.ok else 1


def run_accept(args) -> int:
    from pathlib import Path

    from app.cli.acting import cli_actor
    from app.services import backup
    from app.services.station import open_database
    from app.services.core.errors import UserError

    path = db_path(args)
    if not isinstance(path, Path) or not path.exists():
        raise UserError(_("Only an existing database file can be accepted as it is."))
    with open_database(path, readonly=True, migrate=False, seed=False) as db:
        actor = cli_actor(args, db)
    accepted = backup.accept_file_as_is(path, actor=actor)
    if args.json:
        print_json(accepted)
    else:
        sys.stdout.write(_("Accepted {path} as it is: it lacks the committed audit entries after #{found} up to "
                           "#{seq}; this is recorded in its audit trail.").format(
            path=path, found=accepted["file_seq"] or 0, seq=accepted["committed_seq"]) + "\n")
    return 0
