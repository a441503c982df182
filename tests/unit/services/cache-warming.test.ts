import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryCache } from '../../../server/drivers/cache/memory'
import type { Cache } from '../../../server/drivers/cache/types'
import { createSqliteStore } from '../../../server/drivers/store/sqlite'
import type { DocumentStore } from '../../../server/drivers/store/types'
import { atomCacheKey, getAtom } from '../../../server/services/atoms'
import { warmCache } from '../../../server/services/cache-warming'
import type { Drivers } from '../../../server/drivers'
import { makeAtom, makeDocument, makeUser } from '../../contracts/store.contract'

let store: DocumentStore
let cache: Cache

beforeEach(() => {
  store = createSqliteStore(':memory:')
  cache = createMemoryCache()
})

afterEach(async () => {
  await Promise.all([store.close(), cache.close()])
})

/** A document of the owner's with `atoms` atoms, last updated `minutesAgo` minutes ago. */
async function documentWithAtoms(ownerId: string, atoms: number, minutesAgo: number, status: 'ready' | 'queued' | 'failed' = 'ready') {
  const updatedAt = new Date(Date.now() - minutesAgo * 60_000).toISOString()
  const document = makeDocument(ownerId, { status, updatedAt, atomCount: atoms })
  await store.documents.create(document)
  const stored = Array.from({ length: atoms }, (_, i) => makeAtom(document.id, i))
  await store.atoms.upsertMany(stored)
  return { document, atoms: stored }
}

describe('warmCache', () => {
  it('caches the atoms of the most recently updated ready documents, under the keys atom reads use', async () => {
    const owner = await store.users.create(makeUser())
    const newest = await documentWithAtoms(owner.id, 3, 1)
    const older = await documentWithAtoms(owner.id, 2, 5)
    const oldest = await documentWithAtoms(owner.id, 2, 60)
    const queued = await documentWithAtoms(owner.id, 2, 0, 'queued')
    const failed = await documentWithAtoms(owner.id, 2, 0, 'failed')

    expect(await warmCache({ store, cache }, { documents: 2 })).toEqual({ documents: 2, atoms: 5 })

    for (const atom of [...newest.atoms, ...older.atoms]) expect(await cache.get(atomCacheKey(atom.id))).toEqual(atom)
    for (const atom of [...oldest.atoms, ...queued.atoms, ...failed.atoms]) expect(await cache.get(atomCacheKey(atom.id))).toBeUndefined()
  })

  it('takes at most the given number of atoms of each document, in reading order, across pages', async () => {
    const owner = await store.users.create(makeUser())
    const { atoms } = await documentWithAtoms(owner.id, 230, 1)
    expect(await warmCache({ store, cache }, { atomsPerDocument: 150 })).toEqual({ documents: 1, atoms: 150 })
    expect(await cache.get(atomCacheKey(atoms[149]!.id))).toEqual(atoms[149])
    expect(await cache.get(atomCacheKey(atoms[150]!.id))).toBeUndefined()
  })

  it('does nothing without ready documents', async () => {
    expect(await warmCache({ store, cache })).toEqual({ documents: 0, atoms: 0 })
  })

  it('fills the entries atom reads are then served from', async () => {
    const owner = await store.users.create(makeUser())
    const { atoms } = await documentWithAtoms(owner.id, 1, 1)
    await warmCache({ store, cache })
    // Changed in the store alone: a read still answers from the warmed cache.
    await store.atoms.upsertMany([{ ...atoms[0]!, title: 'changed in the store' }])
    const drivers = { store, cache } as unknown as Drivers
    expect((await getAtom(drivers, { id: owner.id, role: owner.role }, atoms[0]!.id)).title).toBe(atoms[0]!.title)
  })
})
