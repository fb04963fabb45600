"""``clocks``: the statutory clocks. Every accused in custody on an FIR whose chargesheet is not filed, with
the last day before his default bail (BNSS 187(3) = CrPC 167(2); NDPS 36A(4)), the IO and what is still
owed on the case; days already passed first. Then anyone arrested and not yet produced before a Magistrate
(BNSS 58: within 24 hours of the arrest, the journey excluded)."""

from __future__ import annotations

import sys

from app.i18n import _, ngettext
from app.services import cases
from app.cli.common import open_reader, print_json, print_table
from app.services.core.formatting import forms_once


def register(sub, common) -> None:
    p = sub.add_parser("clocks", parents=[common],
                       help=_("accused in custody whose default-bail day is near (BNSS 187(3))"))
    p.add_argument("--within", default="30", metavar="DAYS",
                   help=_("default-bail days up to this many days from today (default 30; passed days always shown)"))
    p.set_defaults(handler=run_clocks)


def days_left_text(days: int) -> str:
    """``days``: from today to his last day (0: today is the last day; -1: default bail accrued today)."""
    if days < 0:
        since = -days - 1
        if since == 0:
            return _("DEFAULT BAIL ACCRUED today")
        return ngettext("DEFAULT BAIL ACCRUED {n} day ago", "DEFAULT BAIL ACCRUED {n} days ago", since).format(n=since)
    if days == 0:
        return _("LAST DAY today")
    return ngettext("{n} day left", "{n} days left", days).format(n=days)


def owed_text(row) -> str:
    """The case's open entries, the chargesheet (C-4, IIF-5) first, each once with its count ("C-7 CD ×2!");
    "!" marks overdue."""
    items = sorted(row.owed, key=lambda o: (o.duty_code != "C-4", o.due_at is None, o.due_at))
    return forms_once([(f"{o.duty_code}{' ' + o.form if o.form else ''}", o.overdue) for o in items]) or _("nothing")


def produce_text(hours: int) -> str:
    if hours < 0:
        return _("24 HOURS PASSED")
    return ngettext("{n} hour left", "{n} hours left", hours).format(n=hours)


def print_production(rows) -> None:
    """Those arrested and not yet produced before a Magistrate (BNSS 58)."""
    if not rows:
        return
    sys.stdout.write("\n" + _("Arrested, not yet produced before a Magistrate (BNSS 58: within 24 hours of the "
                               "arrest, the journey to the court excluded):") + "\n")
    print_table([[r.produce_by, produce_text(r.hours_left), r.case_label, r.accused,
                  r.arrested_at, r.io or _("no IO")] for r in rows],
                [_("Produce by"), _("Time left"), _("Case"), _("Accused"), _("Arrested"), _("IO")])


def run_clocks(args) -> int:
    with open_reader(args, reads_rules=True) as db:
        rows = cases.statutory_clocks(db, within_days=args.within)
        produce = cases.awaiting_production(db)
    if args.json:
        print_json([r.as_dict() for r in rows])
        return 0
    if not rows:
        sys.stdout.write(_("No accused in custody has a default-bail day within {n} days.").format(n=args.within) + "\n")
        print_production(produce)
        return 0
    print_table([[r.default_bail_at.date(), days_left_text(r.days_left), r.case_label, r.accused,
                  r.remand_at.date(), r.period_days, r.io or _("no IO"), owed_text(r)] for r in rows],
                [_("Last day"), _("Time left"), _("Case"), _("Accused"), _("First remand"), _("Days"), _("IO"),
                 _("Still owed (! overdue)")])
    accrued = sum(r.accrued for r in rows)
    sys.stdout.write(ngettext("{n} accused in custody; {accrued} already past his default-bail day.",
                              "{n} accused in custody; {accrued} already past their default-bail day.", len(rows))
                     .format(n=len(rows), accrued=accrued) + "\n")
    print_production(produce)
    return 0
