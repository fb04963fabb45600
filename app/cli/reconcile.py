"""``reconcile FILE``: a list printed or exported from CAS compared with the register; ``--apply`` marks the matched
entries entered with their CAS references (after one confirmation: ``--yes`` or a question at a terminal)."""

from __future__ import annotations

import sys

from app.i18n import _, ngettext
from app.services.core.errors import UserError
from app.cli.acting import cli_actor
from app.cli.common import open_db, print_json, print_table


def register(sub, common) -> None:
    rc = sub.add_parser("reconcile", parents=[common],
                        help=_("compare a CAS entry list with the register; mark the matched entries entered"))
    rc.add_argument("file", metavar="FILE", help=_("the list from CAS: xlsx, xls, ods or csv"))
    rc.add_argument("--profile", metavar="NAME", help=_("the import profile to read it with (default: found from "
                                                         "its headers, else “CAS entry list”)"))
    rc.add_argument("--apply", action="store_true",
                    help=_("mark the confidently matched entries entered in CAS with their references"))
    rc.add_argument("--accept-all-best", dest="accept_all_best", action="store_true",
                    help=_("with --apply: also mark each row to review with its best candidate"))
    rc.add_argument("--skip-errors", dest="skip_errors", action="store_true",
                    help=_("with --apply: go on when some rows could not be read (they are left out)"))
    rc.add_argument("--yes", action="store_true", help=_("do not ask for confirmation before --apply"))
    rc.add_argument("--details", action="store_true", help=_("list every row, not only the counts"))
    rc.set_defaults(handler=run_reconcile)


def _ask(question: str) -> bool:
    if not sys.stdin or not sys.stdin.isatty():
        raise UserError(_("--apply needs a confirmation: add --yes, or run the command at a terminal."))
    sys.stderr.write(question + " [y/N] ")
    sys.stderr.flush()
    try:
        answer = sys.stdin.readline().strip().casefold()
    except (EOFError, KeyboardInterrupt):
        answer = ""
    return answer in ("y", "yes", "ह", "हाँ", "हां")


def _print_details(recon) -> None:
    from app.services.reconcile import CATEGORY_LABELS, FIELD_LABELS

    lines = []
    for it in recon.items:
        row = it.row
        best = it.entry or (it.best.entry if it.best else None)
        lines.append([_(CATEGORY_LABELS[it.category]), row.row if row else "", row.case_text if row else "",
                      row.form_text if row else "", row.cas_ref if row else "",
                      best.obligation_id if best else "", str(best.case_label) if best else "",
                      best.form if best else "", f"{it.best.score:.0f}" if it.best and it.category != "matched" else "",
                      "; ".join([it.reason] + [_("{field}: {here} here, {there} in CAS").format(
                          field=_(FIELD_LABELS[d.field]), here=d.here or "—", there=d.there or "—")
                          for d in it.differences])])
    print_table(lines, [_("Outcome"), _("Row of the list"), _("Case"), _("Form"), _("CAS reference"), _("Entry"),
                        _("Case in Anupalan"), _("Form"), _("Score"), _("Why")])


def _counts_text(summary: dict) -> str:
    return _("Matched: {matched} (to mark now: {to_mark}, already marked: {already}). Fields differ: {differ}. "
             "To review: {review}. Only in CAS: {only_there}. Only in Anupalan (still owed): {only_here}.").format(
        **summary)


def run_reconcile(args) -> int:
    from app.services import reconcile

    if (args.accept_all_best or args.skip_errors or args.yes) and not args.apply:
        raise UserError(_("--accept-all-best, --skip-errors and --yes go with --apply."))
    with open_db(args) as db:
        actor = cli_actor(args, db) if args.apply else None
        recon = reconcile.reconcile_file(db, args.file, profile=args.profile)
        result = None
        if args.apply:
            if recon.errors and not args.skip_errors:
                _print_errors(recon.errors)
                raise UserError(ngettext(
                    "{n} row of the list could not be read; nothing was marked. Correct it, or add --skip-errors "
                    "to go on without it.",
                    "{n} rows of the list could not be read; nothing was marked. Correct them, or add --skip-errors "
                    "to go on without them.", len(recon.errors)).format(n=len(recon.errors)))
            if args.accept_all_best:
                recon.accept_all_best()
            n = len(recon.to_mark())
            if n and not args.yes and not args.json:
                sys.stderr.write(_counts_text(recon.summary()) + "\n")
                if not _ask(ngettext("Mark {n} entry entered in CAS with its reference?",
                                     "Mark {n} entries entered in CAS with their references?", n).format(n=n)):
                    sys.stderr.write(_("Nothing was marked.") + "\n")
                    return 0
            elif n and not args.yes:
                raise UserError(_("--apply needs a confirmation: add --yes, or run the command at a terminal."))
            result = reconcile.apply(db, recon, actor=actor)
    summary = recon.summary()
    if args.json:
        out = {k: summary[k] for k in ("matched", "only_here", "only_there", "differ")}
        out.update({k: summary[k] for k in ("review", "to_mark", "already", "duplicates")})
        out["errors"] = recon.errors
        if result is not None:
            out["marked"] = len(result.marked)
            out["skipped"] = result.skipped
        if args.details:
            out["items"] = [it.as_dict() for it in recon.items]
        out["warnings"] = recon.warnings
        print_json(out)
        return 0
    if args.details:
        _print_details(recon)
    for w in recon.warnings:
        sys.stderr.write(_("Warning: {message}").format(message=w) + "\n")
    if recon.errors:
        _print_errors(recon.errors)
    sys.stdout.write(_counts_text(summary) + "\n")
    if result is not None:
        n = len(result.marked)
        sys.stdout.write(ngettext("{n} entry marked entered in CAS.", "{n} entries marked entered in CAS.", n)
                         .format(n=n) + "\n")
        if result.skipped:
            k = len(result.skipped)
            sys.stdout.write(ngettext(
                "{n} entry was closed another way meanwhile and was left as it is: {ids}.",
                "{n} entries were closed another way meanwhile and were left as they are: {ids}.", k).format(
                n=k, ids=", ".join(map(str, result.skipped[:20]))) + "\n")
    return 0


def _print_errors(errors: list[dict]) -> None:
    for e in errors[:50]:
        sys.stderr.write(_("Row {row}, column “{column}”: {message}").format(**e) + "\n")
    if len(errors) > 50:
        sys.stderr.write(_("… and {n} more.").format(n=len(errors) - 50) + "\n")
