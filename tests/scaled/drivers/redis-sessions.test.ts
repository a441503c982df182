import { describe, expect, it } from 'vitest'
import { createRedisSessions } from '../../../server/drivers/sessions/redis'
import { describeSessionsContract } from '../../contracts/sessions.contract'
import { redisFixture } from '../../support/redis'

const redis = redisFixture()
const url = redis.url

function sessions(prefix = redis.prefix('test-sessions')) {
  return createRedisSessions({ url, prefix })
}

describeSessionsContract('redis', () => sessions())

describe('redis sessions', () => {
  it('are shared by every instance: one signs out, all know', async () => {
    const prefix = redis.prefix('test-sessions')
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
    const prefix = redis.prefix('test-sessions')
    const store = sessions(prefix)
    await store.create('short', 'user-1', 60)
    await store.create('long', 'user-1', 3600)
    await store.create('shorter', 'user-1', 30)
    expect(await redis.raw().ttl(`${prefix}:session-record:long`)).toBeGreaterThan(3500)
    expect(await redis.raw().ttl(`${prefix}:user-sessions:user-1`)).toBeGreaterThan(3500)
    await store.revoke('long')
    expect(await redis.raw().smembers(`${prefix}:user-sessions:user-1`)).toEqual(expect.not.arrayContaining(['long']))
    await store.close()
  })
})
