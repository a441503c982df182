import { closeRedis, openRedis } from '../redis-connection'
import type { SessionStore } from './types'

export interface RedisSessionsOptions {
  url: string
  /** Namespaces the keys, so several apps (or test runs) share one Redis. */
  prefix: string
}

/**
 * Sessions in Redis: a key per session (its user, expiring with the session) and a set per user of
 * their session ids, so all of a user's sessions can be ended at once.
 */
export function createRedisSessions({ url, prefix }: RedisSessionsOptions): SessionStore {
  const client = openRedis(url, 'sessions')
  const sessionKey = (id: string) => `${prefix}:session:${id}`
  const userKey = (userId: string) => `${prefix}:user-sessions:${userId}`
  return {
    kind: 'redis',
    async create(id, userId, ttlSeconds) {
      const seconds = Math.max(1, Math.ceil(ttlSeconds))
      // The user's set lives as long as their longest session: set its expiry if it has none, extend it otherwise.
      const results = await client.multi()
        .set(sessionKey(id), userId, 'EX', seconds)
        .sadd(userKey(userId), id)
        .expire(userKey(userId), seconds, 'NX')
        .expire(userKey(userId), seconds, 'GT')
        .exec()
      const failure = results?.find(([error]) => error)?.[0]
      if (failure) throw failure
    },
    async exists(id) {
      return await client.exists(sessionKey(id)) === 1
    },
    async revoke(id) {
      const userId = await client.getdel(sessionKey(id))
      if (userId) await client.srem(userKey(userId), id)
    },
    async revokeAllForUser(userId) {
      const ids = await client.smembers(userKey(userId))
      await client.unlink(userKey(userId), ...ids.map(sessionKey))
    },
    async close() {
      await closeRedis(client)
    },
  }
}
