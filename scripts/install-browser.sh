#!/usr/bin/env bash
# Install headless Chromium and its WebDriver from the Debian archive for the browser tests
# (tests marked `browser`). Never downloads a browser from anywhere else. Idempotent: does
# nothing when /usr/bin/chromium and /usr/bin/chromedriver are already there.
set -euo pipefail

if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
    echo "chromium and chromedriver already installed: $(/usr/bin/chromium --version 2>/dev/null || echo unknown)"
    exit 0
fi

SUDO=""
if [[ "$(id -u)" -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "error: run this script as root or install sudo (it calls apt-get)." >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium chromium-driver

for binary in /usr/bin/chromium /usr/bin/chromedriver; do
    if [[ ! -x "$binary" ]]; then
        echo "error: $binary is still missing after apt-get install; check the apt sources." >&2
        exit 1
    fi
done
echo "installed: $(/usr/bin/chromium --version 2>/dev/null || echo chromium)"
