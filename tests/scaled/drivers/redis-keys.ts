import type { Redis } from 'ioredis'

/** Removes every key a test created under its prefixes, so the shared Redis keeps nothing of it. */
export async function deleteKeys(client: Redis, prefixes: string[]): Promise<void> {
  for (const prefix of prefixes) {
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}:*`
    let cursor = '0'
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', pattern, 'COUNT', 500)
      if (keys.length > 0) await client.unlink(...keys)
      cursor = next
    } while (cursor !== '0')
  }
}
