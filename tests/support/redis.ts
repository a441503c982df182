import { Redis } from 'ioredis'
import { afterAll } from 'vitest'
import { deleteKeys } from './cleanup'
import { servicesConfig, uniqueName } from './services'

/**
 * The real Redis for one scaled test file: its address, a prefix of its own for each driver under test, and a
 * plain client (opened on first use) to look behind the drivers' backs. After the file, every key under the
 * prefixes it handed out is removed, so the shared Redis keeps nothing of it.
 */
export function redisFixture() {
  const url = servicesConfig().redisUrl!
  const prefixes: string[] = []
  let client: Redis | undefined
  afterAll(async () => {
    if (prefixes.length > 0) {
      client ??= new Redis(url)
      await deleteKeys(client, prefixes)
    }
    await client?.quit()
  })
  return {
    url,
    /** A fresh prefix, cleaned up after the file. */
    prefix(name: string): string {
      const prefix = uniqueName(name)
      prefixes.push(prefix)
      return prefix
    },
    /** A plain client on the same Redis. */
    raw(): Redis {
      return client ??= new Redis(url)
    },
  }
}
