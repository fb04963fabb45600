"""``rollup stations``, ``rollup station CODE``, ``rollup plan``, ``rollup report``: the supervisors' views over the
circle or district rollup (app.services.rollup_views). The ``rollup`` command group (app/cli/rollup.py) adds them
with ``register_views``; every one takes ``--url`` as the other ``rollup`` actions do."""

from __future__ import annotations

import sys

from app.i18n import _, current_language
from app.cli.common import out_file, print_json, print_table


def register_views(parser) -> None:
    """Add the view actions; ``parser(name, help)`` makes a ``rollup`` action with the common options and --url."""
    p = parser("stations", _("the stations of a circle or district ranked worst first, from their latest bundles"))
    _scope_options(p)
    p.add_argument("--silent-days", dest="silent_days", metavar="N",
                   help=_("flag stations that sent no bundle for N days or more (default 14)"))
    p.set_defaults(handler=run_stations)
    p = parser("station", _("one station drilled down: roles, persons, pending entries, 12-week trend"))
    p.add_argument("station", metavar="CODE", help=_("the station's code or uid"))
    p.add_argument("--person", metavar="PERSON_ID", help=_("only this person's pending entries"))
    p.add_argument("--unassigned", action="store_true", help=_("only the entries nobody owes"))
    p.add_argument("--role", help=_("only this role's pending entries (sho, mohrir, io, operator, court)"))
    p.add_argument("--limit", default="200", help=_("at most this many pending entries (default 200)"))
    p.add_argument("--silent-days", dest="silent_days", metavar="N",
                   help=_("flag stations that sent no bundle for N days or more (default 14)"))
    p.set_defaults(handler=run_station)
    p = parser("plan", _("inspection planner: stations not inspected for N days, worst first"))
    _scope_options(p)
    p.add_argument("--days", metavar="N", help=_("not inspected for this many days or more (default 90)"))
    p.add_argument("--all", dest="include_all", action="store_true",
                   help=_("list every station, the ones due for a visit first"))
    p.set_defaults(handler=run_plan)
    p = parser("checklist", _("the visit's checklist of one station (PDF): its figures, the oldest overdue entries, "
                              "the checks to make"))
    p.add_argument("station", metavar="CODE", help=_("the station's code or uid"))
    p.add_argument("--out", required=True, metavar="FILE", help=_("the PDF file to write"))
    p.add_argument("--doc-lang", dest="doc_lang", default="hi", help=_("the document's language: hi, en or both"))
    p.set_defaults(handler=run_checklist)
    p = parser("report", _("the circle or district compliance report (अनुपालन आख्या) as an office letter (PDF)"))
    _scope_options(p)
    p.add_argument("--out", required=True, metavar="FILE", help=_("the PDF file to write"))
    p.add_argument("--doc-lang", dest="doc_lang", default="hi", help=_("the document's language: hi, en or both"))
    p.add_argument("--letter-no", dest="letter_no", help=_("the letter's number (पत्रांक) from the dispatch register"))
    p.add_argument("--enclosure", action="append", default=[], help=_("an enclosure to list (repeat for more)"))
    p.add_argument("--silent-days", dest="silent_days", metavar="N",
                   help=_("flag stations that sent no bundle for N days or more (default 14)"))
    p.add_argument("--visit-days", dest="visit_days", metavar="N",
                   help=_("a station not inspected for N days is due for a visit (default 90)"))
    p.set_defaults(handler=run_report)


def _scope_options(p) -> None:
    p.add_argument("--circle", help=_("only this circle's stations (a CO's view; default: every circle)"))
    p.add_argument("--district", help=_("only this district's stations (needed when a circle's name is in two)"))


def _int_or_none(value, label: str):
    from app.services.core.validate import parse_int

    return None if value is None else parse_int(value, label, minimum=1)


def _cell(value) -> str:
    return "–" if value is None else str(value)


def run_stations(args) -> int:
    from app.services import rollup, rollup_views

    with rollup.open_rollup(args.url) as store:
        scope, rows = rollup_views.ranked_stations(store, district=args.district, circle=args.circle,
                                                   silent_days=args.silent_days)
    if args.json:
        print_json([r.as_dict() for r in rows])
        return 0
    table = []
    for r in rows:
        flags = []
        if not r.imported:
            flags.append(_("NO DATA"))
        elif r.silent:
            flags.append(_("SILENT {days} d").format(days=r.silent_days))
        if r.needs_full:
            flags.append(_("FULL ASKED"))
        share = r.on_time_total.share
        got = r.imported
        table.append([r.rank, r.code, r.name, r.circle, r.pending if got else None, r.overdue if got else None,
                      *[r.bands.get(b, 0) if got else None for b in rollup_views.BANDS],
                      r.missed if got else None, r.awaiting_verification if got else None,
                      r.near_bail if got else None, "–" if share is None else f"{round(share * 100)}%",
                      r.as_of.strftime("%Y-%m-%d %H:%M") if r.as_of else None, " ".join(flags)])
    print_table([[_cell(c) for c in row] for row in table],
                [_("Ranked"), _("Code"), _("Station"), _("Circle"), _("Pending"), _("Overdue"), "0-7", "8-30", "31-90",
                 "90+", _("Missed"), _("To verify"), _("Near bail"), _("On time 12w"), _("Figures as at"), _("Flags")])
    tt = rollup_views.totals(rows)
    sys.stdout.write(_("{stations} stations ({silent} silent or without data); {pending} pending, {overdue} overdue, "
                       "{old} over 90 days; {bail} accused near default bail.").format(
        stations=tt.stations, silent=tt.silent, pending=tt.pending, overdue=tt.overdue, old=tt.bands.get("90+", 0),
        bail=tt.near_bail) + "\n")
    return 0


