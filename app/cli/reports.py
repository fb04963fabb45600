"""Printed documents and inspection visits on the command line.

    checklist (--out FILE.pdf | --json) [--lang hi|en|both] [--as-of DATE] [--inspection ID]
              [--annex none|oldest|all] [--sample N]
    slip (--person ID ... | --all) (--out FILE.pdf | --json) [--lang hi|en|both] [--as-of DATE] [--plan]
    report compliance --from DATE --to DATE (--out FILE.pdf | --json) [--lang hi|en|both]
    report pendency --from DATE --to DATE (--out FILE.pdf | --json) [--lang hi|en|both]
    inspection add|list|show|finding|instruct ...

``--lang`` here is the language of the document (``both``: Hindi and English side by side); the
messages on the console stay in the language of ``ANUPALAN_LANG``. ``--json`` on the four documents prints
their figures (``reports.figures``: the moment, the totals, the roles; and what each document shows), with the
PDF's path when ``--out`` is given too.
"""

from __future__ import annotations

import sys
from pathlib import Path

from app.i18n import _, ngettext
from app.services import inspections
from app.services.access import SYSTEM
from app.services.core.errors import UserError
from app.services.core.validate import parse_date, parse_int
from app.services.core.formatting import as_typed
from app.cli.acting import cli_actor
from app.cli.common import (command_group, may_exit_quickly, open_db, open_reader, out_file, print_json,
                             print_result, print_table, require_station)

DOC_LANGS = ("hi", "en", "both")


def _without_lang(common):
    """The common options less ``--lang`` (a document command's ``--lang`` also accepts "both").

    The shared actions are added, not copied, as argparse's own ``parents=`` does; nothing of
    ``common`` is changed, so the other commands keep their ``--lang``."""
    import argparse

    parent = argparse.ArgumentParser(add_help=False)
    for action in common._actions:
        if "--lang" not in action.option_strings and not isinstance(action, argparse._HelpAction):
            parent._add_action(action)
    return parent


def doc_parser(sub, name: str, common, help_text: str, *, figures: bool = False):
    """A document command; with ``figures`` its ``--json`` prints the document's figures and ``--out`` may be
    left out (then no PDF is written)."""
    p = sub.add_parser(name, parents=[_without_lang(common)], help=help_text)
    p.add_argument("--lang", choices=DOC_LANGS, default="hi",
                   help=_("language of the document: hi, en or both side by side (default hi)"))
    if figures:
        p.add_argument("--out", metavar="FILE.pdf",
                       help=_("the PDF file to write (with --json it may be left out: only the figures are printed)"))
    else:
        p.add_argument("--out", required=True, metavar="FILE.pdf", help=_("the PDF file to write"))
    return p


def register(sub, common) -> None:
    """``checklist``, ``slip``, ``report compliance|pendency`` and ``inspection``."""
    _register_checklist(sub, common)
    _register_slip(sub, common)
    _register_reports(sub, common)
    _register_inspection(sub, common)


def _register_checklist(sub, common) -> None:
    """``checklist``: the inspection checklist."""
    c = doc_parser(sub, "checklist", common, _("print the inspection checklist"), figures=True)
    c.add_argument("--as-of", dest="as_of", metavar="DATE", help=_("the pending state at the end of this day"))
    c.add_argument("--inspection", metavar="ID", help=_("the inspection visit the checklist is for"))
    c.add_argument("--annex", default="none", metavar="none|oldest|all",
                   help=_("add an annex of the overdue entries per person: none (default), oldest (the 15 oldest of "
                          "each person) or all"))
    c.add_argument("--all-overdue", action="store_true", help=_("the same as --annex all"))
    c.add_argument("--sample", metavar="N", default=None,
                   help=_("how many recent FIRs, arrests and seizures (of each) to draw at random for verification "
                          "in CAS (default 5; 0: no sample)"))
    c.set_defaults(handler=run_checklist)


