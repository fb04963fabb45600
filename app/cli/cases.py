"""``case``: register cases, record events on them and correct their particulars; adding prints the CAS entries
created."""

from __future__ import annotations

import sys

from app.i18n import _, ngettext
from app.services import cases
from app.services.core.validate import parse_int
from app.services.core.formatting import as_typed
from app.cli.acting import cli_actor
from app.cli.common import command_group, open_db, open_reader, print_json, print_result, print_table, require_station
from app.services import catalogue


def register(sub, common) -> None:
    """``case``: add, event, update, the corrections, match, show, list and the accused's commands."""
    csub = command_group(sub, "case", _("register a case or record an event on it"))
    _register_add(csub, common)
    _register_event(csub, common)
    _register_update(csub, common)
    register_corrections(csub, common)
    _register_reading(csub, common)

    from app.cli.accused import register_accused

    register_accused(csub, common)


def _register_add(csub, common) -> None:
    """``case add``: register a case."""
    add = csub.add_parser("add", parents=[common], help=_("register a case (FIR, NCR, missing person …)"))
    add.add_argument("kind", metavar="KIND", help=_("one of: {kinds}").format(kinds=", ".join(catalogue.CASE_KINDS)))
    add.add_argument("--number", metavar="N/YYYY", help=_("the case number, e.g. 123/2025 (default: the next one)"))
    add.add_argument("--date", required=True, metavar="DATETIME", help=_("registration date and time, e.g. 2025-03-08 11:00"))
    add.add_argument("--io", metavar="PERSON_ID", help=_("the investigating officer"))
    add.add_argument("--offence-date", dest="offence_date", metavar="DATE")
    add.add_argument("--act", default="", help=_("e.g. BNS (offences from 1 July 2024) or IPC (before)"))
    add.add_argument("--sections", default="", metavar="LIST", help=_("e.g. '303(2), 317(2)'"))
    add.add_argument("--sensitive", action="store_true", help=_("sensitive FIR: not uploaded to the website"))
    add.add_argument("--punishment", choices=sorted(cases.PUNISHMENT_CLASSES),
                     help=_("how the chargesheet clock runs (default: from the sections' maximum punishment)"))
    add.add_argument("--punishment-reason", dest="punishment_reason", metavar="TEXT",
                     help=_("why, when --punishment differs from what the sections give or a section is not known"))
    add.add_argument("--description", default="")
    add.set_defaults(handler=run_add)


def _register_event(csub, common) -> None:
    """``case event``: record what happened on a case."""
    ev = csub.add_parser("event", parents=[common], help=_("record what happened on a case"))
    ev.add_argument("case_id", metavar="CASE_ID")
    ev.add_argument("event", metavar="EVENT", help=_("one of: {kinds}").format(kinds=", ".join(catalogue.EVENT_KINDS)))
    ev.add_argument("--date", required=True, metavar="DATETIME")
    ev.add_argument("--io", metavar="PERSON_ID", help=_("the new IO (for io-change)"))
    ev.add_argument("--person", metavar="PERSON_ID", help=_("the officer concerned (optional)"))
    ev.add_argument("--accused", metavar="ID|NAME",
                    help=_("whose arrest, surrender or remand it is: his id, or a name (a new name adds an accused)"))
    ev.add_argument("--outcome", choices=cases.FINAL_REPORT_OUTCOMES, help=_("for final-report"))
    ev.add_argument("--appearance", metavar="DATE",
                    help=_("summons: the date the court fixed for appearance (A-7 and E-2 fall due the day before)"))
    ev.add_argument("--confirm-before-fir", dest="confirm", action="store_true",
                    help=_("record an arrest or seizure dated more than a few hours before the FIR"))
    ev.set_defaults(handler=run_event)


