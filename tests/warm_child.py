"""Console commands to kill part way, started warm: the tests that kill ``python -m app …`` at points spread over
its run (restore, recovery) care about what the command does to the file, not about the interpreter's start.

A ``Starter`` is one ``python`` process (the "parent", single-threaded) that imported the app's command line
once; for each run it forks a child that runs ``python -m app ARGV`` as ``app/__main__.py`` would (the same
``main``, a process of its own, its output thrown away, its errors on the test's stderr), kills it with SIGKILL
``kill_after`` seconds after the fork if it is still running, and reports how it ended. So every kill lands in
the command's own work instead of in the interpreter's start (most of a cold run), the time a whole run takes
is measured the same way, and no child pays for the imports again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_PARENT = r"""
import json, os, signal, sys, time
import app.__main__ as entry
import app.cli
for name in sys.argv[1:]:
    __import__(name)
out = sys.stdout
out.write("ready\n"); out.flush()

def child(argv, err_fd=None, env=None):
    # in a forked child: python -m app ARGV as app/__main__.py runs it, then exit with its code; stdin and stdout
    # thrown away, stderr the test's unless err_fd is given, the environment replaced when env is given
    code = 70
    try:
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(null, 1)
        if err_fd is not None:
            os.dup2(err_fd, 2)
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        sys.argv = ["app", *argv]
        code = entry.main()
        code = code if isinstance(code, int) else 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:  # as the interpreter would end an uncaught error: its traceback, exit 1
        import traceback
        traceback.print_exc()
        code = 1
    finally:
        sys.stderr.flush()
        os._exit(code)

def together(ask):
    # every argv in a child of its own, all started at once, each with the test's environment at the time of the
    # ask and its stderr kept apart; wait for them all
    import tempfile
    children = []
    for argv in ask["together"]:
        err = tempfile.TemporaryFile()
        pid = os.fork()
        if pid == 0:
            child(argv, err.fileno(), ask["env"])
        children.append((pid, err))
    ended = {}
    deadline = time.monotonic() + ask["timeout"]
    while len(ended) < len(children):  # a child still running at the deadline is killed (a hang fails the test)
        for pid, _err in children:
            if pid not in ended:
                got, status = os.waitpid(pid, os.WNOHANG)
                if got == pid:
                    ended[pid] = status
        if len(ended) < len(children):
            if time.monotonic() > deadline:
                for pid, _err in children:
                    if pid not in ended:
                        os.kill(pid, signal.SIGKILL)
            time.sleep(0.01)
    done = []
    for pid, err in children:
        status = ended[pid]
        err.seek(0)
        done.append({"code": os.WEXITSTATUS(status) if os.WIFEXITED(status) else -os.WTERMSIG(status),
                     "err": err.read().decode("utf-8", "backslashreplace")})
        err.close()
    return done


for line in sys.stdin:
    ask = json.loads(line)
    if "together" in ask:
        out.write(json.dumps(together(ask)) + "\n"); out.flush()
        continue
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        child(ask["argv"])
    if ask["kill_after"] is not None:
        time.sleep(max(0.0, ask["kill_after"] - (time.monotonic() - start)))
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    _, status = os.waitpid(pid, 0)
    took = time.monotonic() - start
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    out.write(json.dumps({"killed": killed, "code": code, "took": took}) + "\n"); out.flush()
"""


class Starter:
    """``with Starter("app.cli.backup") as s: s.run("restore", …, kill_after=0.05)`` (modules to import once)."""

    def __init__(self, *preload: str):
        self.proc = subprocess.Popen([sys.executable, "-c", _PARENT, *preload], cwd=ROOT, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout.readline() == "ready\n", "the warm parent did not start"

    def run(self, *argv, kill_after: float | None = None) -> dict:
        """Run ``python -m app ARGV`` in a fresh child; SIGKILL it ``kill_after`` s after it started unless it
        ended first. ``{"killed": bool, "code": exit code or None, "took": seconds from start to end}``."""
        self.proc.stdin.write(json.dumps({"argv": [str(a) for a in argv], "kill_after": kill_after}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, "the warm parent ended"
        return json.loads(line)

    def together(self, *argvs: list, timeout: float = 120) -> list[dict]:
        """Each ``python -m app ARGV`` of ``argvs`` in a child of its own, all forked at once (parallel processes on
        the same files, each with its own connections), with the environment the test has now; waits for all (one
        still running after ``timeout`` seconds is killed: -9).
        ``[{"code": exit code (minus the signal if killed), "err": its stderr}, …]`` in the order given."""
        ask = {"together": [[str(a) for a in argv] for argv in argvs], "env": dict(os.environ), "timeout": timeout}
        self.proc.stdin.write(json.dumps(ask) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        assert line, "the warm parent ended"
        return json.loads(line)

    def close(self) -> None:
        self.proc.stdin.close()
        self.proc.wait(timeout=30)

    def __enter__(self) -> Starter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
