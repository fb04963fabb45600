import sqlite3
import threading

from sqlalchemy.exc import OperationalError

from app.services.core.errors import UserError
from app.ui.tasks import TaskManager, explain


def test_result_comes_back_on_the_gui_thread(qtbot):
    tasks = TaskManager()
    got = []
    tasks.run(lambda: 6 * 7, on_done=got.append)
    qtbot.waitUntil(lambda: got == [42], timeout=5000)
    assert tasks.pending == 0
    tasks.shutdown()


def test_user_error_message_is_shown_as_is(qtbot):
    tasks = TaskManager()
    with qtbot.waitSignal(tasks.failed, timeout=5000) as blocker:
        tasks.run(lambda: (_ for _ in ()).throw(UserError("Name is required.")))
    assert blocker.args == ["Name is required."]
    tasks.shutdown()


def test_read_only_database_error_is_explained(qtbot):
    exc = OperationalError("INSERT ...", {}, sqlite3.OperationalError("attempt to write a readonly database"))
    assert "read-only" in explain(exc)
    tasks = TaskManager()

    def write():
        raise exc

    with qtbot.waitSignal(tasks.failed, timeout=5000) as blocker:
        tasks.run(write)
    assert "read-only" in blocker.args[0] and "INSERT" not in blocker.args[0]
    tasks.shutdown()


class _Witness:
    """Records the thread it is destroyed on: a stand-in for a page that a task's lambda or handler holds."""

    def __init__(self, died_on: list):
        self.died_on = died_on

    def handle(self, _value) -> None:
        pass

    def __del__(self):
        self.died_on.append(threading.current_thread().name)


def _held_past_the_result(qtbot, tasks, make) -> None:
    """Run the task ``make()`` gives (its function and handlers, held by nothing else here) with the worker holding
    its records of the task (the executor's work item, the future) a moment after the task ended, as a busy
    machine can: a delivery that could happen in that moment happens; then wait for the delivery and the end."""
    go, ended, release = threading.Event(), threading.Event(), threading.Event()
    fn, handlers = make()
    future = tasks.run(lambda fn=fn: (go.wait(5), fn())[1], **handlers)
    future.add_done_callback(lambda _f: (ended.set(), release.wait(5)))  # on the worker, inside the work item
    del future, fn, handlers  # from here only the manager and its worker hold the task
    go.set()
    qtbot.waitUntil(ended.is_set, timeout=5000)
    qtbot.wait(100)  # the moment: a result delivered now is let go by the GUI before the worker lets go
    release.set()
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=5000)
    tasks.shutdown()  # the worker has let go of everything


def test_a_tasks_function_and_handler_are_let_go_on_the_gui_thread(qtbot):
    died_on: list = []
    _held_past_the_result(qtbot, TaskManager(), lambda: (
        lambda page=_Witness(died_on): page and 42, {"on_done": _Witness(died_on).handle}))
    assert died_on == ["MainThread", "MainThread"]


def test_a_failed_tasks_function_frame_and_handler_are_let_go_on_the_gui_thread(qtbot):
    """The error's traceback holds the failing frame, and the frame what the function had in hand."""
    died_on: list = []

    def make():
        def fail(page=_Witness(died_on)):
            raise UserError(f"Refused ({type(page).__name__})")

        return fail, {"on_error": _Witness(died_on).handle}

    _held_past_the_result(qtbot, TaskManager(), make)
    assert died_on == ["MainThread", "MainThread"]


def test_a_task_run_after_shutdown_runs_nothing_and_leaves_nothing_waiting(qtbot):
    tasks = TaskManager()
    tasks.shutdown()
    ran = []
    assert tasks.run(lambda: ran.append(1)).cancelled()
    tasks._executor.shutdown()  # an executor shut down under the manager (the interpreter exiting)
    tasks._closed = False
    assert tasks.run(lambda: ran.append(1)).cancelled()
    assert ran == [] and tasks.pending == 0 and tasks._waiting == {}


def test_a_shutdown_lets_go_of_the_tasks_not_delivered_on_the_gui_thread(qtbot):
    """A closing window shuts its tasks down and is deleted before its event loop turns again: the deliveries
    posted meanwhile never run, so the shutdown itself lets go of what they held, and the busy note ends."""
    tasks = TaskManager()
    died_on: list = []
    busy: list = []
    tasks.busy_changed.connect(lambda on, _label: busy.append(on))
    go = threading.Event()
    for _ in range(3):
        tasks.run(lambda page=_Witness(died_on), go=go: go.wait(5) and page, on_done=_Witness(died_on).handle)
    go.set()
    tasks.shutdown()  # no event loop turn: nothing was delivered
    assert tasks.pending == 0 and tasks._waiting == {} and busy == [True, True, True, False]
    assert died_on == ["MainThread"] * 6
    qtbot.wait(20)  # the deliveries posted by the worker find nothing left to deliver
    assert busy == [True, True, True, False]