def _register_update(csub, common) -> None:
    """``case update``: correct a case's particulars."""
    upd = csub.add_parser("update", parents=[common], help=_("correct a case's particulars (audited)"))
    upd.add_argument("case_id", metavar="CASE_ID")
    upd.add_argument("--offence-date", dest="offence_date", metavar="DATE")
    upd.add_argument("--act", help=_("e.g. BNS (offences from 1 July 2024) or IPC (before)"))
    upd.add_argument("--sections", metavar="LIST", help=_("e.g. '303(2), 317(2)'"))
    flag = upd.add_mutually_exclusive_group()
    flag.add_argument("--sensitive", dest="sensitive", action="store_const", const=True,
                      help=_("sensitive FIR: not uploaded to the website"))
    flag.add_argument("--not-sensitive", dest="sensitive", action="store_const", const=False,
                      help=_("not a sensitive FIR"))
    upd.add_argument("--punishment", choices=sorted(cases.PUNISHMENT_CLASSES),
                     help=_("how the chargesheet clock runs"))
    upd.add_argument("--punishment-reason", dest="punishment_reason", metavar="TEXT",
                     help=_("why, when --punishment differs from what the sections give or a section is not known"))
    upd.add_argument("--description")
    upd.add_argument("--reason", metavar="TEXT",
                     help=_("why: needed (and the SHO's right) to change the act, sections, date of offence or class"))
    upd.set_defaults(handler=run_update)


def _register_reading(csub, common) -> None:
    """``case match``, ``case show`` and ``case list``."""
    ma = csub.add_parser("match", parents=[common], help=_("match a missing person with an unidentified person, "
                                                           "body or unnatural death (duty B-12): both cases show it"))
    ma.add_argument("case_id", metavar="CASE_ID")
    ma.add_argument("other_case_id", metavar="OTHER_CASE_ID")
    ma.add_argument("--date", required=True, metavar="DATETIME")
    ma.add_argument("--note", default="")
    ma.set_defaults(handler=run_match)

    show = csub.add_parser("show", parents=[common], help=_("a case with its events and entries"))
    show.add_argument("case_id", metavar="CASE_ID")
    show.set_defaults(handler=run_show)

    ls = csub.add_parser("list", parents=[common], help=_("list cases, newest first"))
    ls.add_argument("--kind")
    ls.add_argument("--year")
    ls.add_argument("--search")
    ls.add_argument("--limit", default="50")
    ls.set_defaults(handler=run_list)


def _opt_id(value, label):
    return None if value in (None, "") else parse_int(value, label, minimum=1)


def print_obligations(rows) -> None:
    if not rows:
        sys.stdout.write(_("No entries.") + "\n")
        return
    print_table([[r.id, r.duty_code, r.form or "", r.role, r.person or _("UNASSIGNED"), r.case_label,
                  r.due_at or "?",
                  _("OVERDUE") if r.overdue else (_("due soon") if r.due_soon else r.status)] for r in rows],
                [_("Id"), _("Duty"), _("Form"), _("Role"), _("Person"), _("Case"), _("Due"), _("Status")])


def run_add(args) -> int:
    kind = cases.check_kind(args.kind)
    io = _opt_id(args.io, _("IO"))
    _check_punishment(kind, args)
    with open_db(args) as db:
        require_station(db)
        result = cases.add_case(
            db, kind, registered_at=args.date, number=args.number or None, offence_date=args.offence_date,
            act=args.act, sections=args.sections, io_person_id=io, sensitive=args.sensitive,
            punishment_class=args.punishment, description=args.description,
            punishment_reason=args.punishment_reason, actor=cli_actor(args, db))
    if args.json:
        print_json({"id": result.case.id, "case": result.case.as_dict(),
                    "obligations": [r.as_dict() for r in result.obligations], "warnings": result.warnings})
        return 0
    sys.stdout.write(_("Registered {case} (id {id}). Entries it creates:").format(
        case=result.case.label, id=result.case.id) + "\n")
    print_obligations(result.obligations)
    for w in result.warnings:
        sys.stderr.write(_("Warning: {message}").format(message=w) + "\n")
    return 0


