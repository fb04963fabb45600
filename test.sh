#!/usr/bin/env bash
# Run the whole test suite. Installs what it needs first (venv, test tools, Qt's system libraries, poppler,
# PostgreSQL's server programs).
#
#   ./test.sh            every test on SQLite, and the service and CLI tests (tests/services, tests/cli) again
#                        on a throwaway PostgreSQL server that this script starts and always stops; the two
#                        runs go side by side, with the bundle build (tests/test_bundle.py) as a third run
#                        started first; the SQLite run is spread over one worker per core (pytest-xdist); the
#                        PostgreSQL run only runs the tests that use a test database (the others run the same
#                        code in the SQLite run); the reports follow each other
#   ./test.sh ARGS...    only pytest ARGS on SQLite (e.g. ./test.sh -x -q tests/ui); scripts/test_pg.sh ARGS
#                        runs ARGS on PostgreSQL
#   ANUPALAN_TEST_DATABASE_URL=postgresql+psycopg://USER@HOST:PORT/DB ./test.sh
#                        the PostgreSQL run uses that (empty) database instead of starting a server
#   ANUPALAN_TEST_PG=0 ./test.sh   the SQLite run alone
set -euo pipefail
cd "$(dirname "$0")"
# Compiled files are kept, as an installed app keeps them: with PYTHONDONTWRITEBYTECODE set (some shells and
# CI images set it) every pytest process would rewrite and compile every test module again, and every
# `python -m app` a test starts would compile the app modules it imports again.
unset PYTHONDONTWRITEBYTECODE
export QT_QPA_PLATFORM=offscreen
PY=.venv/bin/python

# The tests' files (thousands of small databases, each committed with fsync) go to a folder in memory when the
# machine has one with room (/dev/shm, 2 GB free): the test PostgreSQL server runs without fsync for the same
# reason. The app's own code is unchanged; what the tests check of durability they check by killing processes,
# which a memory folder does not change. ANUPALAN_TEST_TMP=disk keeps them in the usual temp folder.
test_tmp=""
if [ "${ANUPALAN_TEST_TMP:-}" != "disk" ] && [ -d /dev/shm ] && [ -w /dev/shm ] \
   && [ "$(df -Pk /dev/shm 2>/dev/null | awk 'NR==2 {print $4}')" -ge 2097152 ] 2>/dev/null; then
  test_tmp=$(mktemp -d /dev/shm/anupalan-tests.XXXXXX)
  chmod 755 "$test_tmp"  # the test PostgreSQL server runs as its own user and keeps its cluster in here
  export TMPDIR="$test_tmp"
  trap 'rm -rf "$test_tmp"' EXIT
fi