def _register_slip(sub, common) -> None:
    """``slip``: roll-call slips."""
    s = doc_parser(sub, "slip", common, _("print roll-call slips: half an A4 sheet per person, two to a sheet"),
                   figures=True)
    s.add_argument("--person", action="append", metavar="PERSON_ID", default=[],
                   help=_("a person's id; repeat for several"))
    s.add_argument("--all", action="store_true", help=_("a slip for every active person who owes entries"))
    s.add_argument("--plan", action="store_true",
                   help=_("add today's plan: the entries to make first and what making them does"))
    s.add_argument("--as-of", dest="as_of", metavar="DATE",
                   help=_("what each person owed at the end of this day (default: now)"))
    s.set_defaults(handler=run_slip)


def _register_reports(sub, common) -> None:
    """``report compliance`` and ``report pendency``."""
    rsub = command_group(sub, "report", _("compliance and pendency reports"), metavar="REPORT")
    for name, help_text, handler in (
        ("compliance", _("the compliance report (अनुपालन आख्या) for a period"), run_compliance),
        ("pendency", _("the pendency report for a period"), run_pendency),
    ):
        p = doc_parser(rsub, name, common, help_text, figures=True)
        p.add_argument("--from", dest="date_from", required=True, metavar="DATE")
        p.add_argument("--to", dest="date_to", required=True, metavar="DATE")
        if name == "compliance":
            p.add_argument("--letter-no", dest="letter_no", metavar="TEXT",
                           help=_("the letter number (पत्रांक) from the dispatch register; blank: written by hand"))
            p.add_argument("--enclosure", dest="enclosures", action="append", default=[], metavar="TEXT",
                           help=_("an enclosure listed under संलग्नक (repeatable)"))
        p.set_defaults(handler=handler)


def _register_inspection(sub, common) -> None:
    """``inspection``: add, list, show, finding, instruct."""
    isub = command_group(sub, "inspection", _("inspection visits, findings and instructions"))
    add = isub.add_parser("add", parents=[common], help=_("record a visit"))
    add.add_argument("--date", required=True, metavar="DATE")
    add.add_argument("--officer", required=True, metavar="NAME")
    add.add_argument("--rank", required=True, choices=("co", "asp", "sp", "other"))
    add.add_argument("--rank-other", dest="rank_other", default="", metavar="RANK")
    add.add_argument("--surprise", action="store_true", help=_("a surprise (unannounced) visit"))
    add.add_argument("--notes", default="")
    add.set_defaults(handler=run_inspection_add)
    ls = isub.add_parser("list", parents=[common], help=_("list the visits"))
    ls.set_defaults(handler=run_inspection_list)
    show = isub.add_parser("show", parents=[common], help=_("a visit with its findings and instructions"))
    show.add_argument("inspection_id", metavar="ID")
    show.set_defaults(handler=run_inspection_show)
    fnd = isub.add_parser("finding", parents=[common], help=_("record a finding of a visit"))
    fnd.add_argument("inspection_id", metavar="ID")
    fnd.add_argument("--text", required=True)
    fnd.add_argument("--role")
    fnd.add_argument("--duty", metavar="CODE")
    fnd.add_argument("--satisfactory", action="store_true")
    fnd.set_defaults(handler=run_inspection_finding)
    ins = isub.add_parser("instruct", parents=[common], help=_("record an instruction; it becomes an obligation"))
    ins.add_argument("inspection_id", metavar="ID")
    ins.add_argument("--person", required=True, metavar="PERSON_ID")
    ins.add_argument("--text", required=True)
    ins.add_argument("--due", required=True, metavar="DATE")
    ins.add_argument("--duty", metavar="CODE")
    ins.add_argument("--finding", metavar="FINDING_ID")
    ins.set_defaults(handler=run_inspection_instruct)


def out_path(args) -> Path | None:
    """The PDF to write; None when ``--json`` asks for the figures only."""
    if getattr(args, "out", None) is None:
        if getattr(args, "json", False):
            return None
        raise UserError(_("Say where to write the document: --out FILE.pdf (or --json for its figures only)."))
    return out_file(args.out, pdf=True)


