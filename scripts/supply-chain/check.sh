#!/usr/bin/env bash
# Supply-chain checks (docs/security.md, "Supply chain"), in seconds: the lock file's integrity and sources,
# then known high or critical vulnerabilities in production dependencies (`npm audit --omit=dev`).
# `npm ci` itself verifies every tarball against the lock's integrity and, with engine-strict (.npmrc),
# refuses a package whose `engines` exclude this Node.js.
set -euo pipefail
cd "$(dirname "$0")/../.."

npx tsx scripts/supply-chain/lockfile.ts package-lock.json "$(npm config get registry)"
npx lockfile-lint --path package-lock.json --type npm --allowed-hosts npm --validate-https --validate-integrity --validate-package-names

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
npm audit --omit=dev --audit-level=high --json > "$report" 2> /dev/null || true
npx tsx scripts/supply-chain/audit.ts "$report"
