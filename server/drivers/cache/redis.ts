import { randomUUID } from 'node:crypto'
import type { Redis } from 'ioredis'
import redisDriver from 'unstorage/drivers/redis'
import { countCacheRead } from '../../metrics/cache'
import { closeRedis, openRedis, reportRedisErrors } from '../redis-connection'
import { createMemoryCache } from './memory'
import type { Cache } from './types'

export interface RedisCacheOptions {
  url: string
  /** Namespaces the keys and the invalidation channel, so several apps (or test runs) share one Redis. */
  prefix: string
  /** Entries kept in this process (the first level). */
  l1Size?: number
  /** How long this process trusts its copy without asking Redis; bounds staleness should an invalidation be lost. */
  l1TtlSeconds?: number
  /** Time to live of entries set without one. */
  defaultTtlSeconds?: number
}

export interface RedisCache extends Cache {
  /** Settles once invalidations from other instances arrive; until then every read goes to Redis. */
  readonly ready: Promise<void>
}

/** What Redis holds: the value, its expiry (epoch ms, so a first-level copy never outlives it) and the write it came from. */
interface Entry {
  value: unknown
  expiresAt: number
  write: string
}

/** Published after every set (naming the write) and delete (naming none). */
interface Invalidation {
  from: string
  key: string
  write?: string
}

/**
 * The invalidations of each key that arrive while this instance is reading or writing it. A copy goes to
 * the first level only if nothing newer than it was announced meanwhile.
 */
function invalidationWatch() {
  const watching = new Map<string, Set<(string | undefined)[]>>()
  return {
    start(key: string) {
      const seen: (string | undefined)[] = []
      const set = watching.get(key) ?? new Set()
      set.add(seen)
      watching.set(key, set)
      return {
        seen,
        stop() {
          set.delete(seen)
          if (set.size === 0 && watching.get(key) === set) watching.delete(key)
        },
      }
    },
    saw({ key, write }: Invalidation) {
      for (const seen of watching.get(key) ?? []) seen.push(write)
    },
  }
}

export function createRedisCache({ url, prefix, l1Size = 1_000, l1TtlSeconds = 5, defaultTtlSeconds = 300 }: RedisCacheOptions): RedisCache {
  const instance = randomUUID()
  const channel = `${prefix}:cache-invalidations`
  const l2 = redisDriver({ url, base: `${prefix}:cache`, ttl: defaultTtlSeconds })
  // The driver's own connection (never a cluster here), also used to publish invalidations.
  const commands = l2.getInstance!() as Redis
  reportRedisErrors(commands, 'cache')
  const subscriber = openRedis(url, 'cache-invalidations')
  const newL1 = () => createMemoryCache({ maxEntries: l1Size, defaultTtlSeconds: l1TtlSeconds })
  let l1 = newL1()
  // The first level is used only while invalidations flow: without them it could serve a stale value.
  let live = false
  let closed = false
  // Bumped on every disconnect: a read that spans one may have missed invalidations.
  let epoch = 0
  const watch = invalidationWatch()

  let markReady!: () => void
  const ready = new Promise<void>((resolve) => {
    markReady = resolve
  })

  subscriber.on('message', (from: string, message: string) => {
    if (from !== channel) return
    const invalidation = JSON.parse(message) as Invalidation
    if (invalidation.from === instance) return
    watch.saw(invalidation)
    void l1.delete(invalidation.key)
  })
  // Invalidations sent while disconnected are lost: forget everything and read through until resubscribed.
  subscriber.on('close', () => {
    live = false
    epoch++
    l1 = newL1()
  })
  subscriber.on('ready', () => {
    subscriber.subscribe(channel).then(() => {
      if (closed) return
      live = true
      markReady()
    }, () => { /* reported by the connection; retried on the next 'ready' */ })
  })

  const announce = (key: string, write?: string) =>
    commands.publish(channel, JSON.stringify({ from: instance, key, write } satisfies Invalidation))

  const keepInL1 = async (key: string, value: unknown, expiresAt: number) => {
    const secondsLeft = (expiresAt - Date.now()) / 1000
    if (secondsLeft > 0) await l1.set(key, value, Math.min(l1TtlSeconds, secondsLeft))
  }

  return {
    kind: 'redis',
    ready,
    async get<T>(key: string) {
      if (live) {
        const near = await l1.get<T>(key)
        if (near !== undefined) return near
      }
      const since = epoch
      const watching = watch.start(key)
      let raw: string | null
      try {
        raw = await l2.getItem(key) as string | null
      }
      catch (error) {
        // A cache is never the source of truth: an unreachable Redis is a miss, not a failed request.
        console.warn(`[cache] read of ${key} failed: ${(error as Error).message}`)
        return undefined
      }
      finally {
        watching.stop()
      }
      countCacheRead('l2', raw !== null)
      if (raw === null) return undefined
      const entry = JSON.parse(raw) as Entry
      // Announcements of the very write that was read are no reason to distrust it.
      if (live && since === epoch && watching.seen.every(write => write === entry.write)) await keepInL1(key, entry.value, entry.expiresAt)
      return entry.value as T
    },
    async set<T>(key: string, value: T, ttlSeconds = defaultTtlSeconds) {
      const since = epoch
      const watching = watch.start(key)
      const write = randomUUID()
      const expiresAt = Date.now() + ttlSeconds * 1000
      try {
        // Redis counts whole seconds; the entry's own expiry keeps the exact time for the first level.
        await l2.setItem!(key, JSON.stringify({ value, expiresAt, write } satisfies Entry), { ttl: Math.max(1, Math.ceil(ttlSeconds)) })
        await announce(key, write)
      }
      catch (error) {
        console.warn(`[cache] write of ${key} failed: ${(error as Error).message}`)
        await l1.delete(key)
        return
      }
      finally {
        watching.stop()
      }
      // Another instance wrote the key meanwhile: which write landed last is unknown, so keep no copy.
      if (live && since === epoch && watching.seen.length === 0) await keepInL1(key, value, expiresAt)
      else await l1.delete(key)
    },
    async delete(key: string) {
      await l1.delete(key)
      // Deleting is how callers drop stale data: unlike a read, a failure here must reach them.
      await l2.removeItem!(key, {})
      await announce(key)
    },
    async close() {
      closed = true
      live = false
      await l1.close()
      await Promise.allSettled([closeRedis(subscriber), closeRedis(commands)])
    },
  }
}
