#!/usr/bin/env bash
# The whole test suite from a fresh clone: install, lint, typecheck, build, start the real servers of
# the scaled side, then unit, scaled, API and end-to-end tests (the last three against the built app), and a
# bounded fuzz pass over the API.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n== %s\n' "$*"; }

# Node.js 24 or newer first on PATH (fetched into .cache/node/ when the machine's is older): install,
# build, tests, servers and benches all run on it.
source scripts/node/ensure-node.sh
step "node $(node -v) ($(command -v node)), npm $(npm -v)"

# Installed again when the lock file changed, or when node_modules was installed by a Node.js of another
# ABI (the postinstall script records it in node_modules/.node-abi): a native module built for that one
# would not load.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
  || [ "$(cat node_modules/.node-abi 2>/dev/null)" != "$(node -p process.versions.modules)" ]; then
  step "npm ci"
  npm ci --no-audit --no-fund
fi
step "chromium"
bash tests/support/ensure-chromium.sh
step "services (Redis, FerretDB, Elasticsearch, versitygw)"
bash scripts/services/start.sh
# On CI nothing may outlive the run; on a workstation they stay up for the next run (npm run services:stop).
if [ -n "${CI:-}" ]; then trap 'bash scripts/services/stop.sh' EXIT; fi
step "lint"
npm run --silent lint
step "typecheck"
npm run --silent typecheck
step "build"
npm run --silent build > /dev/null
step "tests"
report="$(mktemp -d)/vitest.json"
status=0
npx vitest run --coverage --reporter=default --reporter=json --outputFile.json="$report" || status=$?
# One plain closing line with the totals of all tiers, and the coverage of the app's own code.
node -e 'const r = require(process.argv[1]); console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`)' "$report" || true
node scripts/coverage-summary.mjs coverage/coverage-summary.json || true
step "fuzz (Schemathesis over /api/openapi.json)"
npm run --silent test:fuzz || status=$?
exit "$status"
