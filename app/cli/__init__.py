"""The command-line interface: ``python -m app SUBCOMMAND``. Same services as the window.

Conventions for every command: ``--db PATH`` picks the database (default: the user's data folder);
``--json`` prints machine-readable output; bad input prints a clear message on stderr, exits 2 and
writes nothing.

Exit codes: 0 done; 2 refused (bad input, no permission, not found: the message says why; nothing
changed); 75 busy (another program kept the database busy past the wait, or the Anupalan window holds
it and alone writes to it: nothing changed, the same command may work later; 75 is EX_TEMPFAIL of
sysexits.h); 141 the reader of the output went away (``| head``): the command stops quietly, as a
shell tool killed by SIGPIPE; 74 the output could not be written whole (its disk is full); 130 interrupted (Ctrl+C). An argument that is not valid UTF-8 text is
refused (2) before anything runs.
"""

from __future__ import annotations

import argparse
import errno
import functools
import gc
import importlib
import os
import sys

from app.i18n import LANGUAGES, N_, _, set_language
from app.services.core.errors import DatabaseBusyError, UserError

# The light command table: (command, the module whose ``register(subparsers, common)`` adds it, its one-line
# help, marked for translation). The top-level parser and ``anupalan --help`` are built from this table
# alone; only the chosen command's module is imported (and it registers its own nested actions, e.g.
# ``staff add``). A new command is one line here, in the order ``--help`` lists it; tests/cli/
# test_command_table.py fails when a module's registered commands (or their help) and this table differ.
COMMANDS = (
    ("init", "app.cli.station", N_("create the station's database")),
    ("station", "app.cli.office", N_("the station's office particulars for its letters")),
    ("catalogue", "app.cli.catalogue", N_("list the 69 duties of the allocation")),
    ("staff", "app.cli.staff", N_("the station's people and their roles")),
    ("check", "app.cli.check", N_("check the database's integrity and schema revision")),
    ("checklist", "app.cli.reports", N_("print the inspection checklist")),
    ("slip", "app.cli.reports", N_("print roll-call slips: half an A4 sheet per person, two to a sheet")),
    ("report", "app.cli.reports", N_("compliance and pendency reports")),
    ("inspection", "app.cli.reports", N_("inspection visits, findings and instructions")),
    ("backup", "app.cli.backup", N_("make a verified backup of the database")),
    ("backups", "app.cli.backup", N_("list the backups and whether each was verified")),
    ("restore", "app.cli.backup", N_("restore a backup (the current file is backed up first)")),
    ("accounts", "app.cli.accounts", N_("sign-in accounts of the station's people")),
    ("audit", "app.cli.audit", N_("the audit trail: verify, list, export")),
    ("case", "app.cli.cases", N_("register a case or record an event on it")),
    ("import", "app.cli.imports", N_("import cases or events from the station's own spreadsheets")),
    ("clocks", "app.cli.clocks", N_("accused in custody whose default-bail day is near (BNSS 187(3))")),
    ("pending", "app.cli.pending", N_("entries still owed (by role, person, form, case …)")),
    ("done", "app.cli.obligations", N_("mark entries as made in CAS")),
    ("na", "app.cli.obligations", N_("mark an entry not applicable, with the reason")),
    ("verify", "app.cli.obligations", N_("the SHO verifies entries made in CAS (duty A-2)")),
    ("reopen", "app.cli.obligations", N_("correct a mistaken 'done' or 'n/a': back to pending")),
    ("reassign", "app.cli.obligations", N_("give open entries to another person, or leave them unassigned")),
    ("catch-up", "app.cli.obligations", N_("create the recurring duties up to today")),
    ("rules", "app.cli.obligations", N_("the due-date rules")),
    ("demo", "app.cli.demo", N_("build a demo station (a new file; never an existing one)")),
    ("attendance-sheet", "app.cli.handholding", N_("print the handholding staff's monthly attendance sheet")),
    ("faults", "app.cli.handholding", N_("the equipment fault log")),
    ("fault", "app.cli.handholding", N_("report, escalate or resolve an equipment fault")),
    ("equipment", "app.cli.handholding", N_("the equipment register")),
    ("support-staff", "app.cli.handholding",
     N_("handholding staff (vendor staff at the circle office or district HQ)")),
    ("attendance", "app.cli.handholding", N_("the handholding staff's attendance register")),
    ("visit", "app.cli.handholding", N_("handholding staff visits to the station")),
    ("user-ids", "app.cli.handholding", N_("CCTNS user ids of the staff (D-22)")),
    ("user-id", "app.cli.handholding", N_("a request for a CCTNS user id")),
    ("bundle", "app.cli.bundle", N_("signed bundles of the station's data for the circle or district office")),
    ("rollup", "app.cli.rollup", N_("the circle or district office's store of its stations' bundles")),
    ("export", "app.cli.export", N_("write a list to an Excel workbook (.xlsx)")),
    ("reconcile", "app.cli.reconcile",
     N_("compare a CAS entry list with the register; mark the matched entries entered")),
    ("sheet", "app.cli.sheet", N_("look at a spreadsheet as an import reads it; column profiles")),
    ("bench", "app.cli.bench",
     N_("measure start-up, counts, lists, printing, backup and memory on the demo station")),
)
# the command modules, in the table's order (each once)
COMMAND_MODULES = tuple(dict.fromkeys(module for _name, module, _help in COMMANDS))

