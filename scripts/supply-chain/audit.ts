import { readFileSync } from 'node:fs'

/** How `npm audit --json` came out: vulnerabilities found, none, or no answer from the registry's audit endpoint. */
export type AuditVerdict
  = | { kind: 'vulnerable', counts: Record<string, number> }
    | { kind: 'clean', counts: Record<string, number> }
    | { kind: 'unavailable', reason: string }

/** Severities that fail the check. */
const failing = ['high', 'critical']

/** Reads `npm audit --omit=dev --json`: a report, or the error npm prints when the endpoint does not answer. */
export function auditVerdict(output: string): AuditVerdict {
  let report: { metadata?: { vulnerabilities?: Record<string, number> }, statusCode?: number, message?: string, error?: unknown }
  try {
    report = JSON.parse(output)
  }
  catch {
    return { kind: 'unavailable', reason: `npm audit printed no report: ${output.trim().slice(0, 200) || '(nothing)'}` }
  }
  const counts = report.metadata?.vulnerabilities
  if (!counts) return { kind: 'unavailable', reason: report.message ?? `no report (${JSON.stringify(report.error ?? report).slice(0, 200)})` }
  return failing.some(severity => (counts[severity] ?? 0) > 0) ? { kind: 'vulnerable', counts } : { kind: 'clean', counts }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const verdict = auditVerdict(readFileSync(process.argv[2]!, 'utf8'))
  if (verdict.kind === 'unavailable') {
    console.warn(`npm audit: the registry's audit endpoint gave no report (${verdict.reason}); known vulnerabilities were NOT checked here`)
    // Where the endpoint is known to answer, no answer is a failure (SUPPLY_CHAIN_REQUIRE_AUDIT=1).
    process.exit(process.env.SUPPLY_CHAIN_REQUIRE_AUDIT === '1' ? 1 : 0)
  }
  const summary = Object.entries(verdict.counts).map(([severity, count]) => `${count} ${severity}`).join(', ')
  if (verdict.kind === 'vulnerable') {
    console.error(`npm audit: production dependencies have known high or critical vulnerabilities (${summary}); run \`npm audit --omit=dev\``)
    process.exit(1)
  }
  console.log(`npm audit: no high or critical vulnerability in production dependencies (${summary})`)
}
