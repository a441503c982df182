import { describe, expect, it } from 'vitest'
import { createMemoryCache } from '../../../server/drivers/cache/memory'
import { eventually } from '../../support/wait'
import { describeCacheContract } from '../../contracts/cache.contract'

describeCacheContract('memory', () => createMemoryCache())

describe('memory cache', () => {
  it('is bounded: the least recently used entries make room for new ones', async () => {
    const cache = createMemoryCache({ maxEntries: 3 })
    for (const key of ['a', 'b', 'c']) await cache.set(key, key)
    await cache.get('a')
    await cache.set('d', 'd')
    expect(await cache.get('b')).toBeUndefined()
    expect(await cache.get('a')).toBe('a')
    expect(await cache.get('c')).toBe('c')
    expect(await cache.get('d')).toBe('d')
    await cache.close()
  })

  it('applies the default time to live to entries set without one', async () => {
    const cache = createMemoryCache({ defaultTtlSeconds: 1 })
    await cache.set('default', 'value')
    await cache.set('explicit', 'value', 600)
    await eventually(async () => expect(await cache.get('default')).toBeUndefined(), { timeoutMs: 10_000, intervalMs: 100 })
    expect(await cache.get('explicit')).toBe('value')
    await cache.close()
  })

  it('forgets everything on close', async () => {
    const cache = createMemoryCache()
    await cache.set('k', 'v')
    await cache.close()
    expect(await cache.get('k')).toBeUndefined()
  })
})
