"""``demo``: build a busy demo station in a new database file."""

from __future__ import annotations

import sys

from app.i18n import _
from app.paths import data_dir
from app.services.core.validate import parse_int
from app.cli.common import print_result


def register(sub, common) -> None:
    p = sub.add_parser("demo", parents=[common], help=_("build a demo station (a new file; never an existing one)"))
    p.add_argument("--years", default="5", help=_("years of work, 1 to 10 (default 5)"))
    p.add_argument("--seed", default="1", help=_("the same seed builds the same station"))
    p.set_defaults(handler=run_demo)


def run_demo(args) -> int:
    from pathlib import Path

    from app.services.demo import build_demo

    years = parse_int(args.years, _("Years"), minimum=1, maximum=10)
    seed = parse_int(args.seed, _("Seed"))
    path = Path(args.db).expanduser() if args.db else data_dir() / "anupalan-demo.sqlite3"
    quiet = args.json or not sys.stderr.isatty()

    def progress(fraction: float, message: str) -> None:
        if not quiet:
            sys.stderr.write(f"\r{fraction * 100:5.1f}%  {message[:60]:<60}")
            sys.stderr.flush()

    result = build_demo(path, years=years, seed=seed, progress=progress)
    if not quiet:
        sys.stderr.write("\n")
    return print_result(args, result.as_dict(),
                        _("Demo station built in {path}: {cases} cases, {events} events, {obligations} entries, "
                          "{persons} staff ({seconds:.1f} s).").format(
                            path=result.path, cases=result.cases, events=result.events, obligations=result.obligations,
                            persons=result.persons, seconds=result.seconds))
