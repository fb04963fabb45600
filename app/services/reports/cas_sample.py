"""The checklist's sample for verification in CAS: a few recent FIRs, arrests and seizures drawn at random
when the checklist is printed, for the inspecting officer to look up in CAS on the spot (case number, date,
CAS form) and tick what he found.

The draw is random at printing time (a fresh seed each print), from what was recorded in the
``RECENT_DAYS`` days up to the checklist's moment, ``per_kind`` of each kind. A visit's checklist keeps its
sample with the visit (``inspections.keep_cas_sample``) the first time it is printed: every reprint of that
visit lists the same rows, as they were printed then.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.i18n import N_, _ as _console
from app.models.cases import Case, Event
from app.models.obligations import Obligation
from app.services.catalogue import case_label
from app.services.core.errors import UserError
from app.services.reports.common import DocLang

DEFAULT_PER_KIND = 5
MAX_PER_KIND = 50
RECENT_DAYS = 30
KINDS = ("fir", "arrest", "seizure")
FORMS = {"fir": "IIF-1", "arrest": "IIF-3", "seizure": "IIF-4"}  # the CAS form each kind is entered on
KIND_LABELS = {"fir": N_("FIR registered"), "arrest": N_("Arrest"), "seizure": N_("Seizure")}


def check_sample_size(value) -> int:
    """The sample size per kind: a whole number from 0 (no sample) to ``MAX_PER_KIND``."""
    if value is None or value == "":
        return DEFAULT_PER_KIND
    try:
        n = int(str(value).strip())
    except ValueError:
        n = -1
    if isinstance(value, bool) or not 0 <= n <= MAX_PER_KIND:
        raise UserError(_console("The sample size must be a whole number from 0 to {max} (per kind).").format(
            max=MAX_PER_KIND))
    return n


@dataclass(frozen=True)
class SampleRow:
    kind: str  # fir | arrest | seizure
    case_id: int
    case_kind: str
    case_number: int | None
    case_year: int | None
    occurred_at: dt.datetime  # the FIR's registration, the arrest's or the seizure's time
    form: str  # the CAS form to look up
    obligation_id: int | None  # the app's entry for that form
    status: str  # the app's record of that entry at printing: pending / entered / verified / na / missed / none
    entered_at: dt.datetime | None
    cas_ref: str | None

    def as_dict(self) -> dict:
        d = asdict(self)
        d["occurred_at"] = self.occurred_at.isoformat()
        d["entered_at"] = self.entered_at.isoformat() if self.entered_at else None
        return d

    @classmethod
    def from_dict(cls, d: dict) -> SampleRow:
        return cls(d["kind"], int(d["case_id"]), d["case_kind"], d.get("case_number"), d.get("case_year"),
                   dt.datetime.fromisoformat(d["occurred_at"]), d["form"], d.get("obligation_id"), d["status"],
                   dt.datetime.fromisoformat(d["entered_at"]) if d.get("entered_at") else None, d.get("cas_ref"))


@dataclass(frozen=True)
class Sample:
    per_kind: int
    seed: int
    drawn_at: dt.datetime  # when it was drawn (the first print)
    since: dt.datetime  # the window it was drawn from: (since, until]
    until: dt.datetime
    rows: tuple[SampleRow, ...]
    pool: dict  # kind -> how many there were to draw from
    kept: bool = False  # read back from the visit (a reprint)

    def as_dict(self) -> dict:
        return {"per_kind": self.per_kind, "seed": self.seed, "drawn_at": self.drawn_at.isoformat(),
                "since": self.since.isoformat(), "until": self.until.isoformat(), "pool": dict(self.pool),
                "rows": [r.as_dict() for r in self.rows]}

    @classmethod
    def from_dict(cls, d: dict) -> Sample:
        return cls(int(d["per_kind"]), int(d["seed"]), dt.datetime.fromisoformat(d["drawn_at"]),
                   dt.datetime.fromisoformat(d["since"]), dt.datetime.fromisoformat(d["until"]),
                   tuple(SampleRow.from_dict(r) for r in d.get("rows", [])), dict(d.get("pool", {})), kept=True)


def _pool(session: Session, kind: str, since: dt.datetime, until: dt.datetime) -> list[tuple]:
    """(case_id, event_id or None, when) of everything of ``kind`` recorded in (since, until], by id."""
    if kind == "fir":
        # ``|| ''`` keeps SQLite (no statistics) on the index of the registration time, a month of cases,
        # rather than on the kind's, which walks every FIR of the station
        q = (select(Case.id, Case.registered_at).where((Case.kind + "") == "fir", Case.status != "void",
                                                       Case.registered_at > since, Case.registered_at <= until)
             .order_by(Case.id))
        return [(cid, None, at) for cid, at in session.execute(q)]
    q = (select(Event.case_id, Event.id, Event.occurred_at).join(Case, Case.id == Event.case_id)
         .where(Event.kind == kind, Case.status != "void", Event.occurred_at > since, Event.occurred_at <= until)
         .order_by(Event.id))
    return list(session.execute(q))


def draw_sample(session: Session, moment: dt.datetime, per_kind: int = DEFAULT_PER_KIND, *,
                seed: int | None = None, now: dt.datetime | None = None) -> Sample:
    """Draw ``per_kind`` of each kind at random from the ``RECENT_DAYS`` days up to ``moment`` (all of them
    when fewer), with what the app records of each one's CAS entry at ``moment``."""
    from app.services.core import clock

    seed = secrets.randbits(48) if seed is None else seed
    rng = random.Random(seed)
    since = moment - dt.timedelta(days=RECENT_DAYS)
    picked: list[tuple[str, int, int | None, dt.datetime]] = []
    pool_sizes = {}
    for kind in KINDS:
        pool = _pool(session, kind, since, moment)
        pool_sizes[kind] = len(pool)
        chosen = rng.sample(pool, min(per_kind, len(pool)))
        chosen.sort(key=lambda r: (r[2], r[0]))
        picked += [(kind, cid, eid, at) for cid, eid, at in chosen]
    cases = {}
    case_ids = sorted({cid for _k, cid, _e, _a in picked})
    if case_ids:
        cases = {c.id: c for c in session.scalars(select(Case).where(Case.id.in_(case_ids)))}
    entries = _first_entries(session, case_ids, moment)
    rows = []
    for kind, cid, eid, at in picked:
        c = cases[cid]
        ob = entries.get((cid, FORMS[kind], eid))
        if ob is None:
            rows.append(SampleRow(kind, cid, c.kind, c.number, c.year, at, FORMS[kind], None, "none", None, None))
            continue
        oid, form, status, entered_at, ref = ob
        made = status in ("entered", "verified")
        rows.append(SampleRow(kind, cid, c.kind, c.number, c.year, at, form or FORMS[kind], oid,
                              status or "none", entered_at if made else None, ref if made else None))
    return Sample(per_kind, seed, now or clock.now(), since, moment, tuple(rows), pool_sizes)


