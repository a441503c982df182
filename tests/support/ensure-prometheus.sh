#!/usr/bin/env bash
# The metrics test scrapes the app with a real Prometheus, and the alert rules are checked and unit-tested by
# its promtool: both come from Debian's `prometheus` package. Installs it when missing.
set -euo pipefail
if command -v prometheus >/dev/null && command -v promtool >/dev/null; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Prometheus is missing: install Debian's 'prometheus' package (it brings promtool)." >&2
  exit 1
fi
echo "Installing Prometheus (apt-get)…"
apt-get update -qq
# Only the binaries are needed: the package's service is not started here (the tests start their own).
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null