EXIT_OK, EXIT_USAGE, EXIT_BUSY, EXIT_PIPE = 0, 2, 75, 141
EXIT_OUTPUT = 74  # the output could not be written (a full disk): EX_IOERR of sysexits.h

# argparse's own messages (an unknown option, a missing argument, a bad choice, the help's headings) are
# looked up through its module's ``_``; routed to ``app.i18n._`` they come out in the user's language. The
# common ones, in Python's wording, are marked here so that the catalog carries them.
ARGPARSE_MESSAGES = (
    N_("usage: "), N_("argument %(argument_name)s: %(message)s"), N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"), N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"), N_("expected one argument"), N_("expected at least one argument"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("show this help message and exit"),
    N_("positional arguments"), N_("options"),
)
argparse._ = _


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse's own errors: exit 2, message on stderr
        self.print_usage(sys.stderr)
        sys.stderr.write(_("Error: {message}").format(message=message) + "\n")
        raise SystemExit(EXIT_USAGE)


# Options every command takes (``common_options``): given before the command they mean the same as after it.
GLOBAL_WITH_VALUE = ("--db", "--lang", "--user")
GLOBAL_FLAGS = ("--json",)


def _leading_globals(argv: list[str]) -> int:
    """How many words at the start of the line are options every command takes (with their values)."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in GLOBAL_FLAGS or (arg.split("=", 1)[0] in GLOBAL_WITH_VALUE and "=" in arg):
            i += 1
        elif arg in GLOBAL_WITH_VALUE and i + 1 < len(argv):
            i += 2
        else:
            break
    return i


def globals_after_command(argv: list[str]) -> list[str]:
    """``anupalan --db F pending`` as ``anupalan pending --db F``: the options every command takes, typed
    before the command, are moved to the end of the line (before a ``--``, after which all is positional).
    Anything else before the command, or no command at all, leaves the line as typed for argparse to judge."""
    i = _leading_globals(argv)
    if i == 0 or i >= len(argv) or argv[i].startswith("-"):
        return argv
    moved, rest = argv[:i], argv[i:]
    if "--" in rest:
        k = rest.index("--")
        return rest[:k] + moved + rest[k:]
    return rest + moved


def common_options() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", help=_("database file (default: in the user's data folder)"))
    common.add_argument("--json", action="store_true", help=_("print machine-readable JSON"))
    common.add_argument("--lang", choices=sorted(LANGUAGES), help=_("language of messages"))
    common.add_argument("--user", metavar="NAME", help=_("act as this account (asked when the database has accounts)"))
    return common


def chosen_command(argv: list[str]) -> str | None:
    """The command a line names, as argparse will read it (the top-level parser takes no option with a
    value: the first word that is not an option is the command); None when it names none in the table."""
    for arg in argv:
        if arg == "--" or arg.startswith("-"):
            continue
        return arg if any(arg == name for name, _module, _help in COMMANDS) else None
    return None


ALL = object()  # build_parser(ALL): every command module registers its commands (tests, tools)


def build_parser(command=ALL) -> argparse.ArgumentParser:
    """The parser, with ``command``'s module imported and registered (its commands with their options and
    actions); every other command of the table is a bare entry with its help, enough for ``--help`` and
    argparse's "invalid choice". ``command=None``: no module at all (``anupalan --help``)."""
    parser = _Parser(prog="anupalan", description=_("Anupalan: who owes which CCTNS entry, by when."))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    common = common_options()
    chosen = {module for name, module, _help in COMMANDS if command is ALL or name == command}
    registered: set[str] = set()
    for name, module, help_text in COMMANDS:
        if module not in chosen:
            sub.add_parser(name, help=_(help_text), add_help=False)
        elif module not in registered:
            importlib.import_module(module).register(sub, common)
            registered.add(module)
    return parser


