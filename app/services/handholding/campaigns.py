"""Campaigns (D-24: complete CCTNS drives within the set time).

A campaign has a deadline and a target: either a count of entries (progress is reported as work is
done, each report appended), or a fixed list of owed entries (obligations) chosen when it starts —
by their ids, or by a filter (form, role, due dates) whose pending entries are taken at that moment.
Progress of a list is read from the entries themselves: entered, verified or marked not applicable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.i18n import _
from app.models.obligations import Obligation
from app.models.handholding import Campaign, CampaignItem, CampaignProgress
from app.services import audit
from app.services.core import clock
from app.services.access import SYSTEM, Actor
from app.services.storage import Database
from app.services.core.errors import NotFound, UserError
from app.services.access import authorize
from app.services.core.validate import clean_text, parse_date, parse_int
from app.services.handholding.common import not_in_future
from app.services.staff import check_role

ACTION = "equipment.edit"
DONE_STATUSES = ("entered", "verified", "na")
MAX_ITEMS = 50_000


@dataclass(frozen=True)
class CampaignInfo:
    id: int
    name: str
    description: str
    started_on: dt.date
    deadline: dt.date
    target_kind: str  # "count" or "entries"
    selection: str
    target: int
    done: int
    status: str  # "done", "on_track", "behind", "overdue"
    expected: int  # what should be done by now at an even pace

    @property
    def share(self) -> float:
        return self.done / self.target if self.target else 1.0

    @property
    def behind(self) -> bool:
        return self.status in ("behind", "overdue")

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "started_on": self.started_on.isoformat(),
                "deadline": self.deadline.isoformat(), "target_kind": self.target_kind, "selection": self.selection,
                "target": self.target, "done": self.done, "expected": self.expected, "status": self.status}


def _status(target: int, done: int, started: dt.date, deadline: dt.date, today: dt.date) -> tuple[str, int]:
    if done >= target:
        return "done", target
    if today > deadline:
        return "overdue", target
    span = (deadline - started).days + 1
    elapsed = min(span, max(0, (today - started).days + 1))
    expected = target * elapsed // span
    return ("behind" if done < expected else "on_track"), expected


def _select_pending(s: Session, form: str | None, role: str | None, due_from: dt.date | None,
                    due_to: dt.date | None) -> list[int]:
    q = select(Obligation.id).where(Obligation.status == "pending")
    if form:
        q = q.where(Obligation.form == form)
    if role:
        q = q.where(Obligation.role_code == role)
    if due_from:
        q = q.where(Obligation.due_at >= dt.datetime.combine(due_from, dt.time()))
    if due_to:
        q = q.where(Obligation.due_at < dt.datetime.combine(due_to + dt.timedelta(days=1), dt.time()))
    return list(s.scalars(q.order_by(Obligation.due_at, Obligation.id).limit(MAX_ITEMS + 1)))


def add_campaign(db: Database, name: str, deadline: str | dt.date, *, started_on: str | dt.date | None = None,
                 description: str = "", target_count: int | str | None = None,
                 obligation_ids: list[int] | None = None, form: str | None = None, role: str | None = None,
                 due_from: str | dt.date | None = None, due_to: str | dt.date | None = None,
                 actor: Actor = SYSTEM) -> CampaignInfo:
    """Start a campaign. Give exactly one target: ``target_count``, ``obligation_ids``, or a filter
    (``form`` / ``role`` / ``due_from`` / ``due_to``) whose pending entries become the list."""
    name = clean_text(name, _("Campaign name"), required=True, max_len=160)
    description = clean_text(description, _("Description"), max_len=2000)
    start = parse_date(started_on, _("Started on"), required=False) or clock.today()
    end = parse_date(deadline, _("Deadline"))
    if end < start:
        raise UserError(_("The deadline {deadline} is before the start {start}.").format(
            deadline=end.strftime("%d.%m.%Y"), start=start.strftime("%d.%m.%Y")), field="deadline")
    not_in_future(start, _("Started on"), clock.now())
    form = clean_text(form, _("Form"), max_len=16).upper() or None
    role = check_role(role) if (role or "").strip() else None
    d_from = parse_date(due_from, _("Due from"), required=False)
    d_to = parse_date(due_to, _("Due to"), required=False)
    by_filter = any(v is not None for v in (form, role, d_from, d_to))
    given = sum([target_count not in (None, ""), obligation_ids is not None, by_filter])
    if given != 1:
        raise UserError(_("Give the campaign one target: a number of entries, a list of entries, or a filter "
                          "(form, role, due dates)."), field="target")
    count = None
    if target_count not in (None, ""):
        count = parse_int(target_count, _("Target"), minimum=1, maximum=1_000_000)
    with db.session() as s:
        authorize(s, actor, ACTION)
        ids: list[int] = []
        selection = ""
        if obligation_ids is not None:
            ids, selection = _chosen_entries(s, obligation_ids)
        elif by_filter:
            ids, selection = _filtered_entries(s, form, role, d_from, d_to, start)
        c = Campaign(name=name, description=description, started_on=start, deadline=end,
                     target_kind="count" if count is not None else "entries", target_count=count,
                     selection=selection, created_at=clock.now())
        s.add(c)
        s.flush()
        for oid in ids:
            s.add(CampaignItem(campaign_id=c.id, obligation_id=oid))
        audit.record(s, actor, "campaign.add", "campaign", c.id,
                     after={"name": name, "started_on": start, "deadline": end, "target_kind": c.target_kind,
                            "target_count": count, "selection": selection, "entries": len(ids)})
        s.flush()
        return _infos(s, [c], clock.today())[0]


def _chosen_entries(s: Session, obligation_ids: list[int]) -> tuple[list[int], str]:
    """The entries given by number (each must exist), and how they were chosen, in words."""
    ids = list(dict.fromkeys(int(i) for i in obligation_ids))
    if not ids:
        raise UserError(_("The list of entries is empty."), field="target")
    found = set(s.scalars(select(Obligation.id).where(Obligation.id.in_(ids))))
    missing = [i for i in ids if i not in found]
    if missing:
        raise NotFound(_("There is no entry with number {id}.").format(id=missing[0]))
    return ids, _("{count} entries chosen by number").format(count=len(ids))


def _filtered_entries(s: Session, form: str | None, role: str | None, d_from: dt.date | None, d_to: dt.date | None,
                      start: dt.date) -> tuple[list[int], str]:
    """The pending entries the filter matches now (at most ``MAX_ITEMS``), and the filter in words."""
    ids = _select_pending(s, form, role, d_from, d_to)
    if not ids:
        raise UserError(_("No pending entries match this filter; the campaign would have no target."), field="target")
    if len(ids) > MAX_ITEMS:
        raise UserError(_("More than {limit} entries match; narrow the filter.").format(limit=MAX_ITEMS))
    parts = []
    if form:
        parts.append(_("form {form}").format(form=form))
    if role:
        parts.append(_("role {role}").format(role=role))
    if d_from:
        parts.append(_("due from {date}").format(date=d_from.strftime("%d.%m.%Y")))
    if d_to:
        parts.append(_("due to {date}").format(date=d_to.strftime("%d.%m.%Y")))
    return ids, _("pending entries of {filter} on {date}").format(filter=", ".join(parts),
                                                                    date=start.strftime("%d.%m.%Y"))


def record_progress(db: Database, campaign_id: int, count: int | str, *, on: str | dt.date | None = None,
                    note: str = "", actor: Actor = SYSTEM) -> CampaignInfo:
    """Add work done on a count campaign (entries made since the last report)."""
    n = parse_int(count, _("Entries done"), minimum=1, maximum=1_000_000)
    day = parse_date(on, _("Date"), required=False) or clock.today()
    not_in_future(day, _("Date"), clock.now())
    note = clean_text(note, _("Note"), max_len=500)
    with db.session() as s:
        authorize(s, actor, ACTION)
        c = s.get(Campaign, campaign_id)
        if c is None:
            raise NotFound(_("There is no campaign with number {id}.").format(id=campaign_id))
        if c.target_kind != "count":
            raise UserError(_("This campaign's progress comes from its entries; mark them entered instead."))
        if day < c.started_on:
            raise UserError(_("The date is before the campaign started ({date}).").format(
                date=c.started_on.strftime("%d.%m.%Y")))
        p = CampaignProgress(campaign_id=c.id, reported_on=day, count=n, note=note, created_at=clock.now())
        s.add(p)
        s.flush()
        audit.record(s, actor, "campaign.progress", "campaign", c.id, after={"on": day, "count": n, "note": note})
        return _infos(s, [c], clock.today())[0]


def _infos(s: Session, campaigns: list[Campaign], today: dt.date) -> list[CampaignInfo]:
    ids = [c.id for c in campaigns]
    if not ids:
        return []
    progress = dict(s.execute(select(CampaignProgress.campaign_id, func.sum(CampaignProgress.count))
                              .where(CampaignProgress.campaign_id.in_(ids), CampaignProgress.reported_on <= today)
                              .group_by(CampaignProgress.campaign_id)).all())
    totals = dict(s.execute(select(CampaignItem.campaign_id, func.count())
                            .where(CampaignItem.campaign_id.in_(ids)).group_by(CampaignItem.campaign_id)).all())
    done_items = dict(s.execute(select(CampaignItem.campaign_id, func.count())
                                .join(Obligation, Obligation.id == CampaignItem.obligation_id)
                                .where(CampaignItem.campaign_id.in_(ids), Obligation.status.in_(DONE_STATUSES))
                                .group_by(CampaignItem.campaign_id)).all())
    out = []
    for c in campaigns:
        if c.target_kind == "count":
            target, done = c.target_count or 0, int(progress.get(c.id) or 0)
        else:
            target, done = totals.get(c.id, 0), done_items.get(c.id, 0)
        status, expected = _status(target, done, c.started_on, c.deadline, today)
        out.append(CampaignInfo(c.id, c.name, c.description, c.started_on, c.deadline, c.target_kind, c.selection,
                                target, min(done, target) if c.target_kind == "entries" else done, status, expected))
    return out


def campaigns_in(s: Session, *, as_of: dt.date | None = None, include_done: bool = True) -> list[CampaignInfo]:
    today = as_of or clock.today()
    cs = list(s.scalars(select(Campaign).where(Campaign.started_on <= today)
                        .order_by(Campaign.deadline, Campaign.id)))
    infos = _infos(s, cs, today)
    return infos if include_done else [c for c in infos if c.status != "done"]


def list_campaigns(db: Database, *, as_of: dt.date | None = None, include_done: bool = True) -> list[CampaignInfo]:
    with db.session() as s:
        return campaigns_in(s, as_of=as_of, include_done=include_done)


def campaign_entries(db: Database, campaign_id: int) -> list[int]:
    """The obligation ids of an entries campaign (for the pending workbench)."""
    with db.session() as s:
        return list(s.scalars(select(CampaignItem.obligation_id).where(CampaignItem.campaign_id == campaign_id)
                              .order_by(CampaignItem.id)))
