#!/usr/bin/env bash
# The end-to-end tests drive Debian's Chromium through playwright-core (Playwright's own browser
# download cannot be used offline). Installs it when missing.
set -euo pipefail
chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium_path" ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing at $chromium_path: install Debian's 'chromium' package, or set CHROMIUM_PATH." >&2
  exit 1
fi
echo "Installing Chromium (apt-get)…"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
