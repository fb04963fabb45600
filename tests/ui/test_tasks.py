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
        self.died_on.append(threading.current_thread())


def _let_go_after_delivery(tasks, fn, **handlers):
    """Run ``fn``; the worker keeps its records of the task (the executor's work item, the future) until the GUI
    thread has delivered the result, the order in which a busy machine can run them."""
    go, delivered = threading.Event(), threading.Event()
    future = tasks.run(lambda: (go.wait(5), fn())[1], **handlers)
    future.add_done_callback(lambda _f: delivered.wait(5))  # on the worker, after the manager's own callback
    del future
    go.set()
    return delivered


def test_what_a_task_holds_is_let_go_on_the_gui_thread_when_the_worker_lets_go_last(qtbot):
    tasks = TaskManager()
    died_on: list = []
    captured, handler = _Witness(died_on), _Witness(died_on)
    delivered = _let_go_after_delivery(tasks, lambda: captured and 42, on_done=handler.handle)
    del captured, handler
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=5000)
    delivered.set()
    tasks.shutdown()  # the worker has let go of its records of the task
    assert died_on == [threading.main_thread()] * 2


def test_a_failed_tasks_frames_are_let_go_on_the_gui_thread(qtbot):
    tasks = TaskManager()
    died_on: list = []
    captured, handler = _Witness(died_on), _Witness(died_on)

    def fail():
        held = captured  # the failing frame holds it too, and the error's traceback holds the frame
        raise UserError(f"Refused: {held is not None}")

    delivered = _let_go_after_delivery(tasks, fail, on_error=handler.handle)
    del captured, handler, fail
    qtbot.waitUntil(lambda: tasks.pending == 0, timeout=5000)
    delivered.set()
    tasks.shutdown()
    assert died_on == [threading.main_thread()] * 2
