import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { auditVerdict } from '../../../scripts/supply-chain/audit'
import { lockfileProblems, npmRegistry, registryProblems } from '../../../scripts/supply-chain/lockfile'

const lock = JSON.parse(readFileSync(new URL('../../../package-lock.json', import.meta.url), 'utf8'))
const integrity = 'sha512-dtjbDxKSDPQ8AmA+pS4OFaHE1FKrjtGpLGBxw85uKFkRorjNbvDM/aFPgqosu40wprbp1xw2ZSxIKqghCUHe2w=='
const lockWith = (entries: Record<string, object>) => ({ lockfileVersion: 3, packages: { '': { name: 'app' }, ...entries } })

describe('the lock-file check', () => {
  it('passes the project\'s own lock file', () => {
    expect(lockfileProblems(lock)).toEqual([])
  })

  it('finds a package without integrity, with a weak one, from another host, over http, for another name, or a link', () => {
    const problems = lockfileProblems(lockWith({
      'node_modules/a': { version: '1.0.0' },
      'node_modules/b': { version: '1.0.0', integrity: 'sha1-2jmHMpaOwSfqCvWEX3l7QUxHPPA=' },
      'node_modules/c': { version: '1.0.0', integrity, resolved: 'https://evil.example/c/-/c-1.0.0.tgz' },
      'node_modules/d': { version: '1.0.0', integrity, resolved: 'http://registry.npmjs.org/d/-/d-1.0.0.tgz' },
      'node_modules/e': { version: '1.0.0', integrity, resolved: `${npmRegistry}not-e/-/not-e-1.0.0.tgz` },
      'node_modules/f': { link: true, resolved: '../elsewhere' },
      'node_modules/g': { version: '1.0.0', integrity, resolved: 'git+ssh://git@github.com/someone/g.git#abc' },
    }))
    for (const name of ['a@1.0.0', 'b@1.0.0', 'c@1.0.0', 'd@1.0.0', 'e@1.0.0', 'f@?', 'g@1.0.0']) {
      expect(problems.some(problem => problem.startsWith(name)), `${name} in ${problems.join('\n')}`).toBe(true)
    }
  })

  it('takes a registry package with or without its resolved URL, scoped and nested, and bundled ones in their parent\'s', () => {
    expect(lockfileProblems(lockWith({
      'node_modules/@scope/a': { version: '1.0.0', integrity, resolved: `${npmRegistry}@scope/a/-/a-1.0.0.tgz` },
      'node_modules/x/node_modules/b': { version: '2.0.0', integrity },
      'node_modules/x/node_modules/c': { version: '2.0.0', inBundle: true },
    }))).toEqual([])
    expect(lockfileProblems({ lockfileVersion: 1 })).toHaveLength(1)
  })

  it('wants npm configured for the npm registry', () => {
    expect(registryProblems('https://registry.npmjs.org/')).toEqual([])
    expect(registryProblems('https://registry.npmjs.org')).toEqual([])
    expect(registryProblems('https://npm.evil.example/')).toHaveLength(1)
  })
})

describe('the npm audit verdict', () => {
  const report = (counts: Record<string, number>) => JSON.stringify({ auditReportVersion: 2, vulnerabilities: {}, metadata: { vulnerabilities: { info: 0, low: 0, moderate: 0, high: 0, critical: 0, total: 0, ...counts } } })

  it('fails on high or critical vulnerabilities only', () => {
    expect(auditVerdict(report({ high: 1 })).kind).toBe('vulnerable')
    expect(auditVerdict(report({ critical: 2 })).kind).toBe('vulnerable')
    expect(auditVerdict(report({ moderate: 3, low: 1 })).kind).toBe('clean')
    expect(auditVerdict(report({})).kind).toBe('clean')
  })

  it('tells an endpoint that gave no report from a clean one', () => {
    const refused = JSON.stringify({ message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk', statusCode: 405, error: { summary: '' } })
    expect(auditVerdict(refused)).toEqual({ kind: 'unavailable', reason: expect.stringMatching(/405/) })
    expect(auditVerdict('').kind).toBe('unavailable')
  })
})
