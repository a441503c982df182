#!/usr/bin/env bash
# The whole test suite from a fresh clone: install, lint, typecheck, start the real servers of the scaled side,
# build, then unit, scaled, API and end-to-end tests (the last three against the built app), and a bounded fuzz
# pass over the API. `npm test -- <tier>` runs one tier with only what it needs.
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
# One tier alone (`npm test -- unit`, `scaled`, `api`, `e2e`, `fuzz` or `image`), or everything without an argument.
tier="${1:-all}"
case "$tier" in all|unit|scaled|api|e2e|fuzz|image) ;; *) echo "unknown tier '$tier': all, unit, scaled, api, e2e, fuzz or image" >&2; exit 2 ;; esac
wants() { [ "$tier" = all ] || [ "$tier" = "$1" ]; }

# Checks that need nothing running come first, so a lint error fails in seconds.
step "lint"
npm run --silent lint
step "typecheck"
npm run --silent typecheck
# The lock file's integrity and sources, and known high or critical vulnerabilities of production dependencies.
step "supply chain"
npm run --silent supply-chain
step "workflows (actionlint)"
npm run --silent lint:workflows
step "Kubernetes manifests (a real kube-apiserver)"
npm run --silent check:k8s
step "alert rules and dashboards (promtool)"
npm run --silent check:alerts
if wants e2e; then
  step "chromium"
  bash tests/support/ensure-chromium.sh
fi
if wants scaled; then
  step "prometheus"
  bash tests/support/ensure-prometheus.sh
  step "services (Redis, FerretDB, Elasticsearch, versitygw)"
  bash scripts/services/start.sh
  # On CI nothing may outlive the run; on a workstation they stay up for the next run (npm run services:stop).
  if [ -n "${CI:-}" ]; then trap 'bash scripts/services/stop.sh' EXIT; fi
fi
if [ "$tier" != unit ] && [ "$tier" != image ]; then
  step "build"
  npm run --silent build > /dev/null
fi
status=0
if [ "$tier" != fuzz ] && [ "$tier" != image ]; then
  step "tests"
  report="$(mktemp -d)/vitest.json"
  projects=()
  [ "$tier" = all ] || projects=(--project "$tier")
  npx vitest run "${projects[@]}" --coverage --reporter=default --reporter=json --outputFile.json="$report" || status=$?
  # One plain closing line with the totals, and the coverage of the app's own code.
  node -e 'const r = require(process.argv[1]); console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`)' "$report" || true
  node scripts/coverage-summary.mjs coverage/coverage-summary.json || true
fi
if wants fuzz; then
  step "fuzz (Schemathesis over /api/openapi.json)"
  npm run --silent test:fuzz || status=$?
fi
if wants image; then
  step "container image (built and run with podman)"
  npm run --silent test:image || status=$?
fi
exit "$status"
