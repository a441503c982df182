#!/usr/bin/env bash
# The whole test suite from a fresh clone: install, lint, typecheck, build, then unit, API and
# end-to-end tests (the last two against the built server in .output/).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm ci"
  npm ci --no-audit --no-fund
fi
step "chromium"
bash tests/support/ensure-chromium.sh
step "lint"
npm run --silent lint
step "typecheck"
npm run --silent typecheck
step "build"
npm run --silent build > /dev/null
step "tests"
npx vitest run
