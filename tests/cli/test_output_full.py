"""A command whose output's disk is full says so in the user's language and exits 74 (no traceback)."""

from __future__ import annotations

import errno
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import EXIT_OUTPUT, main

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.sqlite_only("the station is a file named on the command line")


@pytest.fixture
def station(tmp_path):
    path = tmp_path / "station.sqlite3"
    assert main(["init", "--station", "Kotwali", "--district", "Sitapur", "--db", str(path)]) == 0
    return path


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_short_output_to_a_full_disk_is_said_in_hindi(station):
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "app", "--lang", "hi", "pending", "--db", str(station),
                               "--json"], cwd=ROOT, stdout=full, stderr=subprocess.PIPE, timeout=120,
                              env={k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"})
    err = done.stderr.decode()
    assert done.returncode == EXIT_OUTPUT, err
    assert "Traceback" not in err and "आउटपुट पूरा नहीं लिखा जा सका" in err


class _FullDisk(io.RawIOBase):
    """A file on a disk that takes 100 bytes and then has no room."""

    def __init__(self):
        self.room = 100

    def writable(self):
        return True

    def fileno(self):
        return 1

    def write(self, data):
        if not self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        n = min(self.room, len(data))
        self.room -= n
        return n


def test_a_long_output_that_fails_part_way_is_said(station, monkeypatch, capsys):
    """A long write fails part way and leaves nothing in the stream's buffer: the disk's lack of room tells."""
    capsys.readouterr()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BufferedWriter(_FullDisk(), 64), encoding="utf-8"))
    monkeypatch.setattr(os, "fstatvfs", lambda fd: os.statvfs_result((4096,) * 2 + (0,) * 8))
    monkeypatch.setattr("app.cli._quiet_stdout", lambda: None)
    assert main(["catalogue", "--db", str(station), "--json"]) == EXIT_OUTPUT
    assert "could not be written whole: the disk is full" in capsys.readouterr().err


@pytest.mark.skipif(os.name != "posix", reason="closes the standard output as a POSIX shell's >&- does")
def test_a_closed_standard_output_is_no_traceback_and_the_command_still_runs(station, tmp_path):
    """`pending --json >&-`: what would be printed is dropped (as print() drops it); `init` still writes its
    file. It ended in an AttributeError traceback, exit 1."""
    def run(*args):
        return subprocess.run([sys.executable, "-m", "app", *args], cwd=ROOT, stdin=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, timeout=120,
                              preexec_fn=lambda: os.close(1))  # noqa: PLW1509 - the child's own fd 1

    done = run("pending", "--db", str(station), "--json")
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr.decode()
    other = tmp_path / "other.sqlite3"
    done = run("init", "--station", "Sadar", "--district", "Sitapur", "--db", str(other))
    assert done.returncode == 0 and other.exists(), done.stderr.decode()
