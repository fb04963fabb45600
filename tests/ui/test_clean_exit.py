"""The app's process must exit cleanly after signals and worker tasks have run.

PySide6 6.12.0 aborted at interpreter exit ("Fatal Python error: bool_dealloc / none_dealloc")
after any signal had been delivered; on Windows that is a crash dialog every time the app closes.
This runs the task runner and a main window in a child process and checks the exit status.
"""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import os, sys, time, tempfile
    from pathlib import Path
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["ANUPALAN_DATA_DIR"] = tempfile.mkdtemp()
    from app.ui.qapp import create_application
    from app.services.station import open_database
    from app.services.core.preferences import Preferences
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow
    app = create_application()
    db = open_database(Path(os.environ["ANUPALAN_DATA_DIR"]) / "x.sqlite3")
    ctx = AppContext(db, Preferences(Path(os.environ["ANUPALAN_DATA_DIR"]) / "p.json"))
    done = []
    for _ in range(50):
        ctx.tasks.run(lambda: None, on_done=done.append)
    win = MainWindow(ctx)
    win.show()
    deadline = time.monotonic() + 30
    while (len(done) < 50 or ctx.tasks.pending) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    win.close()
    ctx.tasks.shutdown()
    db.close()
    print("finished", len(done), flush=True)
""")


def test_process_exits_cleanly_after_tasks_and_window():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=ROOT,
                            timeout=120)
    assert "finished 50" in result.stdout, result.stdout + result.stderr
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Fatal Python error" not in result.stderr
