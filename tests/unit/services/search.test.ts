import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createOramaIndex } from '../../../server/drivers/search/orama'
import type { SearchIndex } from '../../../server/drivers/search/types'
import { createSqliteStore } from '../../../server/drivers/store/sqlite'
import type { DocumentStore } from '../../../server/drivers/store/types'
import { reconcileSearchIndex, searchAtoms, suggestSearches, toSearchDocument } from '../../../server/services/search'
import type { Atom } from '../../../shared/schemas/atom'
import { atomEmbeddingText } from '../../../shared/utils/subwords'
import { useEmbedder } from '../../../server/ml/embeddings/embedder'
import { makeAtom, makeDocument, makeUser } from '../../contracts/store.contract'

let store: DocumentStore
let search: SearchIndex

beforeEach(() => {
  store = createSqliteStore(':memory:')
  search = createOramaIndex()
})

afterEach(async () => {
  await Promise.all([store.close(), search.close()])
})

/** A user's document with these atoms, in the store and the index. */
async function documentOf(ownerId: string, atoms: Partial<Atom>[]) {
  const document = makeDocument(ownerId, { status: 'ready', atomCount: atoms.length })
  await store.documents.create(document)
  const stored = atoms.map((overrides, i) => makeAtom(document.id, i, overrides))
  await store.atoms.upsertMany(stored)
  await search.upsert(stored.map(toSearchDocument))
  return { document, atoms: stored }
}

const query = (q: string, filters: { type?: Atom['type'][], difficulty?: Atom['difficultyLabel'][] } = {}) => ({ q, limit: 20, offset: 0, ...filters })

/** Atoms embedded by the built-in encoder, as the atomize job stores them. */
async function embeddedDocumentOf(ownerId: string, atoms: Partial<Atom>[]) {
  const document = makeDocument(ownerId, { status: 'ready', atomCount: atoms.length })
  await store.documents.create(document)
  const plain = atoms.map((overrides, i) => makeAtom(document.id, i, { terms: [], ...overrides }))
  const vectors = await useEmbedder()(plain.map(atomEmbeddingText))
  const stored = plain.map((atom, i) => ({ ...atom, embedding: vectors!.vectors[i]!, embeddingVersion: vectors!.version }))
  await store.atoms.upsertMany(stored)
  await search.upsert(stored.map(toSearchDocument))
  return { document, atoms: plain }
}

/** Two atoms far apart in meaning: one on photosynthesis, one on plate tectonics. */
const plantsAndPlates = [
  { title: 'Photosynthesis', text: 'Green plants use the energy of sunlight to turn carbon dioxide and water into glucose in their chloroplasts.' },
  { title: 'Plate boundaries', text: 'Tectonic plates meet at divergent, convergent and transform boundaries where earthquakes happen.' },
]

