import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRedisSessions } from '../../../server/drivers/sessions/redis'
import { describeSessionsContract } from '../../contracts/sessions.contract'
import { servicesConfig, uniqueName } from '../../support/services'
import { deleteKeys } from '../../support/cleanup'

const url = servicesConfig().redisUrl!
const prefixes: string[] = []
let raw: Redis

beforeAll(() => {
  raw = new Redis(url)
})

afterAll(async () => {
  await deleteKeys(raw, prefixes)
  await raw.quit()
})

function sessions(prefix = uniqueName('test-sessions')) {
  prefixes.push(prefix)
  return createRedisSessions({ url, prefix })
}

describeSessionsContract('redis', () => sessions())

describe('redis sessions', () => {
  it('are shared by every instance: one signs out, all know', async () => {
    const prefix = uniqueName('test-sessions')
    const a = sessions(prefix)
    const b = sessions(prefix)
    await a.create('s1', 'user-1', 3600)
    await a.create('s2', 'user-1', 3600)
    expect(await b.exists('s1')).toBe(true)
    await b.revoke('s1')
    expect(await a.exists('s1')).toBe(false)
    await b.revokeAllForUser('user-1')
    expect(await a.exists('s2')).toBe(false)
    await Promise.all([a.close(), b.close()])
  })

  it('let nothing outlive the sessions: the user\'s index expires with their longest session', async () => {
    const prefix = uniqueName('test-sessions')
    const store = sessions(prefix)
    await store.create('short', 'user-1', 60)
    await store.create('long', 'user-1', 3600)
    await store.create('shorter', 'user-1', 30)
    expect(await raw.ttl(`${prefix}:session:long`)).toBeGreaterThan(3500)
    expect(await raw.ttl(`${prefix}:user-sessions:user-1`)).toBeGreaterThan(3500)
    await store.revoke('long')
    expect(await raw.smembers(`${prefix}:user-sessions:user-1`)).toEqual(expect.not.arrayContaining(['long']))
    await store.close()
  })
})
