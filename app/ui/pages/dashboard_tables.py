"""The dashboard's tables as rows of counts: by role, by person and the score per form. Every count is a
cell that opens the pending workbench filtered to the entries behind it (``None``: not a link)."""

from __future__ import annotations

from app.i18n import _
from app.services import obligations
from app.services.core.formatting import format_percent
from app.ui.widgets.count_grid import Cell, GridRow
from app.services.core.formatting import natural_key


def score_text(row) -> str:
    if row is None or row.share is None:
        return "—"
    return format_percent(row.share)


def count_row(label: str, base: dict, c, *, unassigned: bool = False, bold: bool = False,
              score: str | None = None) -> GridRow:
    cells = [Cell(c.pending, dict(base)),
             Cell(c.due_soon, {**base, "due_soon": True}),
             Cell(c.overdue, {**base, "overdue": True}, alarm=True)]
    if unassigned:
        cells.append(Cell(c.unassigned, {**base, "unassigned": True}, alarm=True))
    if score is not None:
        cells.append(Cell(score, None, tooltip=_("Share of the entries due in the period that were made on time.")))
    return GridRow(label, cells, bold=bold)


def role_rows(counts, scores, roles, role_names: dict[str, str]) -> list[GridRow]:
    """All roles, then each role: its counts now and its score over the period."""
    role_scores = {r.key: r for r in scores.by_role}
    rows = [count_row(_("All roles"), {}, counts.total, unassigned=True, bold=True, score=score_text(scores.total))]
    for role in roles:
        c = counts.by_role.get(role.code) or obligations.Counts()
        rows.append(count_row(role_names[role.code], {"role": role.code}, c, unassigned=True,
                              score=score_text(role_scores.get(role.code))))
    return rows


def person_rows(counts, people: dict, role_names: dict[str, str]) -> list[GridRow]:
    """The unassigned first (if any), then each person, most overdue first."""
    rows = []
    unassigned = counts.by_person.get(None)
    if unassigned and unassigned.pending:
        row = count_row(_("Unassigned (case without IO, or role vacant)"), {"unassigned": True}, unassigned)
        row.alarm = True
        rows.append(row)
    ranked = sorted(((pid, c) for pid, c in counts.by_person.items() if pid is not None),
                    key=lambda pc: (-pc[1].overdue, -pc[1].pending, counts.person_names.get(pc[0], "")))
    for pid, c in ranked:
        name = counts.person_names.get(pid) or str(pid)
        info = people.get(pid)
        if info is not None and info.roles:
            name = _("{name} ({roles})").format(name=name, roles=", ".join(role_names.get(r, r) for r in info.roles))
        elif info is not None and not info.active:
            name = _("{name} (left)").format(name=name)
        rows.append(count_row(name, {"person_id": pid}, c))
    return rows


def form_rows(counts, scores) -> list[GridRow]:
    date_from, date_to = scores.date_from, scores.date_to
    by_score = {r.key: r for r in scores.by_form}
    forms = sorted({*(k for k in counts.by_form), *by_score}, key=natural_key)
    rows = [form_row(_("All entries"), None, counts.total, scores.total, date_from, date_to, bold=True)]
    for form in forms:
        label = form if form else _("No form")
        rows.append(form_row(label, form, counts.by_form.get(form), by_score.get(form), date_from, date_to))
    return rows


def form_row(label, form, now_counts, score, date_from, date_to, bold=False) -> GridRow:
    # duties without a form cannot be picked by the workbench's form filter: those cells are not links
    base = {"form": form} if form else ({} if bold else None)
    now_counts = now_counts or obligations.Counts()

    def link(extra: dict) -> dict | None:
        return None if base is None else {**base, **extra}

    total = score.total if score else 0
    cells = [
        Cell(now_counts.pending, link({})),
        Cell(now_counts.overdue, link({"overdue": True}), alarm=True),
        Cell(total, None),
        Cell(score.on_time if score else 0, None),
        Cell(score.late if score else 0, None),
        Cell(score.open if score else 0, link({"statuses": obligations.OPEN_STATUSES, "due_from": date_from,
                                               "due_to": date_to}), alarm=True),
        Cell(score_text(score), None),
    ]
    return GridRow(label, cells, bold=bold)