def _check_punishment(kind: str, args) -> None:
    """An FIR whose sections the punishment table does not fully know needs --punishment with a reason: said here
    with the options' names (the service refuses it too)."""
    from app.services.core.errors import UserError

    if kind != "fir" or (args.punishment_reason or "").strip():
        return
    found = cases.classify_punishment(args.act or "", args.sections or "")
    if not args.punishment and not found.known and not found.empty:
        raise UserError(_("{problem} Pass --punishment CLASS (one of: {classes}) with --punishment-reason TEXT.").format(
            problem=found.reason(), classes=", ".join(cases.PUNISHMENT_CLASSES)))
    if args.punishment and not found.empty and args.punishment != found.punishment_class:
        raise UserError(_("The sections give: {reason}. To set '{chosen}' instead, say why with --punishment-reason "
                          "TEXT.").format(reason=found.reason(), chosen=args.punishment))


def run_event(args) -> int:
    case_id = parse_int(args.case_id, _("Case id"), minimum=1)
    kind = cases.check_event_kind(args.event)
    person = _opt_id(args.io if kind == "io-change" else args.person, _("Person id"))
    if kind == "io-change" and person is None:
        from app.services.core.errors import UserError

        raise UserError(_("Say who the new IO is with --io PERSON_ID."))
    details = {}
    if args.outcome:
        details["outcome"] = args.outcome
    if args.appearance:
        details["appearance"] = args.appearance
    with open_db(args) as db:
        result = confirmed(lambda: cases.add_event(db, case_id, kind, occurred_at=args.date, person_id=person,
                                                   details=details, confirm=args.confirm, accused=args.accused or None,
                                                   actor=cli_actor(args, db)))
    if args.json:
        print_json({"event_id": result.event_id, "obligations": [r.as_dict() for r in result.obligations],
                    "reassigned": result.reassigned, "redated": result.redated, "closed": result.closed,
                    "warnings": result.warnings})
        return 0
    sys.stdout.write(_("Recorded event {id}.").format(id=result.event_id) + "\n")
    if result.obligations:
        print_obligations(result.obligations)
    if result.reassigned:
        n = len(result.reassigned)
        sys.stdout.write(ngettext("{n} open entry handed to the new IO.", "{n} open entries handed to the new IO.", n)
                         .format(n=n) + "\n")
    if result.redated:
        n = len(result.redated)
        sys.stdout.write(ngettext("{n} due date now runs from the first remand.",
                                  "{n} due dates now run from the first remand.", n).format(n=n) + "\n")
    if result.closed and kind != "transfer-out":
        n = len(result.closed)
        sys.stdout.write(ngettext("{n} open entry closed: no longer needed.", "{n} open entries closed: no longer needed.",
                                  n).format(n=n) + "\n")
    elif result.closed:
        n = len(result.closed)
        sys.stdout.write(ngettext("{n} open entry closed: the FIR went to another station.",
                                  "{n} open entries closed: the FIR went to another station.", n).format(n=n) + "\n")
    return 0


def confirmed(call):
    """Run ``call``; a date that needs confirmation says how to give it (exit 2, nothing written)."""
    try:
        return call()
    except cases.NeedsConfirmation as exc:
        from app.services.core.errors import UserError

        raise UserError(exc.message + " " + _("If the date is right, run the command again with --confirm-before-fir.")) from None


