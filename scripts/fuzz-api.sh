#!/usr/bin/env bash
# A bounded fuzz pass over the HTTP API with Schemathesis, driven by /api/openapi.json: it starts the built
# app (`npm run build` first) on a free port with a fresh data folder, registers and signs in as its admin and
# fails on any 5xx answer or any answer that breaks the document (status, media type or body schema).
# Schemathesis is installed once into a virtual environment under node_modules/.cache and reused.
set -euo pipefail
cd "$(dirname "$0")/.."

schemathesis_version=4.32.5
max_examples="${FUZZ_MAX_EXAMPLES:-15}"
cache="${FUZZ_CACHE_DIR:-node_modules/.cache/fuzz-api}"
venv="$cache/venv-$schemathesis_version"

[ -f .output/server/index.mjs ] || { echo "No build found: run \`npm run build\` first." >&2; exit 1; }

if [ ! -x "$venv/bin/schemathesis" ]; then
  echo "Installing Schemathesis $schemathesis_version into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$schemathesis_version"
fi

data_dir="$(mktemp -d -t atomizer-fuzz-XXXXXX)"
jar="$data_dir/cookies.txt"
port="$(node -e "const s = require('node:net').createServer(); s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close() })")"
base="http://127.0.0.1:$port"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$data_dir"
}
trap cleanup EXIT

# Allowances a fuzzer never reaches: it sends far more than a person would, and a 429 leaves the logic
# behind an operation untested (the limits have tests of their own).
no_limits="NUXT_RATE_LIMIT_LOGIN=100000 NUXT_RATE_LIMIT_LOGIN_ADDRESS=100000 NUXT_RATE_LIMIT_REGISTER=100000 NUXT_RATE_LIMIT_UPLOADS=100000 NUXT_RATE_LIMIT_EDITS=100000 NUXT_RATE_LIMIT_SEARCH=100000 NUXT_RATE_LIMIT_SUBSCRIPTIONS=100000"
env $no_limits PORT="$port" HOST=127.0.0.1 NUXT_DATA_DIR="$data_dir/data" NUXT_MAX_UPLOAD_BYTES=1048576 NODE_ENV=production \
  NUXT_ADMIN_EMAIL=fuzz@example.test node .output/server/index.mjs > "$data_dir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 300); do
  curl -fs "$base/api/health" > /dev/null 2>&1 && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$data_dir/server.log" >&2; exit 1; }
  sleep 0.2
done

# The fuzzing user is the admin (NUXT_ADMIN_EMAIL), so the admin-only operations are fuzzed past their 403 too.
# Registering starts no session: signing in does.
curl -fsS -H 'content-type: application/json' \
  -d '{"email":"fuzz@example.test","password":"correct horse battery","name":"Fuzz"}' "$base/api/v1/auth/register" > /dev/null
# Signs the fuzzing user in (again), setting `cookie`: a fresh session for each pass that may end one.
sign_in() {
  curl -fsS -c "$jar" -H 'content-type: application/json' \
    -d '{"email":"fuzz@example.test","password":"correct horse battery"}' "$base/api/v1/auth/login" > /dev/null
  cookie="$(awk '$6 == "nuxt-session" { print $7 }' "$jar")"
  [ -n "$cookie" ] || { echo "Signing in the fuzzing user gave no session cookie." >&2; exit 1; }
}
sign_in
# Something to find: one small document, so reads and searches are not all empty.
curl -fsS -b "$jar" -H "Origin: $base" -F 'file=@tests/fixtures/corpus/cell-biology.md' "$base/api/v1/documents" > /dev/null 2>&1 || true

# One worker: with two threads, Schemathesis' coverage phase on Python 3.11 sometimes fails inside its own
# source inspection (a KeyError, then "AST constructor recursion depth mismatch"), which fails the pass for no
# fault of the API.
fuzz() {
  "$venv/bin/schemathesis" run "$base/api/openapi.json" \
    --url "$base" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --max-examples "$max_examples" \
    --workers 1 \
    --seed "${FUZZ_SEED:-1}" \
    --request-timeout 20 \
    --suppress-health-check all \
    --no-color "$@"
}
# Every request carries the app's own Origin, as its pages' do: with the cookie, a request that changes
# state without one is refused as a possible forgery (docs/security.md, "CSRF").
origin_header=(--header "Origin: $base")
# Two passes. The operations open to anyone run without the cookie: signing in or out with it would
# replace or end the session the second pass uses for everything else.
public='^(register|login|logout|getAuthOptions|getHealth|getOpenApiDocument|getApiReference|getApiReferenceAsset|issueOAuthToken|getJwks)$'
status=0
fuzz --include-operation-id-regex "$public" "${origin_header[@]}" || status=$?
# Two operations may end the very session the fuzzer sends (ending a session it listed, or the admin changing
# its own role, which rotates the session id): each runs after the others, with a session of its own.
ends_session='changeUserRole endSession'
# Direct uploads need S3: on this embedded server they answer 501 by design (documented), which is no fault.
s3_only='startDirectUpload|completeDirectUpload'
fuzz --exclude-operation-id-regex "${public%)\$}|${ends_session// /|}|$s3_only)\$" "${origin_header[@]}" --header "Cookie: nuxt-session=$cookie" || status=$?
for operation in $ends_session; do
  sign_in
  fuzz --include-operation-id-regex "^$operation\$" "${origin_header[@]}" --header "Cookie: nuxt-session=$cookie" || status=$?
done

if grep -q '\[api\] .* failed' "$data_dir/server.log"; then
  echo "The server logged errors:" >&2
  grep -A5 '\[api\] .* failed' "$data_dir/server.log" | head -60 >&2
  status=1
fi
exit "$status"
