"""The garbage collector at a command's start (``app.cli.start_up_collected``): a process of its own imports the
command without it, freezes what the imports made and runs the command with it on; a caller in-process (the tests)
keeps its collector as it was."""

from __future__ import annotations

import gc
import subprocess
import sys
import textwrap
from pathlib import Path

from app.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_main_in_process_leaves_the_collector_as_it_was(capsys):
    frozen = gc.get_freeze_count()
    assert main(["pending", "--json", "--db", "/nonexistent/x.sqlite3"]) == 2  # no such file: refused
    capsys.readouterr()
    assert gc.isenabled() and gc.get_freeze_count() == frozen


def test_a_command_of_its_own_runs_with_the_collector_on_and_the_imports_frozen(tmp_path):
    code = textwrap.dedent("""
        import gc, sys
        import app.cli.catalogue as command

        def report(args):
            print(gc.isenabled(), gc.get_freeze_count() > 1000)
            return 0

        command.run_catalogue = report
        sys.argv = ["anupalan", "catalogue", "--json"]
        from app.__main__ import main
        sys.exit(main())
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]