describe('searchAtoms', () => {
  it('searches a made-up word by keywords alone (the encoder learned too little of it for its vector to mean anything)', async () => {
    const owner = await store.users.create(makeUser())
    const { atoms } = await embeddedDocumentOf(owner.id, [
      { title: 'First', text: 'A worked example names betazorquix, which students draw as a diagram.' },
      { title: 'Second', text: 'A worked example names betazorquam, which students draw as a diagram.' },
    ])
    const found = await searchAtoms({ store, search }, owner, query('betazorquix'))
    expect(found.items.map(item => item.atom.id)).toEqual([atoms[0]!.id])
  })

  it('finds atoms by meaning as well as by words, with the built-in encoder, in what the reader may read', async () => {
    const owner = await store.users.create(makeUser())
    const stranger = await store.users.create(makeUser())
    const { atoms } = await embeddedDocumentOf(owner.id, plantsAndPlates)
    await embeddedDocumentOf(stranger.id, [{ title: 'Photosynthesis', text: 'Plants turn sunlight into glucose.' }])
    const found = await searchAtoms({ store, search }, owner, query('leaves making sugar from light'))
    expect(found.items[0]?.atom.id).toBe(atoms[0]!.id)
    expect(found.items.every(item => item.atom.documentId === atoms[0]!.documentId)).toBe(true)
    expect(found.items[0]!.atom).not.toHaveProperty('embedding')
    // Found by meaning, not by a word: its opening is the excerpt.
    expect(found.items[0]!.highlights).toEqual(['Green plants use the energy of sunlight to turn carbon dioxide and water into glucose in their chloroplasts.'])
  })

  it('finds atoms by meaning for a word outside the encoder\'s vocabulary that is built of pieces it learned', async () => {
    const owner = await store.users.create(makeUser())
    const { atoms } = await embeddedDocumentOf(owner.id, plantsAndPlates)
    const found = await searchAtoms({ store, search }, owner, query('photosynthetic'))
    expect(found.items.map(item => item.atom.id)).toEqual([atoms[0]!.id])
  })

  it('passes type and difficulty filters to the index', async () => {
    const owner = await store.users.create(makeUser())
    const { atoms } = await documentOf(owner.id, [
      { text: 'Basalt is a rock.', type: 'definition', difficultyLabel: 'easy' },
      { text: 'Basalt cools fast.', type: 'fact', difficultyLabel: 'hard' },
      { text: 'Basalt example.', type: 'example', difficultyLabel: 'easy' },
    ])
    const ids = async (filters: Parameters<typeof query>[1]) =>
      (await searchAtoms({ store, search }, owner, query('basalt', filters))).items.map(item => item.atom.id).sort()
    expect(await ids({})).toEqual(atoms.map(atom => atom.id).sort())
    expect(await ids({ type: ['fact'] })).toEqual([atoms[1]!.id])
    expect(await ids({ difficulty: ['easy'] })).toEqual([atoms[0]!.id, atoms[2]!.id].sort())
    expect(await ids({ type: ['fact', 'example'], difficulty: ['easy'] })).toEqual([atoms[2]!.id])
  })

  it('shows the index\'s marks of the body, else of the title, else excerpts of title and text, else the opening of the text', async () => {
    const owner = await store.users.create(makeUser())
    await documentOf(owner.id, [
      { title: 'Granite', text: 'Granite & <quartz> form slowly.' },
      { title: 'Obsidian glass', text: 'Volcanic and dark.' },
      { title: 'Pumice', text: 'Light stone.', headingTrail: ['Scoria'] },
    ])
    const excerpts = async (q: string) => (await searchAtoms({ store, search }, owner, query(q))).items.map(item => item.highlights)
    expect(await excerpts('quartz')).toEqual([['Granite &amp; &lt;<mark>quartz</mark>&gt; form slowly.']])
    expect(await excerpts('obsidian')).toEqual([['<mark>Obsidian</mark> glass']])
    // Matched by its heading trail only (or, in a hybrid search, by meaning): its opening stands for it.
    expect(await excerpts('scoria')).toEqual([['Light stone.']])
  })

  it('finds nothing in documents the actor may not read', async () => {
    const owner = await store.users.create(makeUser())
    const stranger = await store.users.create(makeUser())
    await documentOf(owner.id, [{ text: 'Serpentine.' }])
    expect(await searchAtoms({ store, search }, stranger, query('serpentine'))).toEqual({ items: [], total: 0 })
  })
})

describe('suggestSearches', () => {
  it('completes the last word of the query from readable atoms only', async () => {
    const owner = await store.users.create(makeUser())
    const stranger = await store.users.create(makeUser())
    await documentOf(owner.id, [{ title: 'Chlorophyll', terms: [{ term: 'chloroplast', key: 'chloroplast' }] }])
    expect(await suggestSearches({ store, search }, owner, { q: 'where is Chlo', limit: 8 }))
      .toEqual({ suggestions: ['where is chlorophyll', 'where is chloroplast'] })
    expect(await suggestSearches({ store, search }, owner, { q: 'chlorophyll ', limit: 8 })).toEqual({ suggestions: [] })
    expect(await suggestSearches({ store, search }, stranger, { q: 'chlo', limit: 8 })).toEqual({ suggestions: [] })
  })
})

describe('reconcileSearchIndex', () => {
  it('rebuilds the index from the store when the counts disagree, and leaves it alone when they agree', async () => {
    const owner = await store.users.create(makeUser())
    const { document } = await documentOf(owner.id, [{ text: 'Marble.' }, { text: 'Marble too.', type: 'fact' }])
    await search.upsert([toSearchDocument(makeAtom('gone', 0, { text: 'Marble of a deleted document.' }))])
    const rebuild = vi.spyOn(search, 'rebuild')
    expect(await reconcileSearchIndex({ store, search })).toBe(true)
    expect(rebuild).toHaveBeenCalledTimes(1)
    expect(await search.count()).toBe(2)
    const found = await search.search({ text: 'marble', documentIds: [document.id, 'gone'], filters: { type: ['fact'] }, limit: 10, offset: 0 })
    expect(found.total).toBe(1)
    expect(await reconcileSearchIndex({ store, search })).toBe(false)
    expect(rebuild).toHaveBeenCalledTimes(1)
  })
})
