"""Today's plan for one person: the open entries to make first, and what making them does to the figures.

The order: first the IO's entries owed on cases where an accused in custody nears his default-bail day (the
statutory clock of BNSS 187(3), most urgent accused first, the chargesheet entry first on each case), then
the person's oldest overdue entries. What clearing them does is computed from the same counts the Today
page and the lists show: the person's overdue count, each role's overdue count at the station, and for each
CAS form in the plan the share of its entries due in the last ``WINDOW_DAYS`` days that are made in CAS.

Entering an overdue entry now makes it *late*, not *on time*: the plan never claims an on-time share rises
from clearing overdue work; it says how many are made.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.i18n import _, bilingual, ngettext
from app.services import cases, catalogue, obligations
from app.services.core.formatting import format_date, format_number, format_percent
from app.services.core import clock
from app.services.core.errors import UserError
from app.services.core.validate import parse_int
from app.services.staff import list_persons
from app.services.storage import Database

DEFAULT_SIZE = 12
MAX_SIZE = 200
CLOCK_WITHIN_DAYS = 30  # an accused whose default-bail day is this near (or past) puts his case first
WINDOW_DAYS = 90  # the forms' "made in CAS" share: entries due in the last 90 days, today included


@dataclass(frozen=True)
class PlanItem:
    entry: obligations.ObligationRow
    reason: str  # "clock": an accused's default-bail day is near; "overdue": the oldest overdue first; "due"
    accused: str = ""  # for "clock": the accused in custody whose day is nearest
    last_day: dt.date | None = None  # for "clock": his last day before default bail
    days_left: int | None = None  # for "clock": 0 = today is his last day, < 0 = default bail already accrued

    def as_dict(self) -> dict:
        return {**self.entry.as_dict(), "reason": self.reason, "accused": self.accused or None,
                "last_day": self.last_day, "days_left": self.days_left}


@dataclass(frozen=True)
class CountChange:
    """A figure before and after the plan's entries are made."""
    key: str  # the role code, or the form
    before: int
    after: int

    def as_dict(self) -> dict:
        return {"key": self.key, "before": self.before, "after": self.after}


@dataclass(frozen=True)
class ShareChange:
    """A form's entries due in the window: how many are made in CAS, before and after the plan."""
    form: str
    due: int
    made_before: int
    made_after: int

    @property
    def share_before(self) -> float:
        return self.made_before / self.due if self.due else 0.0

    @property
    def share_after(self) -> float:
        return self.made_after / self.due if self.due else 0.0

    def as_dict(self) -> dict:
        return {"form": self.form, "due": self.due, "made_before": self.made_before, "made_after": self.made_after,
                "share_before": round(self.share_before, 4), "share_after": round(self.share_after, 4)}


@dataclass(frozen=True)
class TodayPlan:
    person_id: int
    person: str
    rank: str
    as_of: dt.datetime
    items: list[PlanItem]
    person_overdue: CountChange  # key: ""
    role_overdue: list[CountChange] = field(default_factory=list)  # the station's overdue per role
    forms: list[ShareChange] = field(default_factory=list)
    window_from: dt.date | None = None
    open_total: int = 0  # every open entry the person owes
    role_names: dict[str, tuple[str, str]] = field(default_factory=dict)  # code → (Hindi, English)

    def role_name(self, code: str) -> str:
        hi, en = self.role_names.get(code, (code, code))
        return bilingual(hi, en)

    @property
    def clock_items(self) -> int:
        return sum(1 for i in self.items if i.reason == "clock")

    def as_dict(self) -> dict:
        return {"person_id": self.person_id, "person": self.person, "rank": self.rank, "as_of": self.as_of,
                "open_total": self.open_total, "items": [i.as_dict() for i in self.items],
                "person_overdue": self.person_overdue.as_dict(),
                "role_overdue": [c.as_dict() for c in self.role_overdue],
                "window_from": self.window_from, "forms": [f.as_dict() for f in self.forms]}


def today_plan(db: Database, person_id: int, *, size: int | str = DEFAULT_SIZE, clocks: list | None = None) -> TodayPlan:
    """The plan for ``person_id`` now: at most ``size`` entries (1 to 200). ``clocks``: the station's statutory
    clocks already read now (``cases.statutory_clocks(db, within_days=CLOCK_WITHIN_DAYS)``), when planning for
    many people at once."""
    size = parse_int(size, _("Number of entries"), minimum=1, maximum=MAX_SIZE)
    person = next((p for p in list_persons(db) if p.id == person_id), None)
    if person is None:
        raise UserError(_("There is no person with id {id} on the staff list.").format(id=person_id))
    now = clock.now()
    mine = obligations.ObligationFilter(person_id=person_id)
    open_ids = obligations.ids(db, mine, "due")
    chosen: list[PlanItem] = []
    taken: set[int] = set()
    if open_ids:
        if clocks is None:
            clocks = cases.statutory_clocks(db, within_days=CLOCK_WITHIN_DAYS)
        chosen += _clock_items(db, clocks, set(open_ids), size)
        taken = {i.entry.id for i in chosen}
        if len(chosen) < size:
            overdue = obligations.ids(db, obligations.ObligationFilter(person_id=person_id, overdue=True), "due",
                                      limit=size + len(taken))
            rest = [i for i in overdue if i not in taken][: size - len(chosen)]
            chosen += [PlanItem(r, "overdue") for r in obligations.rows(db, rest)]
        if len(chosen) < size:  # nothing overdue left: the next ones due
            taken = {i.entry.id for i in chosen}
            rest = [i for i in open_ids if i not in taken][: size - len(chosen)]
            chosen += [PlanItem(r, "due") for r in obligations.rows(db, rest)]
    return _with_effects(db, person, now, chosen, len(open_ids))


