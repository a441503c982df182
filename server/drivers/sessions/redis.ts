import { closeRedis, openRedis } from '../redis-connection'
import { byLastSeen, initialExpiry, unknownDetails, type SessionRecord, type SessionStore } from './types'

export interface RedisSessionsOptions {
  url: string
  /** Namespaces the keys, so several apps (or test runs) share one Redis. */
  prefix: string
}

const fields = ['userId', 'device', 'browser', 'place', 'createdAt', 'lastSeenAt', 'expiresAt', 'absoluteAt'] as const

/**
 * Marks a session used, in one step so a session revoked meanwhile is not brought back: its expiry moves to
 * the idle timeout from now (never past the absolute one), and its user's index lives at least as long.
 */
const touchScript = `
local absolute = redis.call('HGET', KEYS[1], 'absoluteAt')
if not absolute then return 0 end
local expires = math.min(tonumber(absolute), tonumber(ARGV[1]) + tonumber(ARGV[2]))
redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[1], 'expiresAt', expires)
redis.call('PEXPIREAT', KEYS[1], expires)
redis.call('PEXPIREAT', KEYS[2], expires, 'GT')
return 1`

function toRecord(id: string, values: (string | null)[]): SessionRecord | null {
  const [userId, device, browser, place, createdAt, lastSeenAt, expiresAt, absoluteAt] = values
  if (!userId) return null
  return {
    id, userId, device: device ?? unknownDetails.device, browser: browser ?? unknownDetails.browser, place: place ?? unknownDetails.place,
    createdAt: Number(createdAt), lastSeenAt: Number(lastSeenAt), expiresAt: Number(expiresAt), absoluteAt: Number(absoluteAt),
  }
}

/**
 * Sessions in Redis: a hash per session (its user and what its owner sees of it, expiring with the session)
 * and a set per user of their session ids, so all of a user's sessions can be listed or ended at once.
 */
export function createRedisSessions({ url, prefix }: RedisSessionsOptions): SessionStore {
  const client = openRedis(url, 'sessions')
  const sessionKey = (id: string) => `${prefix}:session-record:${id}`
  const userKey = (userId: string) => `${prefix}:user-sessions:${userId}`
  const find = async (id: string) => toRecord(id, await client.hmget(sessionKey(id), ...fields))
  return {
    kind: 'redis',
    async create(id, userId, ttlSeconds, options = {}) {
      const now = Date.now()
      const { expiresAt, absoluteAt } = initialExpiry(now, Math.max(1, ttlSeconds), options.idleSeconds && Math.max(1, options.idleSeconds))
      const { device, browser, place } = { ...unknownDetails, ...options }
      // The user's set lives as long as their longest session: set its expiry if it has none, extend it otherwise.
      const results = await client.multi()
        .hset(sessionKey(id), { userId, device, browser, place, createdAt: now, lastSeenAt: now, expiresAt, absoluteAt })
        .pexpireat(sessionKey(id), expiresAt)
        .sadd(userKey(userId), id)
        .pexpireat(userKey(userId), expiresAt, 'NX')
        .pexpireat(userKey(userId), expiresAt, 'GT')
        .exec()
      const failure = results?.find(([error]) => error)?.[0]
      if (failure) throw failure
    },
    async exists(id) {
      return await client.exists(sessionKey(id)) === 1
    },
    find,
    async listForUser(userId) {
      const ids = await client.smembers(userKey(userId))
      const records = await Promise.all(ids.map(find))
      const gone = ids.filter((_, index) => !records[index])
      // Expired sessions leave their id in the set: drop them while passing.
      if (gone.length > 0) await client.srem(userKey(userId), ...gone)
      return records.filter(record => record !== null).sort(byLastSeen)
    },
    async touch(id, idleSeconds, at = Date.now()) {
      const userId = await client.hget(sessionKey(id), 'userId')
      if (userId) await client.eval(touchScript, 2, sessionKey(id), userKey(userId), at, idleSeconds * 1000)
    },
    async revoke(id) {
      const userId = await client.hget(sessionKey(id), 'userId')
      await client.unlink(sessionKey(id))
      if (userId) await client.srem(userKey(userId), id)
    },
    async revokeAllForUser(userId, exceptId) {
      const ids = (await client.smembers(userKey(userId))).filter(id => id !== exceptId)
      if (ids.length === 0) return
      await client.multi().unlink(...ids.map(sessionKey)).srem(userKey(userId), ...ids).exec()
    },
    async close() {
      await closeRedis(client)
    },
  }
}
