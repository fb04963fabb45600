"""``sheet``: look at a spreadsheet as an import reads it, and keep named column profiles.

``sheet show FILE`` prints what the file really is (kind, encoding, sheet, Kruti Dev converted), the header row
found, which column feeds which field, the headers left over, the required fields missing and the first rows
as understood (dates shown as read), with each cell's error. ``sheet save-profile NAME`` keeps a mapping by
header NAMES (a moved column still maps) for ``import … --profile NAME``; ``sheet profiles`` lists them.
"""

from __future__ import annotations

from pathlib import Path

from app.cli.acting import cli_actor
from app.cli.common import command_group, open_db, print_json, print_result, print_table
from app.i18n import _
from app.services.core.errors import UserError

KINDS = ("cases", "events", "cas_list")


def _reading_options(p, *, with_file: bool = True) -> None:
    if with_file:
        p.add_argument("file", metavar="FILE")
    p.add_argument("--kind", choices=KINDS,
                   help=_("what the sheet lists: cases, events or cas_list (default: the profile's, else cases)"))
    p.add_argument("--sheet", metavar="NAME", help=_("the workbook's sheet to read (default: the first with rows)"))
    p.add_argument("--date-format", metavar="FORMAT",
                   help=_("how the sheet writes dates: DD/MM/YYYY, MM/DD/YYYY, YYYY-MM-DD or DD-MON-YYYY"))
    p.add_argument("--header-row", metavar="N", help=_("the row that holds the column names (default: found)"))
    p.add_argument("--skip-bottom", metavar="N", help=_("rows at the end to leave out (totals, signatures)"))
    p.add_argument("--column", dest="columns", action="append", default=[], metavar="FIELD=HEADER",
                   help=_("read FIELD from the column named HEADER (repeatable)"))


def register(sub, common) -> None:
    ssub = command_group(sub, "sheet", _("look at a spreadsheet as an import reads it; column profiles"))
    p = ssub.add_parser("show", parents=[common], help=_("what an import would read from a spreadsheet"))
    _reading_options(p)
    p.add_argument("--profile", metavar="NAME", help=_("read through this saved profile"))
    p.add_argument("--limit", default="10", metavar="N", help=_("rows to show (default 10)"))
    p.set_defaults(handler=run_show)
    p = ssub.add_parser("profiles", parents=[common], help=_("the shipped and saved column profiles"))
    p.set_defaults(handler=run_profiles)
    p = ssub.add_parser("save-profile", parents=[common],
                        help=_("keep a column profile by name (columns found by their header names)"))
    p.add_argument("name", metavar="NAME")
    _reading_options(p, with_file=False)
    p.add_argument("--from", dest="from_file", metavar="FILE",
                   help=_("take the header names from this file's guessed columns"))
    p.set_defaults(handler=run_save)
    p = ssub.add_parser("delete-profile", parents=[common], help=_("remove a saved column profile"))
    p.add_argument("name", metavar="NAME")
    p.set_defaults(handler=run_delete)


def _number(text: str | None, label: str, low: int, high: int) -> int | None:
    from app.services.core.validate import parse_int

    if text is None:
        return None
    return parse_int(text, label, minimum=low, maximum=high)


def _columns(items: list[str], kind: str) -> dict[str, str]:
    from app.services import sheets

    out: dict[str, str] = {}
    for item in items:
        field, sep, header = item.partition("=")
        field, header = field.strip(), header.strip()
        if not sep or not field or not header:
            raise UserError(_("Write each column as FIELD=HEADER, e.g. case_number=FIR No. (not '{item}').").format(
                item=item))
        if field not in sheets.fields_for(kind):
            raise UserError(_("Unknown field {field}. Fields for {kind}: {fields}.").format(
                field=field, kind=kind, fields=", ".join(sheets.fields_for(kind))))
        out[field] = header
    return out


def _profile_from_args(args, base):
    """``base`` with the command line's choices laid over it (each checked; bad input refused)."""
    from dataclasses import replace

    from app.services import sheets

    changes: dict = {}
    if args.date_format:
        if args.date_format not in sheets.DATE_FORMATS:
            raise UserError(_("Unknown date format {format}. Use one of: {formats}.").format(
                format=args.date_format, formats=", ".join(sheets.DATE_FORMATS)))
        changes["date_format"] = args.date_format
    header = _number(args.header_row, _("Header row"), 1, 1001)
    if header is not None:
        changes["header_row"] = header - 1
    bottom = _number(args.skip_bottom, _("Rows to skip at the end"), 0, 1000)
    if bottom is not None:
        changes["skip_bottom"] = bottom
    if args.sheet:
        changes["sheet"] = args.sheet
    columns = _columns(args.columns, base.kind)
    if columns:
        changes["columns"] = {**base.columns, **columns}
    return replace(base, **changes) if changes else base


def _read(path_text: str, sheet: str | None):
    from app.services import sheets

    return sheets.read_table(Path(path_text).expanduser(), sheet=sheet)


