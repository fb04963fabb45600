"""``check``: database integrity and schema revision."""

from __future__ import annotations

import sys

from app.i18n import _
from app.services.storage import check_database
from app.cli.common import db_path, print_json


def register(sub, common) -> None:
    p = sub.add_parser("check", parents=[common], help=_("check the database's integrity and schema revision"))
    p.set_defaults(handler=run_check)


def run_check(args) -> int:
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
        if report.newer:
            sys.stdout.write(_("This file was written by a newer version of Anupalan.") + "\n")
        elif not report.at_head and report.integrity_ok:
            sys.stdout.write(_("The schema will be upgraded when the app next opens this file.") + "\n")
        if not report.integrity_ok:
            from app.services.storage import latest_verified

            best = latest_verified(db_path(args))
            if best is not None:
                sys.stdout.write(_("The latest verified backup is {file} (made at {when}); restore it with: "
                                   "python -m app restore {file}").format(file=best.file, when=best.created_at) + "\n")
            else:
                sys.stdout.write(_("No verified backup of it was found beside it.") + "\n")
    return 0 if report.ok else 1
