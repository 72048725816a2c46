#!/usr/bin/env bash
# Every check, from a fresh clone: lint, format, types, the tests (in parallel) on Python 3.11,
# the documentation site (warnings are errors), the sdist and wheel (built, checked, installed
# into a clean virtual environment and run), then the tests on every newer CPython the machine
# has (found on PATH or through pyenv).
#   --quick  lint, types and the tests on one Python only (make check)
#   --docs   only the documentation site (make docs)
# Installs the headless Chromium of the browser tests with apt-get first if it is missing.
# Other arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
# Property tests without per-example deadlines (a timing check, flaky on a loaded machine
# running the tests in parallel) and derandomized, as in CI.
export HYPOTHESIS_PROFILE=${HYPOTHESIS_PROFILE:-ci}
mode=full
case "${1:-}" in
  --quick) mode=quick; shift ;;
  --docs) mode=docs; shift ;;
esac

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

docs() {
  echo "== docs (sphinx-build -W)"
  .venv/bin/python -m sphinx -W -E -q -b html docs docs/_build/html
}

if [ "$mode" != docs ]; then
  ensure_chromium
fi
base=$(find_python 3.11)
base=${base:-python3}
venv_for "$base" .venv
if [ "$mode" = docs ]; then
  docs
  exit 0
fi
echo "== ruff check";          .venv/bin/ruff check .
echo "== ruff format --check"; .venv/bin/ruff format --check .
echo "== mypy --strict";       .venv/bin/mypy
echo "== pytest ($(.venv/bin/python -V), in parallel)"
.venv/bin/python -m pytest -q -p no:cacheprovider -n auto "$@"
if [ "$mode" = quick ]; then
  exit 0
fi
docs
bash scripts/wheel.sh .venv/bin/python

for v in 3.12 3.13; do
  py=$(find_python "$v")
  if [ -n "$py" ]; then
    venv_for "$py" ".venv-$v"
    echo "== pytest ($(".venv-$v/bin/python" -V), in parallel)"
    ".venv-$v/bin/python" -m pytest -q -p no:cacheprovider -n auto "$@"
  else
    echo "== Python $v not found: skipped"
  fi
done
