"""``import cases|events FILE``: the station's own spreadsheets into the register, a dry run first; ``import
batches`` lists what was imported; ``import void BATCH`` takes a whole batch away (audited)."""

from __future__ import annotations

import sys
from pathlib import Path

from app.i18n import N_, _
from app.cli.acting import cli_actor
from app.cli.common import command_group, open_db, out_file, print_json, print_table, require_station
from app.services.core.errors import UserError
from app.services.core.formatting import as_typed
from app.services.core.validate import parse_int

MAX_SHOWN = 50
KIND_LABELS = {"cases": N_("Cases"), "events": N_("Events")}  # errors printed as text; all of them go to --errors-out and --json


def register(sub, common) -> None:
    isub = command_group(sub, "import", _("import cases or events from the station's own spreadsheets"))
    for kind, help_text in (("cases", _("import FIRs from a register sheet (xlsx, xls, ods, csv)")),
                            ("events", _("import arrests, seizures, remands, chargesheets and court outcomes"))):
        p = isub.add_parser(kind, parents=[common], help=help_text)
        p.add_argument("file", metavar="FILE")
        p.add_argument("--profile", metavar="NAME", help=_("a saved column profile (default: the one whose headers "
                                                           "match, else the columns guessed from their headers)"))
        p.add_argument("--sheet", metavar="NAME", help=_("the sheet to read (default: the first)"))
        p.add_argument("--date-format", dest="date_format", metavar="FORMAT",
                       help=_("how dates are written: DD/MM/YYYY (default), MM/DD/YYYY, YYYY-MM-DD, DD-MON-YYYY"))
        p.add_argument("--dry-run", dest="dry_run", action="store_true",
                       help=_("show what would be created, updated and refused; change nothing"))
        p.add_argument("--skip-errors", dest="skip_errors", action="store_true",
                       help=_("import the good rows and leave out the bad ones (default: any bad row imports "
                              "nothing)"))
        p.add_argument("--errors-out", dest="errors_out", metavar="FILE",
                       help=_("write the refused rows with their problems to this .csv or .xlsx file"))
        p.set_defaults(handler=run_import, import_kind=kind)
    ls = isub.add_parser("batches", parents=[common], help=_("the imports made, newest first"))
    ls.set_defaults(handler=run_batches)
    vd = isub.add_parser("void", parents=[common], help=_("take away everything one import made (audited)"))
    vd.add_argument("batch", metavar="BATCH")
    vd.add_argument("--reason", required=True, help=_("why the import is voided"))
    vd.set_defaults(handler=run_void)


def read_source(db, path: Path, kind: str, *, profile_name: str | None, sheet: str | None,
                date_format: str | None):
    """The file read by its content and mapped through the profile (named, matched by headers, or guessed)."""
    from app.services import imports, sheets

    data = sheets.read_file(path)
    loaded = sheets.load_sheet(db, data, kind, profile=profile_name, sheet=sheet, date_format=date_format)
    return imports.source_from_mapped(loaded.mapped, kind=kind, file_name=path.name, data=data,
                                      profile=loaded.profile.name), loaded.profile


def run_import(args) -> int:
    from app.services import imports

    path = Path(args.file).expanduser()
    errors_out = Path(args.errors_out).expanduser() if args.errors_out else None
    if errors_out is not None and errors_out.suffix.lower() not in (".csv", ".xlsx"):
        raise UserError(_("The error sheet is written as .csv or .xlsx, not '{name}'.").format(name=errors_out.name))
    if errors_out is not None:
        out_file(str(errors_out))  # a missing folder is refused before anything is imported, as for every --out
    with open_db(args) as db:
        require_station(db)
        actor = cli_actor(args, db)
        source, profile = read_source(db, path, args.import_kind, profile_name=args.profile, sheet=args.sheet,
                                      date_format=args.date_format)
        report = imports.import_rows(db, source, dry_run=args.dry_run, skip_errors=args.skip_errors, actor=actor)
    if errors_out is not None and report.errors:
        imports.write_errors(errors_out, report.errors, source)
    if args.json:  # which profile read the file, and how its dates were read (a saved one is found by headers)
        print_json({**report.as_dict(), "profile": profile.name, "date_format": profile.date_format})
    else:
        sys.stdout.write(_("Read with the profile {name}; dates as {format}.").format(
            name=profile.name or _("(columns guessed from the headers)"), format=profile.date_format) + "\n")
        _print_report(report, errors_out)
    if report.refused and not report.dry_run:
        sys.stderr.write(_("Nothing was imported: correct the rows, or import the good ones with --skip-errors.")
                         + "\n")
    return 2 if report.refused else 0


