import { LRUCache } from 'lru-cache'
import { countCacheRead } from '../../metrics/cache'
import type { Cache } from './types'

export interface MemoryCacheOptions {
  maxEntries?: number
  defaultTtlSeconds?: number
}

/**
 * In-process LRU cache with per-entry expiry; bounded so it cannot grow without limit. The first level of
 * every set-up (alone, or before Redis), so its reads count as level `l1`.
 */
export function createMemoryCache({ maxEntries = 10_000, defaultTtlSeconds = 300 }: MemoryCacheOptions = {}): Cache {
  // Values are stored serialized so callers never share (and mutate) one object, as with a networked cache.
  const entries = new LRUCache<string, string>({ max: maxEntries, ttl: defaultTtlSeconds * 1000 })
  return {
    kind: 'memory',
    async get<T>(key: string) {
      const raw = entries.get(key)
      countCacheRead('l1', raw !== undefined)
      return raw === undefined ? undefined : JSON.parse(raw) as T
    },
    async set<T>(key: string, value: T, ttlSeconds?: number) {
      entries.set(key, JSON.stringify(value), ttlSeconds === undefined ? undefined : { ttl: ttlSeconds * 1000 })
    },
    async delete(key: string) {
      entries.delete(key)
    },
    async close() {
      entries.clear()
    },
  }
}
