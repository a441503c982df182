import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Drivers } from '../../../server/drivers'
import { createMemoryCache } from '../../../server/drivers/cache/memory'
import { createOramaIndex } from '../../../server/drivers/search/orama'
import { createSqliteStore } from '../../../server/drivers/store/sqlite'
import { useEmbedder } from '../../../server/ml/embeddings/embedder'
import { getAtomLinks } from '../../../server/services/atoms'
import { toSearchDocument } from '../../../server/services/search'
import type { Atom } from '../../../shared/schemas/atom'
import { atomEmbeddingText } from '../../../shared/utils/subwords'
import { makeAtom, makeDocument, makeUser } from '../../contracts/store.contract'

let drivers: Drivers

beforeEach(() => {
  drivers = { store: createSqliteStore(':memory:'), cache: createMemoryCache(), search: createOramaIndex() } as unknown as Drivers
})

afterEach(async () => {
  await Promise.all([drivers.store.close(), drivers.search.close()])
})

const osmosis = 'Osmosis is the diffusion of water across a selectively permeable membrane, from the side with fewer dissolved particles to the side with more.'

/** A document of the owner with atoms embedded by the built-in encoder, as the atomize job stores them. */
async function documentOf(ownerId: string, title: string, atoms: Partial<Atom>[]) {
  const document = makeDocument(ownerId, { title, status: 'ready', atomCount: atoms.length })
  await drivers.store.documents.create(document)
  const plain = atoms.map((overrides, i) => makeAtom(document.id, i, { terms: [], prerequisites: [], related: [], ...overrides }))
  const vectors = await useEmbedder()(plain.map(atomEmbeddingText))
  const stored = plain.map((atom, i) => ({ ...atom, embedding: vectors!.vectors[i]!, embeddingVersion: vectors!.version }))
  await drivers.store.atoms.upsertMany(stored)
  await drivers.search.upsert(stored.map(toSearchDocument))
  return plain
}

describe('duplicates in an atom\'s links', () => {
  it('lists near-identical atoms of the reader\'s other documents, with their documents, and nothing unreadable or merely related', async () => {
    const owner = await drivers.store.users.create(makeUser())
    const stranger = await drivers.store.users.create(makeUser())
    const [atom] = await documentOf(owner.id, 'Biology notes', [{ title: 'Osmosis', text: osmosis }])
    const [copy, related] = await documentOf(owner.id, 'Revision sheet', [
      { title: 'Osmosis', text: osmosis.replace('dissolved particles', 'dissolved solute particles') },
      { title: 'Diffusion', text: 'Diffusion is the spreading of particles from where they are crowded to where they are sparse.' },
    ])
    await documentOf(stranger.id, 'Someone else', [{ title: 'Osmosis', text: osmosis }])

    const links = await getAtomLinks(drivers, owner, atom!.id)
    expect(links.duplicates).toEqual([{ id: copy!.id, title: 'Osmosis', documentId: copy!.documentId, documentTitle: 'Revision sheet', score: expect.any(Number) }])
    expect(links.duplicates[0]!.score).toBeGreaterThanOrEqual(0.95)
    expect(links.duplicates.some(duplicate => duplicate.id === related!.id)).toBe(false)
  })

  it('is empty for an atom without an embedding', async () => {
    const owner = await drivers.store.users.create(makeUser())
    const document = makeDocument(owner.id, { status: 'ready' })
    await drivers.store.documents.create(document)
    const atom = makeAtom(document.id, 0, { prerequisites: [], related: [], terms: [] })
    await drivers.store.atoms.upsertMany([atom])
    expect((await getAtomLinks(drivers, owner, atom.id)).duplicates).toEqual([])
  })
})