def run_show(args) -> int:
    from app.services import sheets

    limit = _number(args.limit, _("Rows to show"), 1, 10_000)
    table = _read(args.file, args.sheet)
    with open_db(args, readonly=True) as db, db.session() as s:
        base = sheets.choose_profile(s, table, args.kind, name=args.profile)
    profile = _profile_from_args(args, base)
    mapped = sheets.map_table(table, profile)
    result = {
        "kind": table.kind, "encoding": table.encoding, "sheet": table.sheet, "sheets": list(table.sheets),
        "krutidev": table.krutidev, "profile": profile.name or None, "date_format": profile.date_format,
        "header_row": mapped.header_row + 1,
        "columns": {key: mapped.headers[col] for key, col in mapped.columns.items()},
        "unmapped": mapped.unmapped, "missing": mapped.missing, "rows": len(mapped.rows),
        "errors": [e.as_dict() for e in mapped.errors],
        "preview": sheets.preview(mapped, limit),
    }
    if args.json:
        print_json(result)
        return 0
    _print_show(result, mapped)
    return 0


def _print_show(result: dict, mapped) -> None:
    import sys

    from app.services.sheets import field_label

    kind = result["kind"] + (f" ({result['encoding']})" if result["encoding"] else "")
    lines = [_("File: {kind}").format(kind=kind)]
    if result["sheet"]:
        lines.append(_("Sheet: {sheet} (of {sheets})").format(sheet=result["sheet"],
                                                               sheets=", ".join(result["sheets"])))
    if result["krutidev"]:
        lines.append(_("Hindi typed in Kruti Dev was converted to Unicode."))
    lines.append(_("Profile: {name}; dates read as {format}; header in row {row}; {count} rows.").format(
        name=result["profile"] or _("(columns guessed from the headers)"), format=result["date_format"],
        row=result["header_row"], count=result["rows"]))
    sys.stdout.write("\n".join(lines) + "\n\n")
    print_table([[field_label(k), k, h] for k, h in result["columns"].items()],
                [_("Field"), _("Key"), _("Column")])
    if result["missing"]:
        sys.stdout.write("\n" + _("Missing required columns: {fields}.").format(
            fields=", ".join(field_label(k) for k in result["missing"])) + "\n")
    if result["unmapped"]:
        sys.stdout.write(_("Columns not used: {names}.").format(names=", ".join(result["unmapped"])) + "\n")
    if result["preview"]:
        sys.stdout.write("\n")
        keys = list(result["columns"])
        print_table([[row["row"]] + [row.get(k, "") for k in keys] for row in result["preview"]],
                    [_("Row")] + [field_label(k) for k in keys])
    errors = result["errors"]
    if errors:
        sys.stdout.write("\n" + _("{count} cells could not be understood:").format(count=len(errors)) + "\n")
        for e in errors[:20]:
            sys.stdout.write(_("  row {row}, {column}: {message}").format(**e) + "\n")


def run_profiles(args) -> int:
    from app.services import sheets

    with open_db(args, readonly=True) as db, db.session() as s:
        profiles = sheets.list_profiles(s)
    if args.json:
        print_json([{"name": p.name, "kind": p.kind, "builtin": p.builtin, "columns": p.columns,
                     "date_format": p.date_format,
                     "header_row": None if p.header_row is None else p.header_row + 1,
                     "skip_bottom": p.skip_bottom, "sheet": p.sheet} for p in profiles])
        return 0
    print_table([[p.name, p.kind, _("shipped") if p.builtin else _("saved"), p.date_format,
                  "; ".join(f"{k}={h}" for k, h in p.columns.items()) or _("(guessed from the headers)")]
                 for p in profiles], [_("Name"), _("Kind"), _("Source"), _("Dates"), _("Columns")])
    return 0


def run_save(args) -> int:
    from app.services import sheets

    kind = args.kind or "cases"
    base = sheets.Profile(name=args.name, kind=kind)
    if args.from_file:
        table = _read(args.from_file, args.sheet)
        guess = _profile_from_args(args, base)
        header = guess.header_row if guess.header_row is not None else sheets.find_header_row(table.rows, kind)
        mapped = sheets.map_table(table, sheets.Profile(name="", kind=kind, header_row=header,
                                                        date_format=guess.date_format))
        base = sheets.Profile(name=args.name, kind=kind,
                              columns={k: mapped.headers[c] for k, c in mapped.columns.items()})
    profile = _profile_from_args(args, base)
    if not profile.columns:
        raise UserError(_("Name at least one column (--column FIELD=HEADER) or give a file to take them from "
                          "(--from FILE)."))
    missing = [k for k in sheets.required_fields(profile.kind) if k not in profile.columns]
    if missing:
        raise UserError(_("The profile lacks required columns: {fields}.").format(fields=", ".join(missing)))
    with open_db(args) as db:
        actor = cli_actor(args, db)
        with db.session() as s:
            saved = sheets.save_profile(s, actor, profile)
    return print_result(args, {"name": saved.name, "kind": saved.kind, "columns": saved.columns},
                        _("Saved the profile {name}.").format(name=saved.name))


def run_delete(args) -> int:
    from app.services import sheets

    with open_db(args) as db:
        actor = cli_actor(args, db)
        with db.session() as s:
            sheets.delete_profile(s, actor, args.name)
    return print_result(args, {"deleted": args.name}, _("Deleted the profile {name}.").format(name=args.name))