def _print_report(report, errors_out: Path | None) -> None:
    out = sys.stdout.write
    if report.already is not None:
        out(_("This file was already imported (batch {id}, {date}); nothing was done.").format(
            id=report.already["batch"], date=as_typed(report.already["imported_at"])) + "\n")
        return
    if report.dry_run:
        out(_("Dry run: nothing was changed.") + "\n")
    out(_("Rows read: {rows}. Created: {created}, updated: {updated}, unchanged: {unchanged}.").format(
        rows=report.rows, created=report.created, updated=report.updated, unchanged=report.unchanged) + "\n")
    for d in report.duplicates:
        out(_("Row {row} repeats row {same}: imported once.").format(row=d["row"], same=d["same_as"]) + "\n")
    for n in report.notes:
        out(_("Row {row}: {message}").format(row=n["row"], message=n["message"]) + "\n")
    if report.errors:
        out(_("{n} row(s) with problems:").format(n=report.left_out) + "\n")
        for e in report.errors[:MAX_SHOWN]:
            where = _("row {row}, column '{column}'").format(row=e.row, column=e.column) if e.column else \
                _("row {row}").format(row=e.row)
            if e.row == 0:  # the file as a whole (a column it lacks), not a row of it
                where = _("the file")
            out(f"  {where}: {e.message}\n")
        if len(report.errors) > MAX_SHOWN:
            out(_("… and {n} more.").format(n=len(report.errors) - MAX_SHOWN) + "\n")
        if errors_out is not None:
            out(_("The problems were written to {file}.").format(file=errors_out) + "\n")
    if report.imported:
        if report.left_out:
            out(_("{n} row(s) with problems were left out.").format(n=report.left_out) + "\n")
        out(_("Imported as batch {id}; a backup was made first. Undo it with: import void {id} --reason TEXT")
            .format(id=report.batch_id) + "\n")
    elif report.batch_id is not None:
        out(_("Everything in the file is already in the register; the file is recorded as batch {id}.").format(
            id=report.batch_id) + "\n")


def run_batches(args) -> int:
    from app.services import imports

    with open_db(args, readonly=True) as db:
        rows = imports.list_batches(db)
    if args.json:
        print_json([b.as_dict() for b in rows])
        return 0
    if not rows:
        sys.stdout.write(_("Nothing has been imported.") + "\n")
        return 0
    print_table([[b.id, _(KIND_LABELS[b.kind]) if b.kind in KIND_LABELS else b.kind, as_typed(b.imported_at), b.file_name, b.created, b.updated, b.unchanged, b.left_out,
                  _("void") if b.status == "void" else ""] for b in rows],
                [_("Batch"), _("Kind"), _("Imported"), _("File"), _("Created"), _("Updated"), _("Unchanged"),
                 _("Left out"), _("Status")])
    return 0


def run_void(args) -> int:
    from app.services import imports

    batch = parse_int(args.batch, _("Batch"), minimum=1)
    with open_db(args) as db:
        result = imports.void_batch(db, batch, reason=args.reason, actor=cli_actor(args, db))
    if args.json:
        print_json(result.as_dict())
        return 0
    sys.stdout.write(_("Import batch {id} voided: {removed} case(s) removed, {voided} kept as voided (recorded on "
                       "since), {events} event(s) voided.").format(
        id=result.batch_id, removed=result.removed_cases, voided=len(result.voided_cases),
        events=result.voided_events) + "\n")
    for line in result.kept:
        sys.stdout.write(line + "\n")
    return 0
