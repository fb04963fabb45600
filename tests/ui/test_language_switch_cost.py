"""A language switch redoes only what is in sight: the page shown is retranslated at once, each other built page
when it is next shown; nothing is read again from the file: not Today's counts, not the rows of Pending entries,
not the PC-clock warning when none is shown (when one is, its words: a service's own text)."""

from __future__ import annotations

import datetime as dt

from app.i18n import set_language
from app.services import obligations
from app.services.core import clock

from .test_dashboard_page import window  # noqa: F401 (the window on Today, a small station)


def test_only_the_page_in_sight_is_retranslated_and_today_is_not_recounted(qtbot, window, monkeypatch):  # noqa: F811
    win, page, ctx, _who = window
    pending = win.show_page("pending")
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=5000)
    win.show_page("dashboard")
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=5000)
    calls = {"pending": 0, "counts": 0, "warning": 0}
    real_retranslate, real_counts, real_warning = pending.retranslate, obligations.dashboard_counts, \
        obligations.clock_warning
    monkeypatch.setattr(pending, "retranslate", lambda: (calls.__setitem__("pending", calls["pending"] + 1),
                                                         real_retranslate())[1])
    monkeypatch.setattr(obligations, "dashboard_counts", lambda *a, **k: (
        calls.__setitem__("counts", calls["counts"] + 1), real_counts(*a, **k))[1])
    monkeypatch.setattr(obligations, "clock_warning", lambda *a, **k: (
        calls.__setitem__("warning", calls["warning"] + 1), real_warning(*a, **k))[1])
    assert win._clock_warning and page.clock_banner.text()  # this station's records are later than its PC's clock
    try:
        win.switch_language("hi")
        qtbot.waitUntil(lambda: ctx.tasks.pending == 0 and calls["warning"] >= 2, timeout=5000)
        assert calls["pending"] == 0 and calls["counts"] == 0
        assert calls["warning"] == 2  # the warning's words only: Today's banner and the status bar, once each
        qtbot.waitUntil(lambda: any("\u0900" <= ch <= "\u097f" for ch in page.clock_banner.text()), timeout=5000)
        assert page.person_box.title() == "कर्मीवार"  # the page in sight: at once
        win.show_page("pending")  # the other one: when shown, once
        assert calls["pending"] == 1
        win.show_page("dashboard")
        win.show_page("pending")
        assert calls["pending"] == 1
    finally:
        set_language("en")


def test_no_clock_warning_shown_nothing_is_read_on_a_switch(qtbot, window, monkeypatch):  # noqa: F811
    win, page, ctx, _who = window
    clock.pin(dt.datetime.now() + dt.timedelta(days=1))  # the PC's clock after every record: no warning
    page.refresh()
    win._check_clock()
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0 and not win._clock_warning and page._data["clock"] is None,
                    timeout=5000)
    calls = []
    real_warning = obligations.clock_warning
    monkeypatch.setattr(obligations, "clock_warning", lambda db: (calls.append(1), real_warning(db))[1])
    try:
        win.switch_language("hi")
        qtbot.wait(50)
        qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=5000)
        assert calls == [] and not page.clock_banner.isVisible()
        assert page.person_box.title() == "कर्मीवार"
    finally:
        set_language("en")


def test_the_pending_rows_are_not_read_again_on_a_switch(qtbot, window):  # noqa: F811
    from app.ui.item_models.obligation_columns import COL_CASE, COL_DUTY

    win, _page, ctx, _who = window
    pending = win.show_page("pending")
    model = pending.model
    qtbot.waitUntil(lambda: ctx.tasks.pending == 0 and model.rowCount() > 0 and model.is_cached(0), timeout=5000)
    fetched = model.fetch_count
    english = model.data(model.index(0, COL_CASE)), model.data(model.index(0, COL_DUTY))
    try:
        win.switch_language("hi")
        qtbot.wait(50)
        qtbot.waitUntil(lambda: ctx.tasks.pending == 0, timeout=5000)
        hindi = model.data(model.index(0, COL_CASE)), model.data(model.index(0, COL_DUTY))
        assert model.fetch_count == fetched  # the rows held were written out again, not read again
        assert english[0] == "FIR 41/2026" and hindi[0] != english[0] and hindi[0].endswith("41/2026")
        assert hindi[1] != english[1] and any("\u0900" <= ch <= "\u097f" for ch in hindi[1])
    finally:
        set_language("en")
