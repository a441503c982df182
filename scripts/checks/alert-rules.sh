#!/usr/bin/env bash
# Checks the Prometheus rules of k8s/monitoring/rules/ with Prometheus's own promtool: every rule file must be
# valid (`promtool check rules`, which also lints them) and pass its unit tests (`promtool test rules`, the
# *.rules.test.yaml files beside them), where each alert fires on the series meant to raise it and only then.
# Also checks that every dashboard of k8s/monitoring/dashboards/ is valid JSON with a query in each panel.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash tests/support/ensure-prometheus.sh
rules=k8s/monitoring/rules
promtool check rules "$rules"/*.rules.yaml
(cd "$rules" && promtool test rules ./*.rules.test.yaml)
# The script is JavaScript: its template literals are not the shell's to expand.
# shellcheck disable=SC2016
node -e '
  const { readFileSync } = require("node:fs")
  for (const file of process.argv.slice(1)) {
    const dashboard = JSON.parse(readFileSync(file, "utf8"))
    const panels = (dashboard.panels ?? []).filter(panel => panel.type !== "row")
    const empty = panels.filter(panel => !(panel.targets ?? []).some(target => target.expr))
    if (panels.length === 0 || empty.length > 0) {
      console.error(`${file}: every panel needs a query (${empty.map(panel => panel.title).join(", ") || "no panels"})`)
      process.exit(1)
    }
    console.log(`${file}: ${panels.length} panels`)
  }
' k8s/monitoring/dashboards/*.json
