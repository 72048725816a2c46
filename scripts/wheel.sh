#!/usr/bin/env bash
# The package as a user gets it: build the sdist and the wheel, check their metadata, install
# the wheel into a clean virtual environment outside the source tree, check the one-line hint
# of the command without its extra, then install the extra and run --help and the demo.
#   bash scripts/wheel.sh <python with build and twine>
set -euo pipefail
cd "$(dirname "$0")/.."
py=$1
dist=$(mktemp -d)
venv=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$dist" "$venv" "$log"' EXIT

echo "== build sdist and wheel"
"$py" -m build --sdist --wheel --outdir "$dist" . >"$log" 2>&1 || { cat "$log" >&2; exit 1; }
"$py" -m twine check --strict "$dist"/*
wheel=$(ls "$dist"/*.whl)

echo "== install $(basename "$wheel") into a clean venv"
"$py" -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check "$wheel"
cd "$venv"  # nothing from the source tree on sys.path
"$venv/bin/python" -c "import aiocamedomotic; print('aiocamedomotic', aiocamedomotic.__version__)"
set +e
hint=$("$venv/bin/camedomotic" --help 2>&1)
code=$?
set -e
if [ "$code" != 1 ] || [ "$hint" != "camedomotic needs the command-line extra (missing: click, rich, platformdirs): pip install 'aiocamedomotic[cli]'" ]; then
  echo "camedomotic without the cli extra: expected the one-line hint and exit 1, got exit $code:" >&2
  echo "$hint" >&2
  exit 1
fi
echo "without the extra: $hint"

echo "== with the cli extra: camedomotic --help, camedomotic demo"
"$venv/bin/python" -m pip install -q --disable-pip-version-check "$wheel[cli]"
"$venv/bin/camedomotic" --help >/dev/null
"$venv/bin/camedomotic" demo >/dev/null
echo "installed wheel: --help and demo ran"