def figures_done(args, result, figures: dict) -> int:
    """The figures as JSON (with the PDF's path and pages when one was written), or the usual line. The
    document commands end here, their database closed and their PDF written: the process may end quickly."""
    may_exit_quickly()
    if args.json:
        if result is not None:
            figures = {**figures, "path": str(result.path), "pages": result.pages}
        print_json(figures)
        return 0
    return report_done(args, result)


def report_done(args, result, **extra) -> int:
    return print_result(args, {"path": str(result.path), "pages": result.pages, **extra},
                        ngettext("Wrote {path} ({pages} page).", "Wrote {path} ({pages} pages).",
                                 result.pages).format(path=result.path, pages=result.pages))


def run_checklist(args) -> int:
    from app.services.reports import annex_limit, build_checklist, check_annex, check_sample_size, checklist_data
    from app.services.reports import checklist_json

    out = out_path(args)
    as_of = parse_date(args.as_of, _("As-of date"), required=False)
    inspection_id = parse_int(args.inspection, _("Inspection id"), minimum=1) if args.inspection else None
    annex = "all" if args.all_overdue else check_annex(args.annex)
    sample = check_sample_size(args.sample) if out is not None else 0  # the figures alone draw no sample
    # a visit's first print keeps its CAS sample with the visit (a write); any other print only reads
    keeps = inspection_id is not None and bool(sample)
    with (open_db(args) if keeps else open_reader(args)) as db:
        require_station(db)
        actor = SYSTEM
        if inspection_id is not None and sample and not inspections.get_inspection(db, inspection_id).info.sample_kept:
            actor = cli_actor(args, db)  # the first print keeps its CAS sample with the visit: who keeps it
        data = checklist_data(db, as_of=as_of, inspection_id=inspection_id, per_person_limit=annex_limit(annex),
                              sample_size=sample)
        result = None if out is None else build_checklist(db, out, lang=args.lang, actor=actor, data=data)
    return figures_done(args, result, checklist_json(data))


def run_slip(args) -> int:
    from app.services.reports import (PLAN_SECTION, build_slips, people_owing, persons_at, slip_data, slip_json,
                                      station_figures)

    out = out_path(args)
    from app.services.obligations import check_not_future, is_past

    ids = [parse_int(p, _("Person id"), minimum=1) for p in args.person]
    if not ids and not args.all:
        raise UserError(_("Say whose slip to print: --person PERSON_ID (repeatable) or --all."))
    as_of = parse_date(args.as_of, _("As-of date"), required=False)
    check_not_future(as_of)
    if args.plan and is_past(as_of):
        raise UserError(_("Today's plan (--plan) is for today: it cannot be printed on a slip for a past day."))
    with open_reader(args) as db:
        require_station(db)
        if args.all:
            ids = ids + [pid for pid in people_owing(db, as_of) if pid not in ids]
            if not ids:
                raise UserError(_("Nobody owes any entry: there is no slip to print."))
        ids = list(dict.fromkeys(ids))
        data = slip_data(db, ids, as_of=as_of, sections=(PLAN_SECTION,) if args.plan else None)
        result = None if out is None else build_slips(db, out, ids, lang=args.lang, data=data)
        if args.json:
            figures = station_figures(db, as_of)
            with db.session() as s:
                persons = persons_at(s, as_of)
    if args.json:
        extra = {"persons": ids}
        if result is not None:
            extra["halves"] = [{"person_id": pid, "halves": n} for pid, n in result.halves]
        return figures_done(args, result, {**slip_json(figures, data[1], data[2], persons), **extra})
    halves = sum(n for _pid, n in result.halves)
    may_exit_quickly()
    return print_result(args, {}, ngettext("Wrote {path}: {slips} slip; half sheets: {halves}, A4 sheets: {pages}.",
                                           "Wrote {path}: {slips} slips; half sheets: {halves}, A4 sheets: {pages}.",
                                           len(ids)).format(path=result.path, slips=len(ids), halves=halves,
                                                            pages=result.pages))


def _period_report(args, read, builder, to_json, **extra) -> int:
    out = out_path(args)
    with open_reader(args) as db:
        require_station(db)
        data = read(db, args.date_from, args.date_to)
        result = None if out is None else builder(db, out, date_from=args.date_from, date_to=args.date_to,
                                                  lang=args.lang, data=data, **extra)
    return figures_done(args, result, to_json(data))


