"""``bench``: the performance benchmark of issue 10 (bench/run.py), from a source checkout.

The benchmark code lives in ``bench/`` next to the package (it is not shipped in the bundle) and is
imported only when the command runs, so the other commands never pay for it.
"""

from __future__ import annotations

import sys

from app.i18n import _
from app.paths import bundle_root
from app.services.core.errors import UserError


def _bench_module():
    root = str(bundle_root())
    if root not in sys.path:
        sys.path.insert(0, root)
    try:
        from bench import run
    except ImportError as exc:
        raise UserError(_("The benchmark needs the source folder (bench/ next to app/): {reason}").format(
            reason=exc)) from exc
    return run


def register(sub, common) -> None:
    p = sub.add_parser("bench", parents=[common],
                       help=_("measure start-up, counts, lists, printing, backup and memory on the demo station"))
    p.add_argument("--runs", default="5", help=_("runs per figure; medians are reported (default 5)"))
    p.add_argument("--years", default="5", help=_("years of the demo station, 1 to 10 (default 5)"))
    p.add_argument("--seed", default="1", help=_("the demo station's seed (default 1)"))
    p.add_argument("--only", metavar="PARTS", help=_("only these parts, comma-separated: start, dashboard, pending, checklist, backup, language, "
                                                    "close, cli (and any added since: an unknown one is named)"))
    p.add_argument("--rollup-stations", default="1", metavar="N",
                   help=_("the rollup part (--only rollup, needs PostgreSQL): how many demo stations to import"))
    p.add_argument("--out", metavar="FILE", help=_("write the figures to this file (default bench/results/COMMIT.json)"))
    p.add_argument("--no-save", action="store_true", help=_("do not write a results file"))
    p.add_argument("--quick", action="store_true",
                   help=_("small inputs, one run, no warm-up: checks that every part works (the figures are not "
                          "comparable with a full run's)"))
    p.set_defaults(handler=run_bench)


def run_bench(args) -> int:
    from pathlib import Path

    from app.services.core.validate import parse_int

    runs = parse_int(args.runs, _("Runs"), minimum=1, maximum=100)
    years = parse_int(args.years, _("Years"), minimum=1, maximum=10)
    seed = parse_int(args.seed, _("Seed"))
    run = _bench_module()
    if args.quick:
        import os

        os.environ[run.QUICK_ENV] = "1"  # read by every part, and by the processes they start
    # bench/run.py's parts (its own and those in their own modules, PART_MODULES), and the rollup part
    parts = set(run.PARTS) | {"rollup"}
    only = set(p.strip() for p in args.only.split(",") if p.strip()) if args.only else None
    if only is not None and not only <= parts:
        raise UserError(_("Unknown benchmark parts: {parts}").format(parts=", ".join(sorted(only - parts))))
    rollup_stations = parse_int(args.rollup_stations, _("Stations"), minimum=1, maximum=2000)
    with_rollup = only is not None and "rollup" in only  # it needs PostgreSQL and minutes: only when asked
    if with_rollup:
        only = only - {"rollup"}
    result = run.run(years=years, seed=seed, runs=runs, only=only) if only != set() else {
        "commit": run.commit_id(), "years": years, "goals": {}}
    if with_rollup:
        from bench import rollup_bench

        result.update(rollup_bench.run(stations=rollup_stations, years=years))
    if not args.no_save:
        result["saved_to"] = str(run.save(result, Path(args.out) if args.out else None))
    if args.json:
        import json

        sys.stdout.write(json.dumps(result, sort_keys=True, default=str) + "\n")
    else:
        if "obligations" in result:
            sys.stdout.write(run.describe(result) + "\n")
        if with_rollup:
            sys.stdout.write(rollup_bench.describe(result) + "\n")
    return 0
