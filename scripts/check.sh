#!/usr/bin/env bash
# Every check, from a fresh clone: lint, format, types, and the test suite on Python 3.11
# and on every newer CPython the machine has (found on PATH or through pyenv). Installs the
# headless Chromium of the browser tests with apt-get first if it is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

venv_for() {  # venv_for <python> <dir>: create <dir> if missing and install the project
  local py=$1 dir=$2
  if [ ! -x "$dir/bin/python" ]; then
    "$py" -m venv "$dir"
  fi
  "$dir/bin/python" -m pip install -q --disable-pip-version-check -e ".[dev]"
}

find_python() {  # find_python 3.12 -> path of an interpreter of that version, or nothing
  local v=$1 cand
  for cand in "python$v" "$HOME/.pyenv/versions/$v"*/bin/python; do
    if command -v "$cand" >/dev/null 2>&1 \
      && "$cand" -c "import sys; sys.exit(sys.version_info[:2] != tuple(map(int, '$v'.split('.'))))" 2>/dev/null; then
      command -v "$cand"
      return
    fi
  done
}

ensure_chromium() {  # the panel's browser tests (tests/panel) drive Debian's headless Chromium
  if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    return
  fi
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "== chromium missing, no root and no sudo: the browser tests skip (and fail under CI)"
      return
    fi
    sudo=sudo
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "== chromium missing and no apt-get: the browser tests skip (and fail under CI)"
    return
  fi
  echo "== apt-get install chromium chromium-driver"
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends chromium chromium-driver
}

ensure_chromium
base=$(find_python 3.11)
base=${base:-python3}
venv_for "$base" .venv
echo "== ruff check";          .venv/bin/ruff check .
echo "== ruff format --check"; .venv/bin/ruff format --check .
echo "== mypy --strict";       .venv/bin/mypy
echo "== pytest ($(.venv/bin/python -V))"
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"

for v in 3.12 3.13; do
  py=$(find_python "$v")
  if [ -n "$py" ]; then
    venv_for "$py" ".venv-$v"
    echo "== pytest ($(".venv-$v/bin/python" -V))"
    ".venv-$v/bin/python" -m pytest -q -p no:cacheprovider "$@"
  else
    echo "== Python $v not found: skipped"
  fi
done
