"""Today's plan from the Today page: the person on the chosen row, the entries in the service's order and its
sentences about what clearing them does; another person chosen reloads it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from app.services import plan

from .test_dashboard_page import row_of, window  # noqa: F401 (the Today page on a small station)


def _dialog():
    from app.ui.dialogs.today_plan import TodayPlanDialog

    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, TodayPlanDialog) and w.isVisible())


def test_plan_for_the_chosen_person_matches_the_service(qtbot, window):  # noqa: F811
    win, page, ctx, who = window
    grid = page.person_grid
    r = next(r for r in range(grid.rowCount()) if (grid.filter_at(r, 1) or {}).get("person_id") == who["mohrir"])
    grid.setCurrentCell(r, 1)
    page.plan_button.click()
    dialog = _dialog()
    qtbot.waitUntil(lambda: dialog.plan is not None, timeout=5000)
    expected = plan.today_plan(ctx.db, who["mohrir"])
    assert dialog.plan.person_id == who["mohrir"] and dialog.table.rowCount() == len(expected.items) == 2
    assert [dialog.table.item(i, 3).text().split()[0] for i in range(2)] == [i.entry.duty_code for i in expected.items]
    assert dialog.summary.text() == "\n".join(plan.summary_lines(expected))
    assert "these 2 entries" in dialog.summary.text() and "from 2 to 0" in dialog.summary.text()  # both overdue
    # another person: the IO (one entry due soon, nothing overdue)
    dialog.person.setCurrentIndex(dialog.person.findData(who["io"]))
    qtbot.waitUntil(lambda: dialog.plan.person_id == who["io"], timeout=5000)
    assert dialog.table.rowCount() == 1 and plan.reason_text(dialog.plan.items[0]).startswith("Due")
    # the person's slip with the plan on it, in the preview
    dialog.slip_button.click()
    qtbot.waitUntil(lambda: getattr(dialog, "last_slip", None) is not None, timeout=10000)
    pdf, _title, name = dialog.last_slip
    assert pdf.startswith(b"%PDF") and name == f"slip-{who['io']}.pdf"
    dialog.slip_preview.close()
    dialog.close()
