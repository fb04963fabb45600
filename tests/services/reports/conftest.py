"""The one-year demo stations the document tests read, each built once per run and handed out as copies."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from app.services.core import clock
from app.services.demo import build_demo


@pytest.fixture(scope="session")
def one_year_demo(tmp_path_factory):
    """``one_year_demo(seed, now)``: the path of a fresh copy (with its committed mark) of a one-year demo built
    with ``seed`` while the clock reads ``now``; each (seed, now) is built once per test run."""
    built: dict[tuple[int, dt.datetime], Path] = {}

    def make(seed: int, now: dt.datetime) -> Path:
        if (seed, now) not in built:
            path = tmp_path_factory.mktemp(f"demo{seed}") / "demo.sqlite3"
            clock.pin(now)
            try:
                build_demo(path, years=1, seed=seed)
            finally:
                clock.pin(None)
            built[seed, now] = path
        source = built[seed, now]
        copy = tmp_path_factory.mktemp(f"demo{seed}_copy") / source.name
        for src in source.parent.glob(source.name + "*"):  # the file and the mark beside it
            shutil.copyfile(src, copy.parent / src.name)
        return copy

    return make
