#!/usr/bin/env bash
# Every check, from a fresh clone: lint, format, types, and the test suite on Python 3.11
# and on every newer CPython the machine has (found on PATH or through pyenv).
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
