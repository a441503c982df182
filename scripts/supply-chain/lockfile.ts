import { readFileSync } from 'node:fs'

/** The npm registry every package must come from. */
export const npmRegistry = 'https://registry.npmjs.org/'

interface LockEntry {
  version?: string
  resolved?: string
  integrity?: string
  link?: boolean
  /** Shipped inside its parent's tarball, so covered by the parent's integrity. */
  inBundle?: boolean
  /** The project itself (the entry under ""). */
  name?: string
}

/**
 * What is wrong with a package-lock.json (v2/v3) for a reproducible, tamper-evident install: every package
 * needs a sha512 `integrity` (npm ci then refuses a tarball that differs), and comes from the npm registry:
 * a `resolved` URL, when the lock records one, is an https URL of that registry for that very package; one
 * the lock leaves out (npm's `omit-lockfile-registry-resolved`) means the configured registry, checked
 * apart (`registryProblems`). Git, file and tarball sources, and links out of the project, are refused.
 */
export function lockfileProblems(lock: { lockfileVersion?: number, packages?: Record<string, LockEntry> }): string[] {
  if (!lock.packages || (lock.lockfileVersion ?? 0) < 2) return ['package-lock.json must be lockfileVersion 2 or 3 (with "packages")']
  const problems: string[] = []
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (path === '' || entry.inBundle) continue
    const name = path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length)
    const where = `${name}@${entry.version ?? '?'} (${path})`
    if (entry.link) {
      problems.push(`${where}: a link to ${entry.resolved}, not a package from the registry`)
      continue
    }
    if (!entry.integrity) problems.push(`${where}: no integrity`)
    else if (!entry.integrity.split(/\s+/).every(hash => hash.startsWith('sha512-'))) problems.push(`${where}: integrity is not sha512 (${entry.integrity.slice(0, 20)}…)`)
    if (entry.resolved !== undefined) {
      const expected = `${npmRegistry}${name}/-/`
      if (!entry.resolved.startsWith(expected)) problems.push(`${where}: resolved from ${entry.resolved}, not ${expected}…`)
    }
  }
  return problems
}

/** What is wrong with the registry npm is configured to use, which every package without `resolved` comes from. */
export function registryProblems(configuredRegistry: string): string[] {
  const normalized = configuredRegistry.trim().replace(/\/?$/, '/')
  return normalized === npmRegistry ? [] : [`npm's registry is ${configuredRegistry.trim()}, not ${npmRegistry}`]
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lock = JSON.parse(readFileSync(process.argv[2] ?? 'package-lock.json', 'utf8'))
  const problems = [...lockfileProblems(lock), ...registryProblems(process.env.npm_config_registry ?? process.argv[3] ?? npmRegistry)]
  for (const problem of problems) console.error(`lock file: ${problem}`)
  if (problems.length > 0) process.exit(1)
  console.log(`lock file: ${Object.keys(lock.packages).length - 1} packages, each with a sha512 integrity, from ${npmRegistry}`)
}
