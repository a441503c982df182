import type { Client } from '@elastic/elasticsearch'
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

/** Removes a search alias's versioned indices and its template. The cluster refuses wildcard deletes: each index is named. */
export async function deleteSearchIndices(client: Client, alias: string): Promise<void> {
  const indices = Object.keys(await client.indices.get({ index: [`${alias}-v*`, alias], ignore_unavailable: true, allow_no_indices: true }))
  if (indices.length > 0) await client.indices.delete({ index: indices, ignore_unavailable: true })
  await client.indices.deleteIndexTemplate({ name: alias }).catch((error: { meta?: { statusCode?: number } }) => {
    if (error.meta?.statusCode !== 404) throw error
  })
}
