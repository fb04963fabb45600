"""A printed document's process ends without tearing the interpreter down (``app.__main__.leave``), yet its
exit handlers run, its output is flushed, its exit code is kept; anything else ends as usual."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

import app.__main__ as entry
from app.cli import common
from tests.conftest import initialised_station

ROOT = Path(__file__).resolve().parents[2]


class Exited(Exception):
    pass


@pytest.fixture
def exits(monkeypatch):
    """os._exit and the exit handlers recorded instead of run."""
    seen: list = []

    def fake_exit(code):
        seen.append(("exit", code))
        raise Exited

    monkeypatch.setattr("os._exit", fake_exit)
    monkeypatch.setattr("atexit._run_exitfuncs", lambda: seen.append(("handlers",)))
    monkeypatch.setattr(common, "_quick_exit", False)
    return seen


def test_a_command_that_did_not_ask_ends_as_usual(exits):
    assert entry.leave(0) == 0
    assert exits == []


def test_a_document_command_ends_quickly_after_its_exit_handlers(exits):
    common.may_exit_quickly()
    with pytest.raises(Exited):
        entry.leave(3)
    assert exits == [("handlers",), ("exit", 3)]


def test_with_another_thread_running_it_ends_as_usual(exits):
    common.may_exit_quickly()
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert entry.leave(0) == 0
    finally:
        stop.set()
        worker.join()
    assert exits == []


def test_the_checklist_process_runs_its_exit_handlers_and_writes_a_whole_pdf(tmp_path, _template_db):
    db = initialised_station(_template_db, tmp_path / "station.sqlite3")  # the checklist's process is the subject
    marker, out = tmp_path / "handlers-ran", tmp_path / "checklist.pdf"
    code = textwrap.dedent(f"""
        import atexit, sys
        from pathlib import Path
        atexit.register(lambda: Path({str(marker)!r}).write_text("yes"))
        sys.argv = ["anupalan", "checklist", "--json", "--out", {str(out)!r}, "--db", {str(db)!r}]
        from app.__main__ import main
        sys.exit(main())
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert '"pages"' in result.stdout  # the JSON, flushed before the quick end
    assert marker.read_text() == "yes"
    assert out.read_bytes().startswith(b"%PDF") and out.read_bytes().rstrip().endswith(b"%%EOF")
