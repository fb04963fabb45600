"""Each document's figures as data (``--json``): the shared figures of its moment (``figures.figures_json``:
``moment``, ``totals``, ``roles``) and what that document shows besides, from the very data it is printed from."""

from __future__ import annotations

from app.services.reports.figures import figures_json


def _moment(value) -> str | None:
    return value.isoformat() if value is not None else None


def checklist_json(data) -> dict:
    """``checklist --json``: the figures at the checklist's moment, each duty's counts as printed, the overdue
    per person (as the annex lists them; none without an annex) and the CAS sample. A visit's checklist is worked
    out at each print for the visit's moment ("current"), its totals recorded at the visit beside them."""
    return {
        "document": "checklist", **figures_json(data.figures), "past": data.past,
        "inspection_id": data.inspection.info.id if data.inspection is not None else None,
        "visit_figures": "current" if data.inspection is not None else None,
        "recorded_at_visit": data.recorded,
        "cas_sample": data.sample.as_dict() if data.sample is not None else None,
        "duties": [{"code": d.code, "role": d.role, "pending": d.pending, "overdue": d.overdue,
                    "unassigned": d.unassigned, "oldest": d.oldest.as_dict() if d.oldest else None}
                   for d in data.duties],
        "overdue_by_person": [{"person_id": p.person_id, "name": p.name, "rank": p.rank, "overdue": p.overdue,
                               "listed": [{"id": i.obligation_id, "duty": i.duty_code, "case": i.case_label,
                                           "due": _moment(i.due_at), "days_overdue": i.days_overdue}
                                          for i in p.items]}
                              for p in data.overdue],
    }


def slip_json(figures, moment, slips, persons) -> dict:
    """``slip --json``: the figures at the slips' moment and each slip as printed (``SlipData.as_dict``) with the
    missed periods the person owes (``persons`` is ``figures.persons_at`` at the same moment)."""
    owed = {p.person_id: p for p in persons}
    out = []
    for slip in slips:
        mine = owed.get(slip.person_id)
        out.append({**slip.as_dict(), "missed": mine.missed if mine else 0})
    # live figures describe "now": the slips' own moment (read a moment earlier, in the same command)
    return {"document": "slip", **figures_json(figures), "moment": _moment(moment), "slips": out}


def pendency_json(data) -> dict:
    """``report pendency --json``: the figures at the period's end and each duty's flow over the period."""
    fields = ("opening", "arisen", "disposed", "missed", "closing", "closing_overdue")
    flows = [{"code": f.code, "role": f.role, **{k: getattr(f, k) for k in fields}} for f in data.flows]
    out = {"document": "pendency", "from": data.date_from.isoformat(), "to": data.date_to.isoformat(),
           **figures_json(data.figures), "duties": flows,
           "flow_totals": {k: sum(f[k] for f in flows) for k in fields}}
    if data.verification is not None:
        out["verification"] = data.verification.as_dict()
    return out


def compliance_json(data) -> dict:
    """``report compliance --json``: the period's figures (``figures.PeriodFigures``), the inspections of the
    period with their findings and instructions, and the answer to "is the allocation followed"."""
    period = data.period
    return {
        "document": "compliance", **period.as_dict(),
        "allocation_followed": data.allocation_answer,
        "inspections": [{**v.as_dict(), "findings_text": [f.as_dict() for f in data.findings.get(v.id, [])]}
                        for v in data.inspections],
        "instructions": [{**i.as_dict(), "status_then": data.instruction_status.get(i.id, i.status)}
                         for i in data.instructions],
        "earlier_instructions": [{**i.as_dict(), "status_then": data.instruction_status.get(i.id, i.status),
                                  "visit_date": data.earlier_visits[i.inspection_id].isoformat()}
                                 for i in data.earlier_instructions],
    }
