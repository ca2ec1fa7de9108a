#!/usr/bin/env bash
# Set up .venv with themes and everything it needs. Safe to run again: it only installs
# what changed. Usage: bash scripts/setup.sh [--dev]
#   --dev  also the test tools, the headless browser used by the report test and strace
#          (from the Debian archive) used by the network test
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1
python=${PYTHON:-python3}
# A CPU build of torch first, so the install does not pull a multi-GB GPU build.
torch_spec=${TORCH_SPEC:-torch==2.13.0}

if [ ! -x .venv/bin/python ]; then
  echo "Creating .venv"
  "$python" -m venv .venv
fi
stamp=".venv/.themes-installed-$dev-$(sha256sum pyproject.toml | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  if ! .venv/bin/python -c "import torch" 2>/dev/null; then
    echo "Installing $torch_spec (CPU build)"
    .venv/bin/python -m pip install --quiet "$torch_spec"
  fi
  if [ "$dev" = 1 ]; then
    echo "Installing themes with its test tools"
    .venv/bin/python -m pip install --quiet -e ".[dev]"
    # qualitative-coding (tests only) ships REFI-QDA's Project.xsd, an NVivo .qdpx and a
    # REFI-QDA importer; its own requirements would downgrade rich and pull in spaCy, so it is
    # installed without them (what its importer needs is in the dev extra).
    .venv/bin/python -m pip install --quiet --no-deps "qualitative-coding==1.7.8"
  else
    echo "Installing themes"
    .venv/bin/python -m pip install --quiet -e .
  fi
  touch "$stamp"
fi
if [ "$dev" = 1 ]; then
  bash scripts/install-browser.sh
  # tests/test_network.py runs every command under strace: nothing may leave the machine.
  if ! command -v strace >/dev/null 2>&1; then
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
      if ! command -v sudo >/dev/null 2>&1; then
        echo "error: run this as root or install sudo (apt-get installs strace)." >&2
        exit 1
      fi
      sudo="sudo"
    fi
    echo "Installing strace"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends strace
    if ! command -v strace >/dev/null 2>&1; then
      echo "error: strace is still missing after apt-get install; check the apt sources." >&2
      exit 1
    fi
  fi
fi
echo "Ready: .venv/bin/themes --help"
