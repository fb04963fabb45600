"""A short run of the crash harness: SIGKILL a writer at random moments, then check the file.

The long run (``python scripts/crash_harness.py --kills 1000``) is a script, not part of the suite.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

pytestmark = [pytest.mark.sqlite_only("kills a process writing an SQLite file (the crash harness)"), pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_twenty_kills_lose_no_confirmed_commit(tmp_path):
    spec = importlib.util.spec_from_file_location("crash_harness", ROOT / "scripts" / "crash_harness.py")
    harness = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(harness)
    result = harness.run(kills=20, seed=3, max_delay_ms=250, workdir=tmp_path, quiet=True)
    assert result["failures"] == []
    assert result["kills"] == 20
    assert result["confirmed_commits"] > 20  # the child really wrote between kills
