#!/usr/bin/env bash
# Create .venv if needed, install the project with its CLI, run the demo against the
# embedded emulator (no network, no set-up).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[cli]"
exec .venv/bin/camedomotic demo "$@"