def run_station(args) -> int:
    from app.services import rollup, rollup_views

    person = _int_or_none(args.person, _("Person id"))
    with rollup.open_rollup(args.url) as store:
        d = rollup_views.station_view(store, args.station, person_id=person, unassigned=args.unassigned,
                                      role=(args.role or "").strip().lower() or None, limit=args.limit,
                                      silent_days=args.silent_days)
    if args.json:
        print_json(d.as_dict())
        return 0
    r = d.row
    out = sys.stdout
    out.write(_("{name} ({code}), circle {circle}, district {district}: rank {rank} of {count}.").format(
        name=r.name, code=r.code or "-", circle=r.circle or "-", district=r.district, rank=r.rank,
        count=d.rank_in) + "\n")
    if not r.imported:
        out.write(_("No bundle has been imported from this station yet.") + "\n")
        return 0
    out.write(_("Figures as at {moment} (bundle {seq}); {pending} pending, {overdue} overdue, {missed} missed, "
                "{waiting} awaiting verification, {bail} accused near default bail.").format(
        moment=r.as_of.strftime("%Y-%m-%d %H:%M"), seq=r.last_sequence, pending=r.pending, overdue=r.overdue,
        missed=r.missed, waiting=r.awaiting_verification, bail=r.near_bail) + "\n\n")
    print_table([[x.code, x.name_hi if current_language() == "hi" else x.name_en, x.tally.pending, x.tally.overdue,
                  *[x.tally.bands.get(b, 0) for b in rollup_views.BANDS], x.tally.missed,
                  x.tally.awaiting_verification] for x in d.roles],
                [_("Role"), _("Name"), _("Pending"), _("Overdue"), "0-7", "8-30", "31-90", "90+", _("Missed"),
                 _("To verify")])
    out.write("\n")
    print_table([[p.person_id if p.person_id is not None else "-", p.name_text(_) or _("UNASSIGNED"), p.rank,
                  ",".join(p.roles), p.tally.pending, p.tally.overdue, p.tally.missed, p.tally.awaiting_verification]
                 for p in d.persons],
                [_("Id"), _("Person"), _("Rank"), _("Roles"), _("Pending"), _("Overdue"), _("Missed"), _("To verify")])
    out.write("\n")
    print_table([[w.start, w.due, w.on_time, w.late, w.missed, w.still_pending, w.made, w.verified]
                 for w in d.weeks],
                [_("Week of"), _("Fell due"), _("On time"), _("Late"), _("Missed"), _("Still pending"), _("Made"),
                 _("Verified")])
    out.write("\n")
    print_table([[e.origin_id, e.duty_code, e.form, e.role_code, e.person_text(_) or _("UNASSIGNED"), e.case_text(_),
                  e.due_at or "?",
                  "" if e.days_overdue is None else e.days_overdue] for e in d.entries],
                [_("Id"), _("Duty"), _("Form"), _("Role"), _("Person"), _("Case"), _("Due"), _("Days overdue")])
    out.write(_("{shown} of {total} pending entries shown.").format(shown=len(d.entries), total=d.entries_total)
              + "\n")
    return 0


def run_plan(args) -> int:
    from app.services import rollup, rollup_views

    with rollup.open_rollup(args.url) as store:
        scope, lines = rollup_views.plan_view(store, district=args.district, circle=args.circle, days=args.days,
                                              include_all=args.include_all)
    if args.json:
        print_json([p.as_dict() for p in lines])
        return 0
    if not lines:
        sys.stdout.write(_("Every station was inspected recently; none is due for a visit.") + "\n")
        return 0
    print_table([[p.row.rank, p.row.code, p.row.name, p.row.circle,
                  p.last_visit or _("never"), p.officer,
                  "" if p.days_since is None else p.days_since, _("due") if p.due else "",
                  _cell(p.row.overdue if p.row.imported else None)] for p in lines],
                [_("Ranked"), _("Code"), _("Station"), _("Circle"), _("Last inspection"), _("By"), _("Days since"),
                 _("Visit"), _("Overdue")])
    sys.stdout.write(_("The visit's checklist: python -m app rollup checklist CODE --out FILE, or File → Open "
                       "rollup… in the window.") + "\n")
    return 0


def run_report(args) -> int:
    from app.services import rollup, rollup_views
    from app.services.reports import DocLang

    DocLang(args.doc_lang)
    out = out_file(args.out, pdf=True)
    with rollup.open_rollup(args.url) as store:
        pages, data = rollup_views.write_report(
            store, out, district=args.district, circle=args.circle, lang=args.doc_lang, letter_no=args.letter_no,
            enclosures=args.enclosure, silent_days=args.silent_days, visit_days=args.visit_days)
    if args.json:
        print_json({"path": str(out), "pages": pages, "stations": len(data.rows), **data.scope.as_dict()})
        return 0
    sys.stdout.write(_("Compliance report written: {path} ({pages} pages, {count} stations).").format(
        path=out, pages=pages, count=len(data.rows)) + "\n")
    return 0



def run_checklist(args) -> int:
    from app.services import rollup, rollup_views
    from app.services.reports import DocLang

    DocLang(args.doc_lang)
    out = out_file(args.out, pdf=True)
    with rollup.open_rollup(args.url) as store:
        pages, d = rollup_views.write_visit_checklist(store, args.station, out, lang=args.doc_lang)
    if args.json:
        print_json({"path": str(out), "pages": pages, "station": d.row.code})
        return 0
    sys.stdout.write(_("Visit checklist written: {path} ({pages} pages).").format(path=out, pages=pages) + "\n")
    return 0
