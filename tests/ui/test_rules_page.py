"""Rules page and duty labels: edit a rule (audited, a new version), recompute open entries after a
preview, relabel a duty; bad input shows a message and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.models.audit import AuditEntry
from app.services import cases
from app.services import catalogue
from app.services.core import clock
from app.services import obligations
from app.services import staff
from app.ui.pages.catalogue import CataloguePage
from app.ui.pages.rules import RulesPage
from tests.ui.waiting import wait_idle

NOW = dt.datetime(2026, 3, 10, 11, 0)


@pytest.fixture
def ctx(ctx):
    clock.pin(NOW)
    return ctx


def audit_rows(db, action: str) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == action))


@pytest.fixture
def page(qtbot, ctx):
    widget = RulesPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    widget.refresh()
    wait_idle(qtbot, ctx)
    return widget


def select_rule(page, key: str) -> None:
    page.search.setText(key)
    assert page.selected_rule() is not None and page.selected_rule().key == key


def test_edit_rule_then_recompute_with_preview(qtbot, page, ctx):
    m = staff.add_person(ctx.db, "Shyam Lal", "HC", "9002")
    staff.assign_role(ctx.db, m.id, "mohrir", "2026-01-01")
    result = cases.add_case(ctx.db, "missing", registered_at=NOW - dt.timedelta(hours=1))
    old_due = {o.duty_code: o.due_at for o in result.obligations}["B-5"]
    assert old_due == NOW - dt.timedelta(hours=1) + dt.timedelta(hours=24)
    select_rule(page, "missing.iif8")
    dialog = page.edit_rule()
    _anchor, offset, _en, _hi = dialog.terms[0]
    offset.hours.setText("48")
    dialog.submit()
    wait_idle(qtbot, ctx)
    assert not dialog.isVisible()
    [rule] = [r for r in obligations.list_rules(ctx.db) if r.key == "missing.iif8"]
    assert (rule.version, rule.terms[0].hours, rule.source) == (2, 48, "station")
    assert audit_rows(ctx.db, "rule.update") == 1
    qtbot.waitUntil(lambda: "station's rule" in page.table.item(0, 0).text(), timeout=5000)
    holder = page.recompute()
    wait_idle(qtbot, ctx)
    recompute = holder["dialog"]
    qtbot.waitUntil(lambda: recompute.items is not None, timeout=5000)
    assert recompute.table.rowCount() == 1
    assert recompute.apply_button.isEnabled()
    # the preview changed nothing yet
    case = cases.get_case(ctx.db, result.case.id)
    assert {o.duty_code: o.due_at for o in case.obligations}["B-5"] == old_due
    recompute.apply()
    wait_idle(qtbot, ctx)
    case = cases.get_case(ctx.db, result.case.id)
    assert {o.duty_code: o.due_at for o in case.obligations}["B-5"] == old_due + dt.timedelta(hours=24)
    assert audit_rows(ctx.db, "rule.recompute") == 1


def test_bad_rule_input_changes_nothing(qtbot, page, ctx):
    select_rule(page, "fir.iif2")
    dialog = page.edit_rule()
    _anchor, offset, basis_en, _hi = dialog.terms[0]
    offset.days.setText("-3")
    basis_en.setPlainText("")
    dialog.submit()
    assert "between 0 and" in dialog.form.error_text("offset_0")
    assert dialog.form.error_text("basis_en_0") == "Source (English) is required."
    wait_idle(qtbot, ctx)
    assert [r.version for r in obligations.list_rules(ctx.db) if r.key == "fir.iif2"] == [1]
    assert audit_rows(ctx.db, "rule.update") == 0
    # unchanged: the service says so, beside nothing in particular, and writes nothing
    offset.days.setText("3")
    basis_en.setPlainText(dialog.rule.terms[0].basis_en)
    dialog.submit()
    wait_idle(qtbot, ctx)
    assert "Nothing to change" in dialog.form.error_text()
    assert audit_rows(ctx.db, "rule.update") == 0


def test_recompute_with_nothing_to_do(qtbot, page, ctx):
    holder = page.recompute()
    wait_idle(qtbot, ctx)
    dialog = holder["dialog"]
    qtbot.waitUntil(lambda: dialog.items is not None, timeout=5000)
    assert dialog.items == [] and not dialog.apply_button.isEnabled()


def test_duty_label_edit_is_audited_and_keeps_the_letter(qtbot, ctx):
    page = CataloguePage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    wait_idle(qtbot, ctx)
    first = page.tree.topLevelItem(0).child(0)
    page.tree.setCurrentItem(first)
    dialog = page.edit_label()
    dialog.label_en.setText("Remarks on the General Diary")
    dialog.label_hi.setText("x\x01")
    dialog.submit()
    assert "cannot be stored" in dialog.form.error_text("label_hi")
    assert audit_rows(ctx.db, "duty.label") == 0
    dialog.label_hi.setText("जीडी पर टिप्पणी")
    dialog.submit()
    wait_idle(qtbot, ctx)
    duty = catalogue.list_duties(ctx.db)[0]
    assert (duty.label_hi, duty.label_en, duty.text_hi) == ("जीडी पर टिप्पणी", "Remarks on the General Diary",
                                                           "जनरल डायरी पर टिप्पणी करना।")
    assert audit_rows(ctx.db, "duty.label") == 1
    qtbot.waitUntil(lambda: page.tree.topLevelItem(0).child(0).text(1) == "जीडी पर टिप्पणी", timeout=5000)
    assert page.tree.currentItem().text(0) == duty.code


def test_duty_label_service_refuses_without_permission(ctx):
    from app.services.access import Actor
    from app.services.core.errors import UserError

    p = staff.add_person(ctx.db, "Mohan", "Constable", "77")
    staff.assign_role(ctx.db, p.id, "court", "2026-01-01")
    duty = catalogue.list_duties(ctx.db)[0]
    with pytest.raises(UserError):
        catalogue.set_duty_label(ctx.db, duty.id, "x", "y", actor=Actor(p.id, "Mohan"))
    assert catalogue.list_duties(ctx.db)[0].label_hi is None
