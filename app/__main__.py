"""``python -m app``: no arguments opens the window; a subcommand runs the CLI."""

from __future__ import annotations

import sys


def main() -> int:
    args = sys.argv[1:]
    if not args or args[0] in ("--db", "--selftest", "--lang") and not _is_cli(args):
        from app.ui.app import run_gui

        return run_gui(args)
    from app.cli import main as cli_main

    return leave(cli_main(args, fresh_process=True))


def leave(code: int) -> int:
    """End a command that said it may end quickly (``app.cli.common.may_exit_quickly``: its database closed,
    its files written atomically) without tearing the interpreter down: freeing every object of a printed
    document's run costs ~0.1 s of CPU for nothing. The exit handlers still run (log files flushed, temporary
    folders removed), and the streams are flushed; with another thread still running, or any doubt, the
    process ends as usual."""
    import threading

    from app.cli.common import quick_exit_allowed

    if not quick_exit_allowed() or threading.active_count() != 1 or not isinstance(code, int):
        return code
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a stream that cannot be flushed: let the usual exit deal with it
        return code
    import atexit
    import os

    atexit._run_exitfuncs()  # what the interpreter would run at exit: logging.shutdown, weakref finalizers
    os._exit(code)


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
