"""The window's operations (app/ui/operations.py): ``Op`` and ``Query`` pass the database, the actor and the
language of the moment the user acted; a successful ``Op`` announces its typed ``Changes`` after ``success``;
errors go to ``failure`` or to the window, the unexpected ones logged."""

from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

import pytest

from app.i18n import _, current_language, set_language
from app.services import staff
from app.services.access import Actor
from app.services.core.errors import UserError
from app.ui.changes import NO_CHANGES, Changes
from app.ui.operations import Op, Query
from tests.ui.waiting import wait_idle

UI = Path(__file__).resolve().parents[2] / "app" / "ui"


@pytest.fixture(autouse=True)
def _english():
    set_language("en")
    yield
    set_language("en")


def test_op_passes_the_database_and_actor_then_announces_its_changes_after_success(qtbot, ctx):
    ctx.actor = Actor(person_id=None, label="system")
    events: list = []
    ctx.changed.connect(lambda changes: events.append(("changed", changes)))
    seen: dict = {}

    def work(db, actor):
        seen["db"], seen["actor"], seen["thread"] = db, actor, threading.current_thread().name
        return staff.add_person(db, "Ram Prakash", "SI", actor=actor)

    Op(ctx, work, changes=Changes(staff=True)).success(lambda p: events.append(("success", p.name))).run()
    wait_idle(qtbot, ctx)
    assert seen["db"] is ctx.db and seen["actor"] is ctx.actor and seen["thread"].startswith("anupalan-db")
    assert events == [("success", "Ram Prakash"), ("changed", Changes(staff=True))]


def test_changes_may_depend_on_the_result_and_nothing_is_announced_for_no_change(qtbot, ctx):
    announced: list = []
    ctx.changed.connect(announced.append)
    for made in (0, 3):
        Op(ctx, lambda _db, _actor, n=made: n,
           changes=lambda n: Changes(obligations=True) if n else NO_CHANGES).run()
    Query(ctx, lambda db: 1).run()
    wait_idle(qtbot, ctx)
    assert announced == [Changes(obligations=True)]


def test_a_failed_op_announces_nothing_and_its_failure_handler_gets_the_user_error(qtbot, ctx):
    announced, shown, failures = [], [], []
    ctx.changed.connect(announced.append)
    ctx.tasks.failed.connect(shown.append)
    Op(ctx, lambda db, actor: staff.add_person(db, "", "SI", actor=actor), changes=Changes(staff=True)).failure(
        failures.append).run()
    wait_idle(qtbot, ctx)
    assert [f.message for f in failures] == ["Name is required."]
    assert announced == [] and shown == []  # the handler showed it its own way


def test_without_a_failure_handler_the_window_shows_the_message_and_unexpected_errors_are_logged(
        qtbot, ctx, caplog):
    shown: list[str] = []
    ctx.tasks.failed.connect(shown.append)
    Query(ctx, lambda db: staff.add_person(db, "", "SI")).run()

    def broken(_db):
        raise RuntimeError("disk on fire")

    with caplog.at_level(logging.ERROR, logger="app.ui.tasks"):
        Query(ctx, broken).failure(lambda _exc: None).run()
        Query(ctx, broken).run()
        wait_idle(qtbot, ctx)
    assert shown[0] == "Name is required."
    assert "disk on fire" in shown[1] and "nothing was saved" in shown[1]
    logged = [r for r in caplog.records if r.exc_info and "disk on fire" in str(r.exc_info[1])]
    assert len(logged) == 2  # with or without a handler; a UserError is not logged
    assert not any(r.exc_info and isinstance(r.exc_info[1], UserError) for r in caplog.records)


@pytest.mark.parametrize("acted_in, switched_to, expected", [
    ("hi", "en", "नाम भरना आवश्यक है।"),
    ("en", "hi", "Name is required."),
])
def test_a_service_message_comes_back_in_the_language_of_the_moment_the_user_acted(
        qtbot, ctx, acted_in, switched_to, expected):
    set_language(acted_in)
    started, go_on = threading.Event(), threading.Event()
    failures: list = []

    def slow_add(db, actor):
        started.set()
        assert go_on.wait(10)  # the window's language is switched while the service works
        return staff.add_person(db, "", "SI", actor=actor)

    Op(ctx, slow_add, changes=Changes(staff=True)).failure(failures.append).run()
    assert started.wait(10)
    set_language(switched_to)  # what MainWindow.switch_language does
    go_on.set()
    qtbot.waitUntil(lambda: bool(failures), timeout=10000)
    assert failures[0].message == expected
    assert current_language() == switched_to  # the window keeps its new language


def test_a_query_reads_in_the_language_of_the_moment_it_was_asked(qtbot, ctx):
    set_language("hi")
    got: list = []
    gate = threading.Event()
    Query(ctx, lambda _db: (gate.wait(10), current_language(), _("Name"))[1:]).success(got.append).run()
    set_language("en")
    gate.set()
    qtbot.waitUntil(lambda: bool(got), timeout=10000)
    assert got == [("hi", "नाम")]


def test_a_closed_window_runs_nothing_more(qtbot, ctx):
    ctx.tasks.shutdown()
    ran: list = []
    future = Op(ctx, lambda _db, _actor: ran.append(1)).run()
    assert future.cancelled() and ran == []


def test_wait_returns_the_result_or_raises_without_calling_the_handlers(qtbot, ctx):
    called: list = []
    assert Query(ctx, lambda db: 6 * 7).success(called.append).wait() == 42
    with pytest.raises(UserError):
        Query(ctx, lambda db: staff.add_person(db, "", "SI")).failure(called.append).wait()
    wait_idle(qtbot, ctx)
    assert called == []


def test_changes_values():
    both = Changes(cases=True) | Changes(obligations=True)
    assert both == Changes(cases=True, obligations=True) and both.domains() == ("obligations", "cases")
    assert not NO_CHANGES and both
    assert both & Changes(obligations=True, staff=True) == Changes(obligations=True)
    assert not (both & Changes(staff=True))
    assert all(getattr(Changes.everything(), name) for name in Changes.everything().domains())
    with pytest.raises(TypeError):
        Changes(equipment=True)  # a misspelt or old topic is an error, not a silent no-op


def test_screens_state_operations_rather_than_calling_the_runner():
    offenders = []
    for path in sorted(UI.rglob("*.py")):
        if path.name in ("tasks.py", "operations.py"):
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\btasks\.run\(|notify_changed|data_changed\.(connect|emit)", line):
                offenders.append(f"{path.relative_to(UI)}:{n}: {line.strip()}")
    assert offenders == []
