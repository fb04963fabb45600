#!/usr/bin/env python3
"""A throwaway PostgreSQL server for the tests: a fresh cluster in a temp folder on a free high port.

    scripts/pg_test_server.py start            # prints ANUPALAN_TEST_DATABASE_URL=... and PG_TEST_DIR=...
    scripts/pg_test_server.py stop DIR         # pg_ctl -m immediate stop, then removes DIR
    scripts/pg_test_server.py run -- CMD ...   # start, run CMD with ANUPALAN_TEST_DATABASE_URL set, always stop

Run as root, the cluster belongs to the ``postgres`` user (the server refuses to run as root) and the
commands go through ``runuser``; as anyone else it belongs to that user. Authentication is ``trust`` and
the server listens on 127.0.0.1 only. Durability is switched off (fsync, synchronous_commit,
full_page_writes): the data is thrown away at the end, and it makes the tests several times faster.
The server binaries are looked up on PATH, then in /usr/lib/postgresql/<newest>/bin (Debian's layout).
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

SERVER_SETTINGS = ("-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
                   "-c max_connections=200 -c shared_buffers=64MB")
# A linguistic collation, as a real server's database would have (en_US.UTF-8 or similar): ORDER BY on text
# then differs from SQLite's byte order, so the tests catch an order that depends on the database's collation.
ICU = ("--locale-provider=icu", "--icu-locale=en-IN")


def bin_dir() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"),
                      key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0)
    if versions:
        return versions[-1].parent
    sys.exit("PostgreSQL's server programs (pg_ctl, initdb) are not installed: "
             "run scripts/bootstrap.sh test, or apt-get install postgresql.")


def as_owner(argv: list[str]) -> list[str]:
    """Run as the ``postgres`` user when we are root (the server refuses root)."""
    return ["runuser", "-u", "postgres", "--", *argv] if os.geteuid() == 0 else argv


def free_port() -> int:
    """A free port in the high range (the kernel picks it; ephemeral ports are above 32768)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start() -> tuple[str, Path]:
    """Start a cluster; returns (URL of a database ``postgres`` may use to create others, folder)."""
    pg = bin_dir()
    folder = Path(tempfile.mkdtemp(prefix="anupalan-pg-"))
    try:
        if os.geteuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        data = folder / "data"
        initdb = [str(pg / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync"]
        made = subprocess.run(as_owner([*initdb, *ICU]), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if made.returncode != 0:  # a server built without ICU (before 15, or configured so): the C collation
            shutil.rmtree(data, ignore_errors=True)
            print("pg_test_server: no ICU collation, the database sorts text as C does", file=sys.stderr)
            subprocess.run(as_owner(initdb), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _attempt in range(5):  # another process may take the port between probing and starting
            port = free_port()
            opts = f"-p {port} -k {folder} -h 127.0.0.1 {SERVER_SETTINGS}"
            done = subprocess.run(as_owner([str(pg / "pg_ctl"), "-D", str(data), "-o", opts,
                                            "-l", str(folder / "log"), "-w", "-t", "30", "start"]),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            if done.returncode == 0:
                return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", folder
        raise RuntimeError("the server did not start:\n" + (folder / "log").read_text(errors="replace")[-2000:])
    except BaseException:
        stop(folder)
        raise


def stop(folder: Path) -> None:
    """Stop the server at once (nothing in it is worth a clean shutdown) and remove its folder."""
    folder = Path(folder)
    data = folder / "data"
    if (data / "postmaster.pid").exists():
        subprocess.run(as_owner([str(bin_dir() / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"]),
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if folder.name.startswith("anupalan-pg-"):  # never remove anything this script did not make
        shutil.rmtree(folder, ignore_errors=True)


def run(command: list[str]) -> int:
    url, folder = start()
    child = None

    def forward(signum, _frame):
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    try:
        for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(sig, forward)
        env = {**os.environ, "ANUPALAN_TEST_DATABASE_URL": url}
        print(f"PostgreSQL test server: {url} ({folder})", file=sys.stderr)
        child = subprocess.Popen(command, env=env)
        return child.wait()
    finally:
        stop(folder)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="action", required=True)
    sub.add_parser("start", help="start a server; print shell assignments of its URL and folder")
    p_stop = sub.add_parser("stop", help="stop the server in DIR and remove DIR")
    p_stop.add_argument("dir")
    p_run = sub.add_parser("run", help="run a command against a fresh server, then stop it")
    p_run.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    if args.action == "start":
        url, folder = start()
        print(f"ANUPALAN_TEST_DATABASE_URL={url}")
        print(f"PG_TEST_DIR={folder}")
        return 0
    if args.action == "stop":
        stop(Path(args.dir))
        return 0
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("run needs a command, e.g. run -- pytest tests/services")
    return run(command)


if __name__ == "__main__":
    sys.exit(main())
