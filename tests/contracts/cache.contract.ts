import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Cache } from '../../server/drivers/cache/types'
import { eventually } from '../support/wait'

/** What every `Cache` driver must do. `create` returns a fresh, empty cache; the suite closes it after each test. */
export function describeCacheContract(name: string, create: () => Promise<Cache> | Cache) {
  describe(`Cache contract: ${name}`, () => {
    let cache: Cache

    beforeEach(async () => {
      cache = await create()
    })

    afterEach(async () => {
      await cache.close()
    })

    it('misses with undefined for a key never set', async () => {
      expect(await cache.get('never-set')).toBeUndefined()
    })

    it('gets back what was set, for every kind of JSON value', async () => {
      const values: Record<string, unknown> = {
        object: { id: 'a1', nested: { list: [1, 'two', { three: 3 }] }, flag: true },
        array: ['x', 2, null],
        string: 'text with ünïcödé',
        number: 42.5,
        zero: 0,
        false: false,
        null: null,
      }
      for (const [key, value] of Object.entries(values)) await cache.set(key, value)
      for (const [key, value] of Object.entries(values)) expect(await cache.get(key)).toEqual(value)
    })

    it('replaces a value set again and keeps keys apart', async () => {
      await cache.set('a', { version: 1 })
      await cache.set('b', { version: 9 })
      await cache.set('a', { version: 2 })
      expect(await cache.get('a')).toEqual({ version: 2 })
      expect(await cache.get('b')).toEqual({ version: 9 })
    })

    it('deletes a key, and deleting a missing key is fine', async () => {
      await cache.set('gone', 'soon')
      await cache.set('kept', 'here')
      await cache.delete('gone')
      await cache.delete('never-set')
      expect(await cache.get('gone')).toBeUndefined()
      expect(await cache.get('kept')).toBe('here')
    })

    it('stores copies: changing the value set or the value got does not change the cache', async () => {
      const value = { title: 'original', tags: ['a'] }
      await cache.set('copy', value)
      value.title = 'changed after set'
      value.tags.push('b')
      const got = await cache.get<typeof value>('copy')
      expect(got).toEqual({ title: 'original', tags: ['a'] })
      got!.title = 'changed after get'
      got!.tags.push('c')
      expect(await cache.get('copy')).toEqual({ title: 'original', tags: ['a'] })
    })

    it('expires an entry after its time to live, and not others', async () => {
      await cache.set('short', 'lived', 1)
      await cache.set('long', 'lived', 600)
      await cache.set('default', 'lived')
      await eventually(async () => expect(await cache.get('short')).toBeUndefined(), { timeoutMs: 10_000, intervalMs: 100 })
      expect(await cache.get('long')).toBe('lived')
      expect(await cache.get('default')).toBe('lived')
    })

    it('resets the time to live when a value is set again', async () => {
      await cache.set('renewed', 'first', 1)
      await cache.set('renewed', 'second', 600)
      await cache.set('probe', 'x', 1)
      await eventually(async () => expect(await cache.get('probe')).toBeUndefined(), { timeoutMs: 10_000, intervalMs: 100 })
      expect(await cache.get('renewed')).toBe('second')
    })
  })
}
