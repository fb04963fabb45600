"""The command-line interface: ``python -m app SUBCOMMAND``. Same services as the window.

Conventions for every command: ``--db PATH`` picks the database (default: the user's data folder);
``--json`` prints machine-readable output; bad input prints a clear message on stderr, exits 2 and
writes nothing.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from app.i18n import LANGUAGES, _, set_language
from app.services.core.errors import UserError

# Each module defines ``register(subparsers, common)``; add new command modules here.
COMMAND_MODULES = (
    "app.cli.station",
    "app.cli.catalogue",
    "app.cli.staff",
    "app.cli.check",
    "app.cli.reports",
    "app.cli.backup",
    "app.cli.accounts",
    "app.cli.audit",
    "app.cli.cases",
    "app.cli.pending",
    "app.cli.obligations",
    "app.cli.demo",
    "app.cli.handholding",
    "app.cli.bench",
)

EXIT_OK, EXIT_USAGE = 0, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own errors: exit 2, message on stderr
        self.print_usage(sys.stderr)
        sys.stderr.write(_("Error: {message}").format(message=message) + "\n")
        raise SystemExit(EXIT_USAGE)


def common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", help=_("database file (default: in the user's data folder)"))
    common.add_argument("--json", action="store_true", help=_("print machine-readable JSON"))
    common.add_argument("--lang", choices=sorted(LANGUAGES), help=_("language of messages"))
    common.add_argument("--user", metavar="NAME", help=_("act as this account (asked when the database has accounts)"))
    return common


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="anupalan", description=_("Anupalan: who owes which CCTNS entry, by when."))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    common = common_options()
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub, common)
    return parser


def _utf8_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")
        except (AttributeError, ValueError):
            pass


def main(argv: list[str] | None = None) -> int:
    _utf8_streams()
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = os.environ.get("ANUPALAN_LANG", "en")
    if "--lang" in argv:
        i = argv.index("--lang")
        if i + 1 < len(argv) and argv[i + 1] in LANGUAGES:
            lang = argv[i + 1]
    set_language(lang if lang in LANGUAGES else "en")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.handler(args) or EXIT_OK)
    except UserError as exc:
        sys.stderr.write(_("Error: {message}").format(message=exc.message) + "\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