def run_compliance(args) -> int:
    from app.services.reports import build_compliance, compliance_data, compliance_json

    return _period_report(args, compliance_data, build_compliance, compliance_json, letter_no=args.letter_no,
                          enclosures=args.enclosures)


def run_pendency(args) -> int:
    from app.services.reports import build_pendency, pendency_data, pendency_json

    return _period_report(args, pendency_data, build_pendency, pendency_json)


def run_inspection_add(args) -> int:
    with open_db(args) as db:
        require_station(db)
        info = inspections.record_inspection(
            db, visit_date=args.date, officer_name=args.officer, officer_rank=args.rank,
            officer_rank_other=args.rank_other, surprise=args.surprise, notes=args.notes,
            actor=cli_actor(args, db))
    return print_result(args, info.as_dict(),
                        _("Recorded the visit of {officer} on {date} with id {id}.").format(
                            officer=info.officer(), date=as_typed(info.visit_date), id=info.id))


def run_inspection_list(args) -> int:
    with open_db(args) as db:
        items = inspections.list_inspections(db)
    if args.json:
        print_json([i.as_dict() for i in items])
        return 0
    print_table([[i.id, i.visit_date, i.officer(), _("surprise") if i.surprise else _("announced"),
                  i.findings, i.instructions, i.instructions_open] for i in items],
                [_("Id"), _("Date"), _("Officer"), _("Kind"), _("Findings"), _("Instructions"), _("Open")])
    return 0


def run_inspection_show(args) -> int:
    inspection_id = parse_int(args.inspection_id, _("Inspection id"), minimum=1)
    with open_db(args) as db:
        d = inspections.get_inspection(db, inspection_id)
    if args.json:
        print_json({"inspection": d.info.as_dict(), "snapshot": d.snapshot,
                    "findings": [f.as_dict() for f in d.findings],
                    "instructions": [i.as_dict() for i in d.instructions],
                    "previous": d.previous.as_dict() if d.previous else None,
                    "previous_instructions": [i.as_dict() for i in d.previous_instructions]})
        return 0
    sys.stdout.write(_("Visit {id} on {date} by {officer}: {pending} pending, {overdue} overdue then.").format(
        id=d.info.id, date=as_typed(d.info.visit_date), officer=d.info.officer(),
        pending=d.snapshot.get("total_pending", 0), overdue=d.snapshot.get("total_overdue", 0)) + "\n")
    for f in d.findings:
        sys.stdout.write(f"  [{f.duty_code or f.role}] {f.text}\n")
    print_table([[i.id, i.person, i.duty_code, i.due_at.date(), i.status, i.text]
                 for i in d.instructions + d.previous_instructions],
                [_("Id"), _("Person"), _("Duty"), _("Due"), _("Status"), _("Instruction")])
    return 0


def run_inspection_finding(args) -> int:
    inspection_id = parse_int(args.inspection_id, _("Inspection id"), minimum=1)
    with open_db(args) as db:
        f = inspections.add_finding(db, inspection_id, text=args.text, role=args.role,
                                            duty_code=args.duty, satisfactory=args.satisfactory,
                                            actor=cli_actor(args, db))
    return print_result(args, f.as_dict(), _("Recorded finding {id}.").format(id=f.id))


def run_inspection_instruct(args) -> int:
    inspection_id = parse_int(args.inspection_id, _("Inspection id"), minimum=1)
    person_id = parse_int(args.person, _("Person id"), minimum=1)
    finding_id = parse_int(args.finding, _("Finding id"), minimum=1) if args.finding else None
    with open_db(args) as db:
        i = inspections.add_instruction(db, inspection_id, person_id=person_id, text=args.text,
                                                due=args.due, duty_code=args.duty, finding_id=finding_id,
                                                actor=cli_actor(args, db))
    return print_result(args, i.as_dict(),
                        _("{person} owes it under duty {duty} by {due} (obligation {ob}).").format(
                            person=i.person, duty=i.duty_code, due=as_typed(i.due_at.date()), ob=i.obligation_id))

