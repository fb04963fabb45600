#!/usr/bin/env bash
# Run the whole test suite. Installs what it needs first (venv, test tools, Qt's system libraries).
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh test
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