def _first_entries(session: Session, case_ids: list[int], moment: dt.datetime) -> dict[tuple, tuple]:
    """{(case id, form, event id or None): (id, form, status at ``moment``, entered_at, cas_ref)} of the
    sampled cases' FIR, arrest and seizure entries, the first (lowest id) of each: one query for the sample."""
    from app.services.core import clock
    from app.services.obligations import status_at

    if not case_ids:
        return {}
    o = Obligation
    q = (select(o.case_id, o.event_id, o.id, o.form, o.status if moment >= clock.now() else status_at(moment),
                o.entered_at, o.cas_ref)
         .where(o.case_id.in_(case_ids), o.form.in_(sorted(set(FORMS.values())))).order_by(o.id))
    first: dict[tuple, tuple] = {}
    for cid, eid, *entry in session.execute(q):
        first.setdefault((cid, entry[1], eid), tuple(entry))
    return first


# --- the section -----------------------------------------------------------------------------------

STATUS_TEXT = {
    "pending": N_("not yet made (pending)"),
    "entered": N_("made {date}, ref. {ref}"),
    "verified": N_("made {date}, ref. {ref}; verified"),
    "na": N_("marked not applicable"),
    "missed": N_("missed"),
    "none": N_("no entry owed in the app"),
}


def recorded_text(_: DocLang, row: SampleRow) -> str:
    """What the app records of the row's CAS entry, for the officer to compare with CAS."""
    source = STATUS_TEXT.get(row.status) or STATUS_TEXT["none"]
    text = _(source)
    if "{date}" in text:
        text = text.format(date=_.short_date(row.entered_at.date()) if row.entered_at else "–",
                           ref=row.cas_ref or "–")
    return text


def sample_flowables(_: DocLang, sample: Sample | None, frame_w: float, *, note: str = "") -> list:
    """The section: what to look up in CAS, one row each, with a tick and a remarks column to write in."""
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Spacer

    from app.services.pdf import para, table

    if sample is None or sample.per_kind == 0:
        return []
    out = [CondPageBreak(45 * mm), para(_("Sample for verification in CAS"), "heading"),
           para(_("Drawn at random when this checklist was printed ({when}): up to {n} each of the FIRs "
                  "registered, arrests and seizures recorded from {since} to {until}. Look each one up in CAS "
                  "by its case number, date and form; tick it when CAS agrees with the app, and write what "
                  "differs.").format(when=_.datetime(sample.drawn_at), n=_.number(sample.per_kind),
                                     since=_.short_date(sample.since.date()),
                                     until=_.short_date(sample.until.date())), "small")]
    if note:
        out.append(para(note, "small"))
    out.append(Spacer(1, 2 * mm))
    if not sample.rows:
        out += [para(_("Nothing of these kinds was recorded in that time: there is nothing to sample."), "body"),
                Spacer(1, 4 * mm)]
        return out
    head = [_("No."), _("Case"), _("Date"), _("CAS form"), _("Recorded in the app"), _("Found in CAS"), _("Remarks")]
    if frame_w > 200 * mm:  # landscape, both languages
        widths = [10 * mm, 66 * mm, 28 * mm, 16 * mm, 52 * mm, 18 * mm, None]
    else:  # the remarks column wide enough to write in by hand
        widths = [8 * mm, 39 * mm, 25 * mm, 14 * mm, 38 * mm, 15 * mm, None]
    widths[-1] = frame_w - sum(w for w in widths[:-1])
    rows = [head]
    for i, r in enumerate(sample.rows, start=1):
        label = case_label(r.case_kind, r.case_number, r.case_year, r.case_id)
        rows.append([_.number(i), "{what}\n{case}".format(what=_(KIND_LABELS[r.kind]), case=_.case(label)),
                     _.datetime(r.occurred_at), r.form, recorded_text(_, r), "", Spacer(1, 9 * mm)])
    missing = [k for k in KINDS if sample.pool.get(k, 0) < sample.per_kind]
    out.append(table(rows, widths, align=["right", "left", "left", "left", "left", "left", "left"]))
    if missing:
        out.append(para(_("Fewer than {n} were recorded of: {kinds} (all of them are listed).").format(
            n=_.number(sample.per_kind), kinds=", ".join(_(KIND_LABELS[k]) for k in missing)), "small"))
    out.append(Spacer(1, 4 * mm))
    return out