def register_corrections(csub, common) -> None:
    """``case edit``, ``case void``, ``case event-edit``, ``case event-void``: corrections with a reason."""
    ed = csub.add_parser("edit", parents=[common], help=_("correct a case's dates, act or sections, with the reason "
                                                          "(its entries are re-dated; the SHO's work)"))
    ed.add_argument("case_id", metavar="CASE_ID")
    ed.add_argument("--registered", metavar="DATETIME", help=_("the registration date and time"))
    ed.add_argument("--offence-date", dest="offence_date", metavar="DATE")
    ed.add_argument("--act", help=_("e.g. BNS (offences from 1 July 2024) or IPC (before)"))
    ed.add_argument("--sections", metavar="LIST", help=_("e.g. '303(2), 317(2)'"))
    ed.add_argument("--reason", required=True, help=_("why (kept in the audit trail)"))
    ed.add_argument("--confirm-before-fir", dest="confirm", action="store_true",
                    help=_("accept an arrest or seizure that is then more than a few hours before the FIR"))
    ed.set_defaults(handler=run_edit)

    vo = csub.add_parser("void", parents=[common], help=_("void a case recorded by mistake: its open entries are "
                                                          "closed with the reason; nothing is deleted"))
    vo.add_argument("case_id", metavar="CASE_ID")
    vo.add_argument("--reason", required=True, help=_("why (kept in the audit trail)"))
    vo.set_defaults(handler=run_void)

    ee = csub.add_parser("event-edit", parents=[common], help=_("correct when an event happened, with the reason"))
    ee.add_argument("event_id", metavar="EVENT_ID")
    ee.add_argument("--date", "--at", dest="date", required=True, metavar="DATETIME")
    ee.add_argument("--reason", required=True, help=_("why (kept in the audit trail)"))
    ee.add_argument("--confirm-before-fir", dest="confirm", action="store_true",
                    help=_("record an arrest or seizure dated more than a few hours before the FIR"))
    ee.set_defaults(handler=run_event_edit)

    ev = csub.add_parser("event-void", parents=[common], help=_("void an event recorded by mistake: its open "
                                                                "entries are closed with the reason"))
    ev.add_argument("event_id", metavar="EVENT_ID")
    ev.add_argument("--reason", required=True, help=_("why (kept in the audit trail)"))
    ev.set_defaults(handler=run_event_void)


def _correction_done(args, result, message: str) -> int:
    if args.json:
        print_json(result.as_dict())
        return 0
    sys.stdout.write(message + "\n")
    if result.redated:
        n = len(result.redated)
        sys.stdout.write(ngettext("{n} open entry re-dated.", "{n} open entries re-dated.", n).format(n=n) + "\n")
    if result.closed:
        n = len(result.closed)
        sys.stdout.write(ngettext("{n} open entry closed with the reason.", "{n} open entries closed with the reason.",
                                  n).format(n=n) + "\n")
    if result.kept:
        n = len(result.kept)
        sys.stdout.write(ngettext("{n} entry already made in CAS is kept as it is (correct it in CAS too if needed).",
                                  "{n} entries already made in CAS are kept as they are (correct them in CAS too if "
                                  "needed).", n).format(n=n) + "\n")
    for w in result.warnings:
        sys.stderr.write(_("Warning: {message}").format(message=w) + "\n")
    return 0


def run_edit(args) -> int:
    case_id = parse_int(args.case_id, _("Case id"), minimum=1)
    with open_db(args) as db:
        result = _punishment_hint(lambda: confirmed(lambda: cases.edit_case(
            db, case_id, reason=args.reason, registered_at=args.registered, offence_date=args.offence_date,
            act=args.act, sections=args.sections, confirm=args.confirm, actor=cli_actor(args, db))))
    return _correction_done(args, result, _("Corrected case {id}.").format(id=case_id))


def run_void(args) -> int:
    case_id = parse_int(args.case_id, _("Case id"), minimum=1)
    with open_db(args) as db:
        result = cases.void_case(db, case_id, reason=args.reason, actor=cli_actor(args, db))
    return _correction_done(args, result, _("Voided case {id}.").format(id=case_id))


def run_event_edit(args) -> int:
    event_id = parse_int(args.event_id, _("Event id"), minimum=1)
    with open_db(args) as db:
        result = confirmed(lambda: cases.edit_event(db, event_id, occurred_at=args.date, reason=args.reason,
                                                    confirm=args.confirm, actor=cli_actor(args, db)))
    return _correction_done(args, result, _("Corrected event {id}.").format(id=event_id))


def run_event_void(args) -> int:
    event_id = parse_int(args.event_id, _("Event id"), minimum=1)
    with open_db(args) as db:
        result = cases.void_event(db, event_id, reason=args.reason, actor=cli_actor(args, db))
    return _correction_done(args, result, _("Voided event {id}.").format(id=event_id))


def run_match(args) -> int:
    case_id = parse_int(args.case_id, _("Case id"), minimum=1)
    other = parse_int(args.other_case_id, _("Case id"), minimum=1)
    with open_db(args) as db:
        ids = cases.match_cases(db, case_id, other, occurred_at=args.date, note=args.note, actor=cli_actor(args, db))
    return print_result(args, {"event_ids": list(ids), "case_id": case_id, "other_case_id": other},
                        _("Matched case {id} with case {other}.").format(id=case_id, other=other))


