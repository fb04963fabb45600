#!/usr/bin/env bash
# Run the service and command-line tests against a throwaway PostgreSQL server, always stopping it after.
# Usage: scripts/test_pg.sh [pytest options and paths]     (paths default to tests/services tests/cli)
#   e.g. scripts/test_pg.sh -q      scripts/test_pg.sh -x -q -k audit      scripts/test_pg.sh tests/services/test_store_differences.py
# Runs scripts/bootstrap.sh test first (PostgreSQL's server programs, psycopg in .venv), as test.sh does.
set -euo pipefail
cd "$(dirname "$0")/.."
# Compiled files are kept, as an installed app keeps them: with PYTHONDONTWRITEBYTECODE set (some shells and
# CI images set it) every pytest process would rewrite and compile every test module again, and every
# `python -m app` a test starts would compile the app modules it imports again.
unset PYTHONDONTWRITEBYTECODE
scripts/bootstrap.sh test   # the venv with psycopg, and PostgreSQL's server programs (as test.sh does)
PY=.venv/bin/python
# start prints ANUPALAN_TEST_DATABASE_URL=... and PG_TEST_DIR=... (a temp folder holding the cluster)
server=$("$PY" scripts/pg_test_server.py start)   # a failed start stops the script here (set -e)
eval "$server"
trap '"$PY" scripts/pg_test_server.py stop "$PG_TEST_DIR"' EXIT   # however the run ends
export ANUPALAN_TEST_DATABASE_URL QT_QPA_PLATFORM=offscreen
echo "PostgreSQL test server: $ANUPALAN_TEST_DATABASE_URL" >&2
args=("$@")
has_path=0
for a in "${args[@]+"${args[@]}"}"; do case "$a" in tests*) has_path=1;; esac; done
[ $has_path -eq 1 ] || args=(tests/services tests/cli "${args[@]+"${args[@]}"}")
# pytest runs in the background so that a signal to this script is handled at once (bash runs a trap only
# between commands, and waiting for a foreground child is one command): it stops pytest, then the server
"$PY" -m pytest -p no:cacheprovider "${args[@]}" &
child=$!
trap 'kill -TERM "$child" 2>/dev/null; exit 130' INT TERM HUP
wait "$child"   # pytest's exit status is the script's (set -e)
