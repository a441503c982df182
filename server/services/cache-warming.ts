import type { Drivers } from '../drivers'
import { atomCacheKey, atomCacheSeconds } from './atoms'

export interface CacheWarmingOptions {
  /** How many of the most recently updated ready documents to warm. */
  documents?: number
  /** At most this many atoms of each, in reading order. */
  atomsPerDocument?: number
}

export interface CacheWarmingResult {
  documents: number
  atoms: number
}

/**
 * Loads the atoms of the most recently updated ready documents into the cache, under the keys atom reads
 * use, so the first readers after a start or a cache flush are served from it. Safe to run repeatedly.
 */
export async function warmCache(
  drivers: Pick<Drivers, 'store' | 'cache'>,
  { documents = 20, atomsPerDocument = 500 }: CacheWarmingOptions = {},
): Promise<CacheWarmingResult> {
  const ready = await drivers.store.documents.listByStatus(['ready'])
  const recent = ready.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id)).slice(0, documents)
  let atoms = 0
  for (const document of recent) {
    let cursor: string | undefined
    let left = atomsPerDocument
    while (left > 0) {
      const page = await drivers.store.atoms.listByDocument(document.id, { cursor, limit: Math.min(100, left) })
      await Promise.all(page.items.map(atom => drivers.cache.set(atomCacheKey(atom.id), atom, atomCacheSeconds)))
      atoms += page.items.length
      left -= page.items.length
      cursor = page.nextCursor
      if (!cursor) break
    }
  }
  return { documents: recent.length, atoms }
}