def _clock_items(db: Database, clocks: list, mine: set[int], size: int) -> list[PlanItem]:
    """The person's IO entries on cases with an accused near (or past) his default-bail day: the most urgent
    accused's case first, the chargesheet entry (C-4, IIF-5) first within a case. (The clock is the
    investigation's: the remand papers or jail details the court pairokar owes on such a case do not stop it.)"""
    items: list[PlanItem] = []
    seen: set[int] = set()
    for clk in clocks:  # the most urgent first
        owed = [o.id for o in clk.owed if o.id in mine and o.id not in seen]
        owed = [r.id for r in obligations.rows(db, owed) if r.role == "io"] if owed else []
        if not owed:
            continue
        rows = sorted(obligations.rows(db, owed) if owed else [],
                      key=lambda r: (r.duty_code != cases.CHARGESHEET_DUTY, r.due_at is None, r.due_at, r.id))
        for r in rows:
            seen.add(r.id)
            items.append(PlanItem(r, "clock", clk.accused, clk.default_bail_at.date(), clk.days_left))
            if len(items) >= size:
                return items
    return items


def _with_effects(db: Database, person, now: dt.datetime, items: list[PlanItem], open_total: int) -> TodayPlan:
    overdue_items = [i.entry for i in items if i.entry.overdue]
    person_before = obligations.count(db, obligations.ObligationFilter(person_id=person.id, overdue=True))
    roles = sorted({i.entry.role for i in items})
    role_changes = []
    for role in roles:
        before = obligations.count(db, obligations.ObligationFilter(role=role, overdue=True))
        role_changes.append(CountChange(role, before, before - sum(1 for e in overdue_items if e.role == role)))
    today = now.date()
    start = today - dt.timedelta(days=WINDOW_DAYS - 1)
    window_start = dt.datetime.combine(start, dt.time())
    window_end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time())
    forms = sorted({i.entry.form for i in items if i.entry.form})
    shares = []
    if forms:
        by_form = {r.key: r for r in obligations.scores(db, start, today).by_form}
        for form in forms:
            row = by_form.get(form)
            if row is None:
                continue
            made = row.on_time + row.late
            cleared = sum(1 for i in items if i.entry.form == form and i.entry.due_at is not None
                          and window_start <= i.entry.due_at < window_end)
            shares.append(ShareChange(form, row.total, made, made + cleared))
    names = {r.code: (r.name_hi, r.name_en) for r in catalogue.list_roles(db)}
    return TodayPlan(person.id, person.name, person.rank, now, items,
                     CountChange("", person_before, person_before - len(overdue_items)), role_changes, shares,
                     start, open_total, names)


def summary_lines(plan: TodayPlan, *, shares: bool = True) -> list[str]:
    """What the plan asks and what clearing it does, as sentences in the current language (the window and the
    slip say the same; the slip leaves out the forms' shares, ``shares=False``, to stay short)."""
    n = len(plan.items)
    if n == 0:
        return [_("{name} has no open entries: nothing to clear today.").format(name=plan.person)]
    lines = [ngettext("Clear this entry first.", "Clear these {n} entries first.", n).format(n=format_number(n))]
    if plan.clock_items:
        lines.append(ngettext(
            "{n} of them is on a case whose accused nears his default-bail day (BNSS 187(3)).",
            "{n} of them are on cases whose accused near their default-bail day (BNSS 187(3)).",
            plan.clock_items).format(n=format_number(plan.clock_items)))
    po = plan.person_overdue
    if po.before != po.after:
        lines.append(_("{name}'s overdue entries fall from {before} to {after}.").format(
            name=plan.person, before=format_number(po.before), after=format_number(po.after)))
    for change in plan.role_overdue:
        if change.before != change.after:
            lines.append(_("The station's overdue entries for the role {role} fall from {before} to {after}.").format(
                role=plan.role_name(change.key), before=format_number(change.before),
                after=format_number(change.after)))
    for share in plan.forms if shares else ():
        if share.made_after != share.made_before:
            lines.append(_("{form} made in CAS, of the {due} due since {date}: from {before} ({before_share}) to "
                           "{after} ({after_share}).").format(
                form=share.form, due=format_number(share.due), date=format_date(plan.window_from),
                before=format_number(share.made_before), before_share=format_percent(share.share_before, decimals=1),
                after=format_number(share.made_after), after_share=format_percent(share.share_after, decimals=1)))
    return lines


def reason_text(item: PlanItem) -> str:
    """Why the entry is in the plan, for a table cell or a slip line."""
    if item.reason == "clock":
        if item.days_left is not None and item.days_left < 0:
            return _("Default bail already accrued to {accused} (last day {date})").format(
                accused=item.accused, date=format_date(item.last_day))
        if item.days_left == 0:
            return _("{accused} in custody: today is the last day").format(accused=item.accused)
        return ngettext("{accused} in custody: {n} day left (last day {date})",
                        "{accused} in custody: {n} days left (last day {date})", item.days_left or 0).format(
            accused=item.accused, n=format_number(item.days_left or 0), date=format_date(item.last_day))
    if item.reason == "overdue":
        return _("Overdue since {date}").format(date=format_date(item.entry.due_at.date()))
    return _("Due {date}").format(date=format_date(item.entry.due_at.date())) if item.entry.due_at else _("No due date")
