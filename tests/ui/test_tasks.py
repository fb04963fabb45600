import sqlite3

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