@functools.lru_cache(maxsize=8)
def _parser(command: str | None, lang: str) -> argparse.ArgumentParser:
    """``build_parser(command)`` with its help in ``lang``, built once per process: a process that runs several
    commands in turn (the tests, a tool calling ``main``) does not register the command again each time (2-9 ms).
    A parser only reads itself while parsing (the values go to a new namespace); its texts are in the language
    it was built in, hence the key."""
    return build_parser(command)


def _utf8_streams() -> None:
    # A stream the shell closed (`>&-`) is None in Python: what would go there is dropped, as print() drops it,
    # and a file the command writes (--out) is still written, instead of a traceback at the first write.
    if sys.stdout is None:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - kept for the process's life
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    # backslashreplace: a message that quotes odd input can always be written (never a second error)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")
        except (AttributeError, ValueError):
            pass


def _not_text(argument: str) -> bool:
    """Bytes that were not UTF-8 reach ``sys.argv`` as lone surrogates (PEP 383)."""
    try:
        argument.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _shown(argument: str) -> str:
    """The argument as typed, its undecodable bytes as \\xNN."""
    raw = argument.encode("utf-8", "surrogateescape") if isinstance(argument, str) else bytes(argument)
    return raw.decode("utf-8", "backslashreplace")[:200]


def _quiet_stdout() -> None:
    """After a broken pipe: point stdout at the null device so the final flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, AttributeError, ValueError):  # no real file behind stdout (tests): nothing to flush
        pass


def main(argv: list[str] | None = None, *, fresh_process: bool = False) -> int:
    """Run the command line ``argv``. ``fresh_process`` (``python -m app``, the executable): the command's
    imports run without the garbage collector, then what they made is frozen (``start_up_collected``)."""
    _utf8_streams()
    if fresh_process:
        gc.disable()
    try:
        code = _main(argv, fresh_process)
        sys.stdout.flush()  # a reader that went away is found here, not at interpreter exit
        return code
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_PIPE
    except OSError as exc:  # the output's file could not take it (a full disk): said, not a traceback
        if exc.filename is not None or not (_flushing(exc) or _stdout_fails()):
            raise
        _quiet_stdout()
        from app.services.core.atomic import describe_io_error

        sys.stderr.write(_("Error: {message}").format(message=_(
            "The output could not be written whole: {reason}.").format(reason=describe_io_error(exc))) + "\n")
        return EXIT_OUTPUT


def _flushing(exc: OSError) -> bool:
    """Whether ``exc`` came from ``main``'s own flush of the output (the innermost frame is ``main``'s)."""
    tb = exc.__traceback__
    return tb is not None and tb.tb_next is None


def _stdout_fails() -> bool:
    """Whether the output stream is the one failing: what it still holds cannot be written either, or (a long
    write that failed part way holds nothing more) the disk its file is on has no room left."""
    try:
        sys.stdout.flush()
    except OSError:
        return True
    try:
        room = os.fstatvfs(sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):  # no file behind stdout, or no statvfs (Windows)
        return False
    return room.f_bavail == 0 or room.f_bfree == 0


def start_up_collected() -> None:
    """After the chosen command's module is imported: its modules, classes and tables live as long as the
    process, and the collector's full passes over them while they were made (tens of thousands of objects
    from SQLAlchemy's import, at each threshold) found nothing to free: about a tenth of a second of a quick
    command (``pending --json``). They are frozen (never scanned again) and collection resumes for the
    command's own work. Only for a process of its own: a test calling ``main`` in-process keeps its collector."""
    gc.freeze()
    gc.enable()


