"""``python -m app``: no arguments opens the window; a subcommand runs the CLI."""

from __future__ import annotations

import sys


def main() -> int:
    args = sys.argv[1:]
    if not args or args[0] in ("--db", "--selftest", "--lang") and not _is_cli(args):
        from app.ui.app import run_gui

        return run_gui(args)
    from app.cli import main as cli_main

    return cli_main(args, fresh_process=True)


def _is_cli(args: list[str]) -> bool:
    """Options alone (``--db X``) open the window; any bare word is a subcommand, and ``--help`` is the command
    line's (``--lang hi --help``: the commands in Hindi, not the window's bare option list in English)."""
    if "-h" in args or "--help" in args:
        return True
    skip = False
    for a in args:
        if skip:
            skip = False
            continue
        if a in ("--db", "--lang"):
            skip = True
            continue
        if not a.startswith("-"):
            return True
    return False


if __name__ == "__main__":
    sys.exit(main())
