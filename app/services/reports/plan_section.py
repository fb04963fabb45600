"""Today's plan on the roll-call slip (``slip.EXTRA_SECTIONS``): the entries to make first — the IO's entries on
cases whose accused nears his default-bail day, then the oldest overdue — and what making them does to the
counts (``app.services.plan``), in the slip's main language (Hindi in a two-language slip, as its duty names:
the slip stays one or two half sheets). Printed only on a
slip of today (a slip of a past date has no plan), for someone who owes something, and only on request
(``slip.PLAN_SECTION``): the slip itself is two half sheets, the plan may add a third."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from app.i18n import language_scope
from app.services import cases, plan
from app.services.core import clock
from app.services.reports.common import DocLang

SLIP_SIZE = 4  # the slip's plan: short, the slip also lists the oldest overdue and the counts per duty
LIVE_SLACK = dt.timedelta(minutes=10)


class _InSession:
    """The slip's own session where a service expects a database (read only, nothing committed here)."""

    def __init__(self, session):
        self._session = session

    @contextmanager
    def session(self):
        yield self._session


def collect_plan(session, person_id: int, moment: dt.datetime):
    """The person's plan now, or None (a slip of a past moment, or nothing open)."""
    if moment < clock.now() - LIVE_SLACK:
        return None
    db = _InSession(session)
    clocks = session.info.get("plan_clocks")
    if clocks is None:  # read once for every slip printed in this session
        clocks = session.info["plan_clocks"] = cases.statutory_clocks(db, within_days=plan.CLOCK_WITHIN_DAYS)
    today = plan.today_plan(db, person_id, size=SLIP_SIZE, clocks=clocks)
    return today if today.items else None


def render_plan(today, lang: DocLang, width: float) -> list:
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Spacer

    from app.services.pdf import para, table

    _ = lang
    rows = [[_("No."), _("Why first"), _("Case"), _("Duty"), _("Due")]]
    first = [i for i in today.items if i.reason == "clock"]  # the overdue ones are the slip's own first table
    for n, item in enumerate(first, start=1):
        e = item.entry
        with language_scope(lang.primary):  # in the slip's main language, as its duty names (short rows)
            why = plan.reason_text(item)
        rows.append([lang.number(n), why,
                     lang.case(e.case_label, with_sections=False) if e.case_label else "—",
                     e.duty_code + (f" {e.form}" if e.form else ""),
                     lang.short_date(e.due_at.date()) if e.due_at else "—"])
    no_w, duty_w, due_w = 12 * mm, 22 * mm, 20 * mm
    case_w = (width - no_w - duty_w - due_w) * 0.42
    why_w = width - no_w - duty_w - due_w - case_w
    with language_scope(lang.primary):  # one paragraph in the slip's main language: the slip stays short
        summary = " ".join(plan.summary_lines(today))
    out = [KeepTogether([para(_("Today's plan"), "cell_bold"), Spacer(1, 1 * mm), para(str(summary), "small")])]
    if first:
        out += [Spacer(1, 1 * mm), table(rows, [no_w, why_w, case_w, duty_w, due_w])]
    rest = len(today.items) - len(first)
    if rest:  # at most SLIP_SIZE, so among the slip's FIRST_ENTRIES oldest overdue (clock entries aside)
        out.append(para(_("Then the {n} oldest overdue entries listed at the top of this slip.").format(
            n=lang.number(rest)), "small"))
    return out
