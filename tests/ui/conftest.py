"""Fixtures shared by the page and dialog tests: an ``AppContext`` on a fresh station database, and the
garbage collection of what each test leaves, on the main thread."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

from app.services.core.preferences import Preferences
from app.ui.context import AppContext
from app.ui.gc_guard import collect


@pytest.fixture
def ctx(station_db, tmp_path):
    """The context a page gets from the window (own preferences file); closed after the test (its worker
    stopped, the QObject deleted with every connection to its signals)."""
    context = AppContext(station_db, Preferences(tmp_path / "prefs.json"))
    yield context
    context.close()


@pytest.fixture
def make_ctx(tmp_path):
    """``make_ctx(db, prefs=None)``: contexts made inside a test (a second window, a reopened one), each
    closed after the test like ``ctx``."""
    made: list[AppContext] = []

    def make(db, prefs: Preferences | None = None) -> AppContext:
        context = AppContext(db, prefs if prefs is not None else Preferences(tmp_path / f"prefs{len(made)}.json"))
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


def delete_later_now() -> None:
    """Run the deletions Qt has queued (``deleteLater``: pytest-qt's for ``qtbot.addWidget`` widgets, a
    closed context's). ``processEvents`` outside an event loop leaves them queued, so without this they
    wait for the next test that happens to call ``qtbot.wait``."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def forget_closed_engines() -> None:
    """Empty SQLAlchemy's per-mapper caches of compiled INSERT/UPDATE/DELETE statements.

    They are LRU caches (up to 150 entries per mapper) keyed by the engine's dialect, so the dialect of
    every test's closed engine stayed reachable through them with its compiled statements: some 1 000
    objects per test, 110 000 by the end of this suite. Each test opens new engines, so no later test
    could hit those entries; a test's statements are compiled once, as they would be anyway."""
    from app.models import Base

    for mapper in Base.registry.mappers:
        cache = getattr(mapper, "_compiled_cache", None)
        if cache is not None:
            cache.clear()


@pytest.fixture(autouse=True)
def _app_font_restored():
    """A test that installs the app's font (as the real start-up does) leaves the next test the font it found:
    a page measured in one font or another must not depend on which tests ran before it."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    before = app.font() if app is not None else None
    yield
    app = QApplication.instance()
    if before is not None and app is not None and app.font() != before:
        app.setFont(before)


@pytest.fixture(autouse=True)
def _gc_on_the_main_thread():
    """As in the app (app/ui/gc_guard.py): no automatic collection while a test's widgets and worker
    thread live, so a cycle holding a Qt object is never destroyed on the worker. Collection comes back
    after the test (``pytest_runtest_protocol`` below), once its objects were let go and collected here."""
    gc.disable()
    yield


_FAILED = pytest.StashKey[bool]()
# A window that a module's read-only tests share on purpose (a fixture of wider scope) says so with this property
# (``window.setProperty(SHARED, True)``); any other window or dialog still alive after its test was leaked.
SHARED = "sharedByTests"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        item.stash[_FAILED] = True
    return report


def shared(widget) -> bool:
    """The widget is, or belongs to (a menu, a dialog parented to it), a window marked ``SHARED``."""
    while widget is not None:
        if widget.property(SHARED):
            return True
        widget = widget.parentWidget()
    return False


def top_level_widgets() -> dict[int, object]:
    """The application's top-level widgets (windows, dialogs, menus), by their C++ address."""
    import shiboken6
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    return {shiboken6.getCppPointer(w)[0]: w for w in app.topLevelWidgets()} if app is not None else {}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """After each UI test: pytest has let go of its fixtures' values only now (after the teardown), so
    here the queued deletions run, the test's cycles are collected on this thread, and then automatic
    collection is switched back on. A window, dialog or menu the test made that is still there then was
    leaked (by the app or by the test): the test gets an error naming it (``leaked_widgets_error``)."""
    before = set(top_level_widgets())
    try:
        return (yield)
    finally:
        if "_gc_on_the_main_thread" in getattr(item, "fixturenames", ()):
            delete_later_now()  # the widgets pytest-qt closed, the contexts the fixtures closed
            forget_closed_engines()
            # Automatic collection was off during the test, so what it allocated is all in the youngest
            # generation: collecting generations 0 and 1 walks only that, not the whole heap (a full
            # collection costs tens of milliseconds per 100 000 live objects, twice per test before).
            # The app's rule (app/ui/gc_guard.py): the whole heap only once it grew by a quarter.
            collect()
            gc.enable()
            left = [w for key, w in top_level_widgets().items() if key not in before and not shared(w)]
            if left:
                leaked_widgets_error(item, left)


def leaked_widgets_error(item, left) -> None:
    """Report the widgets a test left alive as an error of that test (unless it failed already: a failure's
    traceback holds its widgets), and delete them so that the next test starts clean.

    Each leaked window kept its pages, its context, its database engine and everything they reference:
    the suite once grew from 130 000 to 240 000 live objects that way, and each test paid for all of them."""
    import shiboken6

    names = sorted(f"{type(w).__name__} {w.objectName() or w.windowTitle()!r}" for w in left)
    for w in left:
        if shiboken6.isValid(w):
            w.deleteLater()
    delete_later_now()
    collect()
    if item.stash.get(_FAILED, False):
        return
    message = (f"{len(left)} window(s) or dialog(s) made by this test were still alive after it: "
               + "; ".join(names) + ". Close and delete what is opened (deleteLater on a parentless dialog; "
               "qtbot.addWidget for a test's own window): a lambda holding a widget, connected to a "
               "signal, is held from C++ where the cycle collector cannot see it.")
    report = pytest.TestReport(item.nodeid, item.location, {k: 1 for k in item.keywords}, "failed", message,
                               "teardown")
    item.ihook.pytest_runtest_logreport(report=report)


@pytest.fixture(scope="session")
def ui_demo_file(tmp_path_factory):
    """The one-year demo the page-walking tests open (tests/ui/demo_window.py), built once per run: each test
    opens its own copy."""
    from tests.ui.demo_station import ui_demo

    return ui_demo(tmp_path_factory)
