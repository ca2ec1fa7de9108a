#!/usr/bin/env bash
# Set everything up, then find candidate themes in the bundled demo study and write the report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/themes run examples/peer-support-study --project demo-project "$@"
