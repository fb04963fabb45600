"""The supervisors' views over an opened rollup store (``rollup.open_rollup``: anything with an ``engine``): each
call reads in one connection and returns plain values."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from app.services.core import atomic, clock

from app.services.rollup_views import detail, planner, ranking, report
from app.services.rollup_views.ranking import Scope, StationRow


def ranked_stations(store, *, district: str | None = None, circle: str | None = None, silent_days=None,
                    today: dt.date | None = None) -> tuple[Scope, list[StationRow]]:
    """The stations of the scope, worst first (``rollup stations``). Bad input raises ``UserError``."""
    days = ranking.check_silent_days(silent_days)
    with store.engine.connect() as conn:
        return ranking.scoped_rows(conn, district, circle, silent_days=days, today=today)


def station_view(store, code: str, *, person_id: int | None = None, unassigned: bool = False,
                 role: str | None = None, limit=None, silent_days=None,
                 today: dt.date | None = None) -> detail.StationDetail:
    """One station drilled down (``rollup station CODE``)."""
    from app.i18n import _
    from app.services.core.errors import UserError
    from app.services.core.validate import parse_int

    days = ranking.check_silent_days(silent_days)
    if role is not None:
        from app.services import catalogue

        if role not in catalogue.role_codes():
            raise UserError(_("Unknown role '{role}'. The roles are: {roles}.").format(
                role=role, roles=", ".join(catalogue.role_codes())))
    limit = parse_int(limit if limit is not None else detail.DEFAULT_ENTRIES, _("Limit"), minimum=1,
                      maximum=detail.MAX_ENTRIES)
    with store.engine.connect() as conn:
        return detail.station_detail(conn, code, person_id=person_id, unassigned=unassigned, role=role, limit=limit,
                                     silent_days=days, today=today)


def plan_view(store, *, district: str | None = None, circle: str | None = None, days=None,
              include_all: bool = False, today: dt.date | None = None) -> tuple[Scope, list[planner.PlanLine]]:
    """The inspection planner (``rollup plan``): stations not inspected for ``days`` or more, worst first."""
    days = planner.check_days(days)
    today = today or clock.today()
    with store.engine.connect() as conn:
        # the plan shows no on-time figure: its rows are read without them (``row.on_time`` is empty)
        scope, ranked = ranking.scoped_rows(conn, district, circle, silent_days=ranking.DEFAULT_SILENT_DAYS,
                                            today=today, with_on_time=False)
        return scope, planner.plan_lines(conn, ranked, days=days, include_all=include_all, today=today)


def write_report(store, out, *, district: str | None = None, circle: str | None = None, lang: str = "hi",
                 letter_no: str | None = None, enclosures=(), silent_days=None, visit_days=None,
                 today: dt.date | None = None):
    """The circle (with ``circle``) or district compliance report as an office letter; returns (pages, data)."""
    from app.services.reports import DocLang

    DocLang(lang)  # an unknown language is refused before anything is read
    days = ranking.check_silent_days(silent_days)
    visit = planner.check_days(visit_days)
    with store.engine.connect() as conn:
        scope = ranking.check_scope(conn, district, circle)
        if scope.circle is None:  # a CO's own login (it sees one circle): his circle's letter, not the SP's
            from app.services.rollup import reader_circle

            scope = Scope(scope.district, reader_circle(conn))
        if hasattr(out, "write"):
            return report.build_rollup_report(conn, out, scope, lang=lang, letter_no=letter_no,
                                              enclosures=enclosures, silent_days=days, visit_days=visit, today=today)
        buffer = io.BytesIO()  # built whole first: a refused or failed report leaves no file, never half of one
        result = report.build_rollup_report(conn, buffer, scope, lang=lang, letter_no=letter_no,
                                            enclosures=enclosures, silent_days=days, visit_days=visit, today=today)
    atomic.write_bytes(Path(out), buffer.getvalue())
    return result


def write_visit_checklist(store, code: str, out, *, lang: str = "hi", silent_days=None,
                          today: dt.date | None = None):
    """The visit's checklist of one station (PDF); returns (pages, detail). ``out``: a path or a binary stream."""
    from app.services.reports import DocLang
    from app.services.rollup_views import checklist

    DocLang(lang)
    days = ranking.check_silent_days(silent_days)
    with store.engine.connect() as conn:
        if hasattr(out, "write"):
            return checklist.build_visit_checklist(conn, code, out, lang=lang, silent_days=days, today=today)
        buffer = io.BytesIO()
        result = checklist.build_visit_checklist(conn, code, buffer, lang=lang, silent_days=days, today=today)
    atomic.write_bytes(Path(out), buffer.getvalue())
    return result


def places(store) -> list[tuple[str, str]]:
    """Every (district, circle) the rollup holds stations of (for choosing a scope)."""
    with store.engine.connect() as conn:
        return ranking.places(conn)
