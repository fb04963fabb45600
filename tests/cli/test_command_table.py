"""The light command table (app/cli/__init__.py COMMANDS) and the modules behind it agree, and a command
line imports only the module of the command it runs."""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import COMMAND_MODULES, COMMANDS, _Parser, build_parser, chosen_command, common_options, main
from app.i18n import set_language

CLI = Path(__file__).resolve().parents[2] / "app" / "cli"


def _registered(module: str) -> list[tuple[str, str]]:
    """(command, help) as ``module``'s register() adds them, in English (the msgids)."""
    parser = _Parser(prog="t")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    importlib.import_module(module).register(sub, common_options())
    return [(a.dest, a.help) for a in sub._choices_actions]


def _modules_with_register() -> set[str]:
    """Every app/cli module that defines a top-level ``register`` (a command module)."""
    found = set()
    for path in CLI.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.FunctionDef) and n.name == "register" for n in tree.body):
            found.add(f"app.cli.{path.stem}")
    return found


def test_every_command_module_is_in_the_table():
    assert _modules_with_register() == set(COMMAND_MODULES), (
        "a module in app/cli defines register() but has no line in app/cli/__init__.py COMMANDS, or the table "
        "names a module without one")


@pytest.mark.parametrize("module", COMMAND_MODULES)
def test_the_table_lists_what_the_module_registers(module):
    set_language("en")
    table = [(name, help_text) for name, mod, help_text in COMMANDS if mod == module]
    assert _registered(module) == table, (
        f"{module} registers other commands (or other help) than its lines in app/cli/__init__.py COMMANDS")


def test_command_names_are_unique():
    names = [name for name, _m, _h in COMMANDS]
    assert len(names) == len(set(names))


@pytest.mark.parametrize("argv, expected", [
    (["pending", "--role", "io"], "pending"),
    (["-h"], None),
    (["--", "slip", "--db", "F"], "slip"),
    (["nonsense", "pending"], None),
    ([], None),
])
def test_the_chosen_command(argv, expected):
    assert chosen_command(argv) == expected


def test_the_light_parser_lists_every_command_with_its_help():
    set_language("en")
    light, full = build_parser(None), build_parser()
    assert light.format_help() == full.format_help()


def _imports(*argv: str, env: dict | None = None) -> tuple[int, str, set[str]]:
    """Run the CLI in a fresh interpreter: its exit code, its output and the app.cli and sqlalchemy modules
    it imported."""
    code = (
        "import json, sys\n"
        "from app.cli import main\n"
        "try:\n"
        f"    rc = main({list(argv)!r})\n"
        "except SystemExit as exc:\n"
        "    rc = exc.code\n"
        "sys.stdout.flush()\n"
        "mods = sorted(m for m in sys.modules if m.startswith(('app.cli.', 'sqlalchemy', 'app.services.')))\n"
        "sys.stderr.write('\\nMODULES ' + json.dumps([rc, mods]) + '\\n')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "ANUPALAN_LANG": "en", **(env or {})}, timeout=120)
    rc, mods = json.loads(proc.stderr.rsplit("MODULES ", 1)[1])
    return rc, proc.stdout, set(mods)


def test_help_imports_no_command_module():
    rc, out, mods = _imports("--help")
    assert rc == 0 and "pending" in out and "checklist" in out
    assert not {m for m in mods if m.startswith(("app.cli.", "sqlalchemy"))}, mods


def test_a_command_imports_only_its_module():
    rc, out, mods = _imports("checklist", "--help")
    assert rc == 0 and "--lang" in out
    commands = {m for m in mods if m in COMMAND_MODULES}
    assert commands == {"app.cli.reports"}, commands


@pytest.mark.parametrize("argv", [("--lang", "hi", "--help"), ("--lang=hi", "--help"), ("--help",),
                                  ("--lang", "hi", "pending", "--help"), ("pending", "--help", "--lang=hi")])
def test_help_in_hindi(argv):
    env = {"ANUPALAN_LANG": "hi"} if argv == ("--help",) else {}
    rc, out, _mods = _imports(*argv, env=env)
    assert rc == 0 and "विकल्प" in out, out  # argparse's "options" heading, translated


def test_an_unknown_command_lists_the_choices(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["pendng"])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "pendng" in err and "checklist" in err


def test_a_bare_entry_is_never_run():
    """The bare entries only name the commands: every one is replaced by its module when chosen."""
    for name, module, _help in COMMANDS:
        parser = build_parser(name)
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        assert sub.choices[name].get_default("handler") is not None, name


@pytest.mark.parametrize("argv", [("--lang", "hi", "--help"), ("--lang", "hi", "-h")])
def test_python_m_app_help_is_the_command_lines_in_hindi(argv):
    """Through the real entry point: options alone open the window, but ``--help`` was the window's bare parser
    (English, no commands) for '--lang hi --help'."""
    proc = subprocess.run([sys.executable, "-m", "app", *argv], capture_output=True, text=True, encoding="utf-8",
                          env={**os.environ, "ANUPALAN_LANG": "en"}, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "विकल्प" in proc.stdout and "pending" in proc.stdout and "usage:" not in proc.stdout, proc.stdout
