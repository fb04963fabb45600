"""A language switch redoes only what is in sight: the page shown is retranslated at once, each other built page
when it is next shown; Today's counts are not read again (only the PC-clock warning, a service's own text)."""

from __future__ import annotations

from app.i18n import set_language
from app.services import obligations

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
    try:
        win.switch_language("hi")
        qtbot.waitUntil(lambda: ctx.tasks.pending == 0 and calls["warning"] >= 1, timeout=5000)
        assert calls["pending"] == 0 and calls["counts"] == 0  # (the warning: Today's banner and the status bar)
        assert page.person_box.title() == "कर्मीवार"  # the page in sight: at once
        win.show_page("pending")  # the other one: when shown, once
        assert calls["pending"] == 1
        win.show_page("dashboard")
        win.show_page("pending")
        assert calls["pending"] == 1
    finally:
        set_language("en")
