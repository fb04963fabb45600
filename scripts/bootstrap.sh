#!/usr/bin/env bash
# Create or refresh the project's virtual environment (.venv) with what the app needs.
# Usage: scripts/bootstrap.sh [test]   — "test" also installs the test tools and Qt's system libraries.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
want=${1:-app}

need_apt=()
if [ "$want" = "test" ] || [ "$want" = "app" ]; then
  # Libraries PySide6 needs on a bare Debian (offscreen); a real window needs the xcb ones too.
  libs=(libglib2.0-0 libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libxkbcommon0)
  [ "$want" = "app" ] && libs+=(libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
      libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0)
  # poppler: the PDF tests; postgresql: the server scripts/test_pg.sh starts (pg_ctl, initdb) for the
  # tests against PostgreSQL — its own cluster need not run
  [ "$want" = "test" ] && libs+=(poppler-utils postgresql)
  if command -v dpkg-query >/dev/null 2>&1; then
    for lib in "${libs[@]}"; do
      dpkg-query -W -f='${Status}' "$lib" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$lib")
    done
  fi
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "Installing system libraries: ${need_apt[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# The project's packages are installed by uv (PyPI's uv, Astral's installer, itself installed by pip): it
# fetches and unpacks the wheels and compiles their bytecode in parallel, where pip does one file after another.
# On this project, in a new venv: 6-7 s instead of pip's 13 s (22 s with nothing in pip's cache), which is most of
# what a fresh clone waits for before its first test. pip itself is installed into the venv by uv with the
# rest (the README's `.venv/bin/pip install -e ".[server]"`). If uv cannot be had or fails, pip does it all.
has_pip() { "$1" -m pip --version >/dev/null 2>&1; }
# pip 22.3 and later install into another environment (pip --python): then the venv needs no pip of its own
pip_reaches_venvs() {
  "$PY" -c 'import sys, pip; sys.exit(tuple(int(p) for p in pip.__version__.split(".")[:2]) < (22, 3))' 2>/dev/null
}
if [ ! -x .venv/bin/python ]; then
  if pip_reaches_venvs; then
    "$PY" -m venv --without-pip .venv  # venv's own pip install takes 3 s; uv puts pip in below
  else
    "$PY" -m venv .venv
  fi
fi
# The stamp holds the pyproject.toml it installed (its hash), not a time: a checkout that rewrites the file
# with the same content (another branch, a second working copy sharing the venv) installs nothing again.
stamp=.venv/.installed-$want
project_hash=$(cksum < pyproject.toml)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$project_hash" ]; then
  spec=.
  [ "$want" = "test" ] && spec=".[test]"
  pip_in_venv() {  # pip, in the venv: the venv's own, or this python's pointed at the venv
    if has_pip .venv/bin/python; then
      .venv/bin/python -m pip "$@"
    else
      "$PY" -m pip --python .venv/bin/python "$@"
    fi
  }
  # uv reads none of pip's settings: an index, extra indexes, links or a certificate given to pip in the
  # environment are given to uv too (a machine behind a mirror or a proxy's certificate)
  [ -n "${PIP_INDEX_URL:-}" ] && export UV_INDEX_URL=${UV_INDEX_URL:-$PIP_INDEX_URL}
  [ -n "${PIP_EXTRA_INDEX_URL:-}" ] && export UV_EXTRA_INDEX_URL=${UV_EXTRA_INDEX_URL:-$PIP_EXTRA_INDEX_URL}
  [ -n "${PIP_FIND_LINKS:-}" ] && export UV_FIND_LINKS=${UV_FIND_LINKS:-$PIP_FIND_LINKS}
  [ -n "${PIP_CERT:-}" ] && export SSL_CERT_FILE=${SSL_CERT_FILE:-$PIP_CERT}
  if { [ -x .venv/bin/uv ] || pip_in_venv install -q "uv>=0.4,<1" >/dev/null 2>&1; } \
     && .venv/bin/uv pip install -q --compile-bytecode --python .venv/bin/python pip -e "$spec"; then
    :
  else
    echo "uv could not install the project's packages: pip installs them" >&2
    has_pip .venv/bin/python || .venv/bin/python -m ensurepip >/dev/null
    .venv/bin/python -m pip install -q --upgrade pip >/dev/null
    .venv/bin/python -m pip install -q -e "$spec"
  fi
  echo "$project_hash" > "$stamp"
fi
# Compiled translation catalogs are built, never committed.
.venv/bin/python scripts/i18n.py compile >/dev/null
