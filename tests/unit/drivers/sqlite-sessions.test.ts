import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqliteSessions } from '../../../server/drivers/sessions/sqlite'
import { describeSessionsContract } from '../../contracts/sessions.contract'

describeSessionsContract('sqlite', () => createSqliteSessions(':memory:'))

describe('sqlite sessions', () => {
  let dir: string

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'atomizer-sessions-'))
  })

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('survive a restart, revocations included', async () => {
    const file = join(dir, 'nested', 'sessions.sqlite')
    const before = createSqliteSessions(file)
    await before.create('kept', 'user-1', 3600)
    await before.create('ended', 'user-1', 3600)
    await before.revoke('ended')
    await before.close()

    const after = createSqliteSessions(file)
    expect(await after.exists('kept')).toBe(true)
    expect(await after.exists('ended')).toBe(false)
    await after.close()
  })

  it('are shared by two processes using the same file', async () => {
    const file = join(dir, 'sessions.sqlite')
    const a = createSqliteSessions(file)
    const b = createSqliteSessions(file)
    await a.create('s1', 'user-1', 3600)
    expect(await b.exists('s1')).toBe(true)
    await b.revokeAllForUser('user-1')
    expect(await a.exists('s1')).toBe(false)
    await Promise.all([a.close(), b.close()])
  })
})
