#!/usr/bin/env bash
# Lints the GitHub Actions workflows (.github/workflows/) with actionlint, which also runs shellcheck over every
# `run:` script. actionlint is built once from the Go module proxy into the tools cache the services share.
set -euo pipefail
source "$(dirname "$0")/../services/common.sh"
ACTIONLINT_VERSION=v1.7.12

actionlint="$TOOLS/bin/actionlint-$ACTIONLINT_VERSION"
if [ ! -x "$actionlint" ]; then
  echo "building actionlint $ACTIONLINT_VERSION"
  mkdir -p "$TOOLS/bin"
  tmp="$(mktemp -d)"
  GOBIN="$tmp" go install "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
  mv "$tmp/actionlint" "$actionlint"
  rm -rf "$tmp"
fi
if ! command -v shellcheck >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq shellcheck >/dev/null
  else
    echo "shellcheck is missing: the workflows' scripts are not checked (install Debian's 'shellcheck')" >&2
  fi
fi
cd "$ROOT"
"$actionlint" -no-color
echo "workflows: $(find .github/workflows -name '*.yml' | wc -l) files pass actionlint $ACTIONLINT_VERSION"
