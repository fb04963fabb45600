"""The power-loss harness (scripts/powerloss_harness.py), a short deterministic run: power cuts at random
points of case add, done, verify, transfer, backup, restore and a schema migration (writes after a file's last fsync lost,
kept, reordered or torn), and ENOSPC/EIO injected at the Nth write or fsync. The long run's figures are
in the issue's note; this keeps the harness and its checks working."""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only("cuts the power under an SQLite file")
pytest.importorskip("apsw", reason="the harness records SQLite's writes through an apsw VFS")

ROOT = Path(__file__).resolve().parents[3]


def harness():
    spec = importlib.util.spec_from_file_location("powerloss_harness", ROOT / "scripts" / "powerloss_harness.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("powerloss_harness", module)
    spec.loader.exec_module(module)
    return sys.modules["powerloss_harness"]


def test_power_cuts_lose_no_acknowledged_change(tmp_path):
    figures = harness().run(trials=2, ops=8, cuts=15, seed=7, faults=0, migrations=1, keep=tmp_path)
    assert figures.failures == [] and figures.lost == 0
    assert figures.operations >= 8 and figures.cuts == 45


def test_disk_full_and_io_errors_give_a_message_and_leave_the_file_sound(tmp_path):
    figures = harness().run(trials=0, ops=0, cuts=0, seed=11, faults=12, keep=tmp_path)
    assert figures.failures == []
    assert figures.fault_messages >= 6  # most faults land inside the operation (a few after its last write)


def test_the_cut_model_drops_only_unsynced_writes():
    h = harness()
    events = [("w", "f", 0, b"a" * 512), ("s", "f"), ("w", "f", 512, b"b" * 512), ("w", "f", 0, b"c" * 512)]
    seen = {h.disk_after_cut({}, events, 4, random.Random(i))["f"] for i in range(60)}
    assert b"a" * 512 in seen and b"c" * 512 in seen  # the synced write may be overwritten or not …
    assert all(state.startswith((b"a" * 512, b"c" * 512)) for state in seen)  # … but is never lost
    assert any(len(state) == 1024 for state in seen) and any(len(state) == 512 for state in seen)
    assert h.disk_after_cut({}, events, 2, random.Random(0))["f"] == b"a" * 512
