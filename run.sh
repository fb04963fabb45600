#!/usr/bin/env bash
# Run Anupalan. First use creates .venv and installs what the app needs.
# Any arguments go to the app: none opens the window; a subcommand runs the CLI (e.g. ./run.sh check).
set -euo pipefail
cd "$(dirname "$0")"
scripts/bootstrap.sh app
exec .venv/bin/python -m app "$@"