def _punishment_hint(call):
    """A refusal about the punishment class names the options that answer it."""
    from app.services.core.errors import UserError

    try:
        return call()
    except UserError as exc:
        if exc.field not in ("punishment_class", "punishment_reason"):
            raise
        raise UserError(exc.message + " " + _("(case update CASE_ID --punishment CLASS --punishment-reason TEXT)"),
                        field=exc.field) from None


def run_update(args) -> int:
    case_id = parse_int(args.case_id, _("Case id"), minimum=1)
    with open_db(args) as db:
        info = _punishment_hint(lambda: cases.update_case(
            db, case_id, sensitive=args.sensitive, punishment_class=args.punishment, act=args.act,
            sections=args.sections, offence_date=args.offence_date, description=args.description,
            punishment_reason=args.punishment_reason, reason=args.reason, actor=cli_actor(args, db)))
    return print_result(args, info.as_dict(), _("Corrected the particulars of {case} (id {id}).").format(
        case=info.label, id=info.id))


def run_show(args) -> int:
    case_id = parse_int(args.case_id, _("Case id"), minimum=1)
    with open_reader(args, reads_rules=True) as db:  # its accused's clocks
        detail = cases.get_case(db, case_id)
    if args.json:
        print_json({"case": detail.info.as_dict(), "events": [e.as_dict() for e in detail.events],
                    "obligations": [r.as_dict() for r in detail.obligations], "links": detail.links,
                    "accused": [a.as_dict() for a in detail.accused]})
        return 0
    i = detail.info
    sys.stdout.write(f"{i.label}  ({_(catalogue.CASE_KINDS[i.kind])})\n")
    sys.stdout.write(_("Registered: {at}   IO: {io}   Act: {act} {sections}").format(
        at=i.registered_at.strftime("%Y-%m-%d %H:%M"), io=i.io_name or _("none"), act=i.act, sections=i.sections) + "\n")
    for link in detail.links:
        sys.stdout.write(_("Matched with {case} (case id {id}) on {date}.").format(
            case=link["label"], id=link["case_id"], date=as_typed(link["at"])) + "\n")
    if i.status == "void":
        sys.stdout.write(_("VOIDED: its open entries were closed with the reason (see the audit trail).") + "\n")
    if i.kind == "fir":
        sys.stdout.write(_("Punishment class: {cls} — {basis}").format(
            cls=_(cases.PUNISHMENT_CLASSES[i.punishment_class]) if i.punishment_class in cases.PUNISHMENT_CLASSES
            else _("not known"), basis=i.punishment_basis or "—") + "\n")
        if i.sensitive and i.punishment_class == "sexual":
            sys.stdout.write(cases.sexual_fir_note() + "\n")
    for e in detail.events:
        line = f"  {e.occurred_at:%Y-%m-%d %H:%M}  {_(catalogue.EVENT_KINDS.get(e.kind, e.kind))}  [{e.id}]"
        if e.voided:
            line += "  " + _("VOIDED: {reason}").format(reason=e.voided.get("reason", ""))
        sys.stdout.write(line + "\n")
    if detail.accused:
        from app.cli.accused import print_accused

        print_accused(detail.accused)
    print_obligations(detail.obligations)
    return 0


def run_list(args) -> int:
    year = _opt_id(args.year, _("Year"))
    limit = parse_int(args.limit, _("Limit"), minimum=1, maximum=5000)
    with open_reader(args) as db:
        found = cases.list_cases(db, kind=args.kind, year=year, search=args.search, limit=limit)
    if args.json:
        print_json([c.as_dict() for c in found])
        return 0
    print_table([[c.id, c.label, c.registered_at, c.act, c.sections, c.io_name or "",
                  c.status] for c in found],
                [_("Id"), _("Case"), _("Registered"), _("Act"), _("Sections"), _("IO"), _("Status")])
    return 0
