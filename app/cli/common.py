"""Helpers shared by the command modules: opening the database and printing results."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from app.i18n import _
from app.paths import default_db_path
from app.services.storage import Database
from app.services.station import open_database, open_to_read
from app.services.core.errors import UserError


def db_path(args) -> Path | str:
    """``--db``: a database file, or a PostgreSQL server's URL (``postgresql+psycopg://USER@HOST:PORT/DB``),
    which stays a ``str`` (a ``Path`` would fold its "//")."""
    from app.services.storage import database_target, real_path, refuse_bad_path

    if not getattr(args, "db", None):
        return default_db_path()
    target = database_target(args.db)
    if isinstance(target, str):
        return target
    target = target.expanduser()
    refuse_bad_path(target)  # a name too long, a pipe (which would hang), a link to nothing: exit 2 at once
    return real_path(target)  # a symbolic link names the file: its lock, mark and backups are the file's


def open_db(args, *, must_exist: bool = True, readonly: bool = False) -> Database:
    path = db_path(args)
    if must_exist and isinstance(path, Path) and not path.exists():
        raise UserError(
            _("No database at {path}. Create the station first with: python -m app init --station NAME --district NAME")
            .format(path=path)
        )
    if not readonly and isinstance(path, Path) and path.exists():
        from app.services.storage import refuse_damaged

        refuse_damaged(path)  # quick_check (the full check once a day) first: never write into a damaged file
    return open_database(path, readonly=readonly)


def open_reader(args, *, reads_rules: bool = False) -> Database:
    """For a command that only reads (the printed documents, a list): the file read-only, without the quick
    check a writer runs first (``station.open_to_read`` says why that is safe), when nothing a writer's open
    does is needed; else as ``open_db``. ``reads_rules``: the due-date rules are read (clocks, the rules' list),
    so a file that does not hold every shipped rule yet is opened to write: its first reader stores them."""
    path = db_path(args)
    if isinstance(path, Path) and path.exists():
        db = open_to_read(path)
        if db is not None and reads_rules:
            from app.services.obligations import rules_stored

            try:
                stored = rules_stored(db)
            except BaseException:
                db.close()
                raise
            if not stored:
                db.close()
                db = None
        if db is not None:
            return db
    return open_db(args)


_quick_exit = False


def may_exit_quickly() -> None:
    """Say that this command has finished its work and closed everything it wrote (the database closed, each
    file written atomically and fsynced): the process may then end without tearing the interpreter down
    (``app.__main__.leave``), which costs a tenth of a second after a printed document. Only a command that
    calls this gets the quick end; every other one ends as usual."""
    global _quick_exit
    _quick_exit = True


def quick_exit_allowed() -> bool:
    return _quick_exit


def require_station(db: Database):
    from app.services.station import get_station

    station = get_station(db)
    if station is None:
        raise UserError(
            _("This database has no station yet. Create it with: python -m app init --station NAME --district NAME")
        )
    return station


def out_file(value: str, *, pdf: bool = False) -> Path:
    """The file an ``--out FILE`` names, checked before anything is read or written, by one rule for every print and
    file-writing command: the folder must exist already (it is not made: a mistyped folder would otherwise hide
    the document somewhere new), the name is a file's, not a folder's, ends in .pdf for a document (``pdf``), and a
    read-only file is not replaced. Refused with a clear message (exit 2), nothing written."""
    import os
    import stat

    path = Path(value).expanduser()
    if pdf and path.suffix.lower() != ".pdf":
        raise UserError(_("The output file must end in .pdf: {path}").format(path=path))
    if path.is_dir():
        raise UserError(_("{path} is a folder, not a file name.").format(path=path))
    if not path.parent.is_dir():
        raise UserError(_("The folder {folder} does not exist.").format(folder=path.parent))
    if path.exists() and (not os.access(path, os.W_OK) or not path.stat().st_mode & stat.S_IWUSR):
        # marked read-only (kept as sent, say): not replaced, even by an administrator who could
        raise UserError(_("{path} is read-only: it is not replaced. Choose another file name.").format(path=path))
    if not os.access(path.parent, os.W_OK):
        raise UserError(_("The folder {folder} cannot be written to.").format(folder=path.parent))
    return path


def command_group(sub, name: str, help_text: str, *, metavar: str = "ACTION"):
    """A command made of actions (``staff add``, ``staff list`` …): returns its subparsers. The command
    alone prints its help on stderr and exits 2."""
    group = sub.add_parser(name, help=help_text)
    group.set_defaults(handler=lambda args: (group.print_help(sys.stderr), 2)[1])
    return group.add_subparsers(dest=f"{name.replace('-', '_')}_action", metavar=metavar, parser_class=type(group))


def print_json(value: Any) -> None:
    sys.stdout.write(json_text(value) + "\n")


def json_text(value: Any) -> str:
    """``value`` as the commands print it: ``json.dumps(value, ensure_ascii=False, indent=2, default=str)``. A
    list of flat records (``pending --json``: 500 of 21 fields) is written here with the same bytes, field by
    field through json's own string encoder: json's indented output runs in pure Python, ~4 times slower."""
    if isinstance(value, list) and all(type(r) is dict for r in value):
        rows = [_flat_record(r) for r in value]
        if value and None not in rows:
            return "[\n" + ",\n".join(rows) + "\n]"
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def _flat_record(record: dict) -> str | None:
    """One record of a list at indent 2, as json.dumps writes it; None when a key or value is not plain text,
    a whole number, true/false or null (json.dumps writes those)."""
    if not record:
        return None
    encode = json.encoder.encode_basestring
    fields = []
    for key, v in record.items():
        if type(key) is not str:
            return None
        if type(v) is str:
            text = encode(v)
        elif v is None:
            text = "null"
        elif v is True or v is False:
            text = "true" if v else "false"
        elif type(v) is int:
            text = int.__repr__(v)
        else:
            return None
        fields.append(f"    {encode(key)}: {text}")
    return "  {\n" + ",\n".join(fields) + "\n  }"


def print_result(args, value: Any, message: str) -> int:
    """A command's one result: ``value`` as JSON with ``--json``, else the ``message`` line. Returns 0, the
    command's exit code."""
    if args.json:
        print_json(value)
    else:
        sys.stdout.write(message + "\n")
    return 0


def table_cell(value: Any) -> str:
    """A table cell as the window shows it: a date "5 Dec 2026" / "5 दिस॰ 2026", a moment with its time,
    in the user's language (``--json`` keeps ISO)."""
    import datetime as dt

    from app.services.core.formatting import format_date, format_datetime

    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return format_datetime(value)
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


def print_table(rows: list[list[Any]], headers: list[str]) -> None:
    text_rows = [[table_cell(c) for c in r] for r in rows]
    widths = [max([len(h)] + [len(r[i]) for r in text_rows]) for i, h in enumerate(headers)]
    line = "  ".join(h.ljust(w) for h, w in zip(headers, widths))
    sys.stdout.write(line.rstrip() + "\n")
    sys.stdout.write("  ".join("-" * w for w in widths) + "\n")
    for r in text_rows:
        sys.stdout.write("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() + "\n")