# The whole run's throwaway PostgreSQL server starts first, in the background, while the venv is made or checked
# (it needs only PostgreSQL's server programs and python3's standard library): in a fresh clone its initdb and
# start would otherwise come after the venv's install, with one core idle. Without the server programs yet (the
# bootstrap installs them), or if this start fails, the server is started after the bootstrap as before.
early_out=""
early_pid=""
early_py=""
server_dir=""
start_server() {  # PYTHON QUIET: started in the background, its two lines to a file (stop_early_server reads it)
  early_py=$1
  early_out=$(mktemp -t anupalan-pg-start.XXXXXX)
  local session=()
  # in a session of its own: a Ctrl+C, a hang-up or a TERM to the whole process group cannot kill it between its
  # pg_ctl start and the two lines it prints (the server would run on with nobody knowing its folder)
  command -v setsid >/dev/null 2>&1 && session=(setsid -w)
  if [ "$2" = quiet ]; then
    "${session[@]}" "$1" scripts/pg_test_server.py start >"$early_out" 2>/dev/null &
  else
    "${session[@]}" "$1" scripts/pg_test_server.py start >"$early_out" &
  fi
  early_pid=$!
}
take_server() {  # waits for start_server; sets url and server_dir, or fails (a half-started server stopped)
  local ok=1
  if wait "$early_pid" && grep -q '^ANUPALAN_TEST_DATABASE_URL=' "$early_out"; then
    server_dir=$(sed -n 's/^PG_TEST_DIR=//p' "$early_out")
    url=$(sed -n 's/^ANUPALAN_TEST_DATABASE_URL=//p' "$early_out")
    ok=0
  fi
  if [ "$ok" -ne 0 ]; then
    stop_early_server  # half started: stopped
  fi
  early_pid=""
  rm -f "$early_out"
  return "$ok"
}
stop_early_server() {  # a server start_server made, when the run ends before taking it
  [ -n "$early_pid" ] || return 0
  wait "$early_pid" 2>/dev/null || true
  early_pid=""
  local dir
  dir=$(sed -n 's/^PG_TEST_DIR=//p' "$early_out" 2>/dev/null || true)
  [ -n "$dir" ] && "$early_py" scripts/pg_test_server.py stop "$dir" >/dev/null 2>&1 || true
  rm -f "$early_out"
}
trap 'trap "" INT TERM HUP; stop_early_server; [ -n "$test_tmp" ] && rm -rf "$test_tmp"; true' EXIT
trap 'exit 130' INT TERM HUP
if [ $# -eq 0 ] && [ "${ANUPALAN_TEST_PG:-1}" != "0" ] && [ -z "${ANUPALAN_TEST_DATABASE_URL:-}" ] \
   && command -v python3 >/dev/null 2>&1 \
   && { command -v pg_ctl >/dev/null 2>&1 || compgen -G "/usr/lib/postgresql/*/bin/pg_ctl" >/dev/null; }; then
  start_server python3 quiet
fi

scripts/bootstrap.sh test

if [ $# -gt 0 ] || [ "${ANUPALAN_TEST_PG:-1}" = "0" ]; then
  # SQLite only: the database URL of a PostgreSQL run must not leak into it. In the foreground, as before (a
  # Ctrl+C reaches pytest; --pdb reads the terminal)
  trap - INT TERM HUP
  status=0
  env -u ANUPALAN_TEST_DATABASE_URL "$PY" -m pytest "$@" || status=$?
  exit "$status"
fi

log=$(mktemp -t anupalan-pg-tests.XXXXXX)
bundle_log=$(mktemp -t anupalan-bundle-tests.XXXXXX)
pg_pid=""
bundle_pid=""
sqlite_pid=""
cleanup() {
  trap '' INT TERM HUP  # a second Ctrl+C must not cut the cleanup short (nor the server's stop, which inherits this)
  local run kids running
  running=" $(jobs -rp | tr '\n' ' ') "  # a run bash has reaped already: its pid may belong to another process now
  for run in "$sqlite_pid" "$pg_pid" "$bundle_pid"; do  # a run ended early: it and its children (the pytest
    [ -n "$run" ] && [[ "$running" == *" $run "* ]] || continue  # workers, the bundle's PyInstaller) at once
    kids=$(pgrep -P "$run" 2>/dev/null || true)
    kill -TERM "$run" $kids 2>/dev/null || true
  done
  stop_early_server
  rm -f "$bundle_log"
  [ -n "$server_dir" ] && "$PY" scripts/pg_test_server.py stop "$server_dir" >/dev/null 2>&1 || true
  rm -f "$log"
  [ -n "$test_tmp" ] && rm -rf "$test_tmp"
  true
}
trap cleanup EXIT

# The bundle build (PyInstaller, about a minute of one core) starts first, in the background: the other two runs
# share the machine with it instead of waiting for it at the end.
env -u ANUPALAN_TEST_DATABASE_URL "$PY" -m pytest -q -p no:cacheprovider tests/test_bundle.py >"$bundle_log" 2>&1 &
bundle_pid=$!

# One collection first, alone: it writes the compiled test modules (pytest's rewritten asserts) and app modules
# once. Without it, in a fresh clone, the four worker processes started next each compiled all of them at the
# same moment (about 5 s of CPU each, thrown away by three of them). Skipped when they are compiled already.
if [ -z "$(find tests -name 'conftest*-pytest-*.pyc' -print -quit)" ]; then
  env -u ANUPALAN_TEST_DATABASE_URL "$PY" -m pytest -q -p no:cacheprovider --collect-only >/dev/null 2>&1 || true
fi

url="${ANUPALAN_TEST_DATABASE_URL:-}"
if [ -z "$url" ] && [ -n "$early_pid" ]; then
  take_server || true  # failed: started again below
fi
if [ -z "$url" ]; then
  start_server "$PY" loud
  take_server || { echo "the PostgreSQL test server did not start" >&2; exit 1; }
fi

# The PostgreSQL run in the background, its report kept for the end; the SQLite run waited for below. The
# PostgreSQL run is split over workers too (each has its own template and work database: their names carry the
# worker's process id): alone it would be the longest chain of the three, the client waiting on the server.
ANUPALAN_TEST_PG_DB_ONLY=1 ANUPALAN_TEST_DATABASE_URL="$url" "$PY" -m pytest -q -p no:cacheprovider \
  --numprocesses auto --dist loadfile --no-loadscope-reorder tests/services tests/cli >"$log" 2>&1 &
pg_pid=$!
sqlite_status=0
# The SQLite run is spread over one worker process per core (pytest-xdist; a test file's tests stay together, so
# a module's shared fixtures are made once; the files are taken in the order tests/conftest.py gives them, the
# window's and the long ones first, not xdist's own, which put the files with fewest tests, often the longest,
# last: --no-loadscope-reorder): with the other two runs, the cores are busy to the end instead of
# one waiting for the longest run. Session fixtures' costly files are built once for all workers (built_once).
# It runs in the background too, its output still on this terminal, and is waited for: bash runs a trap only once
# the foreground command has ended, so a Ctrl+C or a TERM stopped nothing until the whole SQLite run was over.
env -u ANUPALAN_TEST_DATABASE_URL "$PY" -m pytest -q -p no:cacheprovider --ignore=tests/test_bundle.py \
  --numprocesses auto --dist loadfile --no-loadscope-reorder &
sqlite_pid=$!
wait "$sqlite_pid" || sqlite_status=$?
sqlite_pid=""
pg_status=0
wait "$pg_pid" || pg_status=$?
pg_pid=""
bundle_status=0
wait "$bundle_pid" || bundle_status=$?
bundle_pid=""
echo
echo "=== the bundle build and its self-test (tests/test_bundle.py, SQLite)"
cat "$bundle_log"
echo
echo "=== the service and CLI tests on PostgreSQL ($(echo "$url" | sed -E 's#//([^:@/]*):[^@]*@#//\1:***@#'))"
cat "$log"
if [ "$sqlite_status" -ne 0 ] || [ "$pg_status" -ne 0 ] || [ "$bundle_status" -ne 0 ]; then
  echo "FAILED: SQLite run exit $sqlite_status, PostgreSQL run exit $pg_status, bundle run exit $bundle_status" >&2
  exit 1
fi