def _main(argv: list[str] | None, fresh_process: bool = False) -> int:
    """Parse and run one command; the exit code (refusals: a message on stderr in the user's language)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    set_language(_language_asked(argv))
    refused = _refuse_arguments(argv)
    if refused is not None:
        return refused
    lead = _leading_globals(argv)
    if lead and argv[lead:] in (["-h"], ["--help"]):  # `anupalan --lang hi --help`: the language is set above
        argv = argv[lead:]
    argv = globals_after_command(argv)
    parser = _parser(chosen_command(argv), _language_asked(argv))
    if fresh_process:
        start_up_collected()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    return _run(args)


def _language_asked(argv: list[str]) -> str:
    """The language of the help texts and messages (``--lang``, else ``ANUPALAN_LANG``), before any is rendered."""
    lang = os.environ.get("ANUPALAN_LANG", "en")
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv) and argv[i + 1] in LANGUAGES:
            lang = argv[i + 1]
        elif arg.startswith("--lang=") and arg[len("--lang="):] in LANGUAGES:
            lang = arg[len("--lang="):]
    return lang if lang in LANGUAGES else "en"


def _refuse_arguments(argv: list[str]) -> int | None:
    """EXIT_USAGE (said on stderr) for an argument that is not text, or global options with no command after."""
    bad = next((a for a in argv if _not_text(a)), None)
    if bad is not None:
        sys.stderr.write(_("Error: {message}").format(message=_(
            "The argument {argument} is not valid text (UTF-8); nothing was done. Type it again, or set the "
            "terminal to UTF-8.").format(argument=_shown(bad))) + "\n")
        return EXIT_USAGE
    lead = _leading_globals(argv)
    if lead and lead == len(argv):  # `anupalan --db FILE` and nothing more: say so, not "invalid choice: FILE"
        sys.stderr.write(_("Error: {message}").format(message=_(
            "Name a command after {options}, e.g. anupalan {options} pending (anupalan --help lists the commands)."
        ).format(options=" ".join(argv))) + "\n")
        return EXIT_USAGE
    return None


def _run(args) -> int:
    """The command's handler; a refusal, a busy database, a name too long or a damaged page met while reading
    said on stderr with its exit code."""
    try:
        return int(args.handler(args) or EXIT_OK)
    except DatabaseBusyError as exc:
        sys.stderr.write(_("Error: {message}").format(message=exc.message) + "\n")
        return EXIT_BUSY
    except UserError as exc:
        sys.stderr.write(_("Error: {message}").format(message=exc.message) + "\n")
        return EXIT_USAGE
    except OSError as exc:  # a path no file system can hold (a name over 255 bytes), from any command's file
        if exc.errno != errno.ENAMETOOLONG:
            raise
        from app.services.storage import name_too_long

        message = name_too_long(exc.filename or "") or _("A file or folder name is too long: {path}").format(
            path=exc.filename)
        sys.stderr.write(_("Error: {message}").format(message=message) + "\n")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # SQLite met a damaged page while reading (reads skip the writers' quick check)
        if type(exc).__module__.split(".")[0] not in ("sqlalchemy", "sqlite3"):
            raise
        from app.cli.common import db_path
        from app.services.storage import damage_met

        message = damage_met(exc, db_path(args))
        if message is None:
            raise
        sys.stderr.write(_("Error: {message}").format(message=message) + "\n")
        return EXIT_USAGE
