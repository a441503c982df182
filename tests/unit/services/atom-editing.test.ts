import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Drivers } from '../../../server/drivers'
import { createMemoryCache } from '../../../server/drivers/cache/memory'
import { createMemoryEventBus } from '../../../server/drivers/events/memory'
import { createOramaIndex } from '../../../server/drivers/search/orama'
import { createSqliteStore } from '../../../server/drivers/store/sqlite'
import type { TypeLabel } from '../../../shared/schemas/atom-edit'
import { difficultyInputOfAtom } from '../../../server/ml/difficulty/dataset'
import { loadDifficultyModel } from '../../../server/ml/difficulty/model'
import { createDifficultyScorer } from '../../../server/ml/difficulty/scorer'
import { mergeAtoms, editAtom, splitAtom } from '../../../server/services/atom-editing'
import { toSearchDocument } from '../../../server/services/search'
import { builtInTextEncoder } from '../../../shared/utils/text-encoder'
import { makeAtom, makeDocument, makeUser } from '../../contracts/store.contract'

let drivers: Drivers

beforeEach(() => {
  drivers = { store: createSqliteStore(':memory:'), cache: createMemoryCache(), search: createOramaIndex(), events: createMemoryEventBus() } as unknown as Drivers
})

afterEach(async () => {
  await Promise.all([drivers.store.close(), drivers.search.close(), drivers.events.close()])
})

async function documentWith(count: number) {
  const owner = await drivers.store.users.create(makeUser())
  const document = makeDocument(owner.id, { status: 'ready', atomCount: count })
  await drivers.store.documents.create(document)
  const atoms = Array.from({ length: count }, (_, i) => makeAtom(document.id, i, {
    body: `First paragraph of atom ${i}.\n\nSecond paragraph of atom ${i}.`, terms: [], prerequisites: [], related: [],
  }))
  await drivers.store.atoms.upsertMany(atoms)
  await drivers.search.upsert(atoms.map(toSearchDocument))
  return { owner, document, atoms }
}

async function labels() {
  const all: TypeLabel[] = []
  for await (const batch of drivers.store.typeLabels.scan(10)) all.push(...batch)
  return all
}

describe('atom editing', () => {
  it('records a training label only when the type changes', async () => {
    const { owner, document, atoms } = await documentWith(2)
    await editAtom(drivers, owner, atoms[0]!.id, { title: 'Only the title' })
    await editAtom(drivers, owner, atoms[0]!.id, { type: 'concept' })
    expect(await labels()).toEqual([])
    const edited = await editAtom(drivers, owner, atoms[0]!.id, { type: 'example' })
    expect(await labels()).toEqual([{
      atomId: atoms[0]!.id, documentId: document.id, text: edited.text, type: 'example', previousType: 'concept', userId: owner.id, at: expect.any(String),
    }])
  })

  it('scores rebuilt atoms with the difficulty model when given the scorer, as the worker does', async () => {
    const { owner, atoms } = await documentWith(3)
    const scorer = createDifficultyScorer({ mlBackend: 'cpu', difficultyModel: undefined })
    const model = await loadDifficultyModel()
    const body = 'Oxidative phosphorylation utilises electrochemical gradients across the inner mitochondrial membrane.\n\nChemiosmosis couples them to ATP synthesis.'
    const edited = await editAtom(drivers, owner, atoms[0]!.id, { body }, scorer)
    const [expected] = await model.score([await difficultyInputOfAtom(edited)])
    expect(edited.difficulty).toBe(Math.round(expected! * 100) / 100)
    expect((await drivers.store.atoms.get(edited.id))!.difficulty).toBe(edited.difficulty)
    const { items: [first, second] } = await splitAtom(drivers, owner, edited.id, edited.body.indexOf('\n\n') + 2, scorer)
    for (const part of [first, second]) expect(part.difficulty).toBe(Math.round((await model.score([await difficultyInputOfAtom(part)]))[0]! * 100) / 100)
    const merged = await mergeAtoms(drivers, owner, [first.id, second.id], scorer)
    expect(merged.difficulty).toBe(Math.round((await model.score([await difficultyInputOfAtom(merged)]))[0]! * 100) / 100)
  })

  it('moves the document version on and leaves it ready, with the new atom count', async () => {
    const { owner, document, atoms } = await documentWith(3)
    await splitAtom(drivers, owner, atoms[1]!.id, atoms[1]!.body.indexOf('\n\n') + 2)
    const after = await drivers.store.documents.get(document.id)
    expect(after).toMatchObject({ status: 'ready', stage: null, atomCount: 4 })
    expect(after!.version).toBeGreaterThan(document.version)
  })

  it('embeds the atoms an edit rewrites and keeps the stored vectors of those it only moves', async () => {
    const { owner, atoms } = await documentWith(3)
    const marker = Array.from({ length: 64 }, (_, i) => (i === 0 ? 1 : 0))
    await drivers.store.atoms.upsertMany(atoms.map(atom => ({ ...atom, embedding: marker, embeddingVersion: builtInTextEncoder.version })))
    const [first, second] = (await splitAtom(drivers, owner, atoms[1]!.id, atoms[1]!.body.indexOf('\n\n') + 2)).items
    const stored = await drivers.store.atoms.embeddings([atoms[0]!.id, first.id, second.id, atoms[2]!.id])
    expect([...stored.values()].every(embedding => embedding.version === builtInTextEncoder.version)).toBe(true)
    const vectors = new Map([...stored].map(([id, embedding]) => [id, embedding.vector]))
    expect(vectors.get(atoms[2]!.id)).toEqual(marker)
    for (const id of [first.id, second.id]) {
      expect(vectors.get(id)).toHaveLength(64)
      expect(vectors.get(id)).not.toEqual(marker)
    }
    // The first atom was not written at all and keeps its vector too.
    expect(vectors.get(atoms[0]!.id)).toEqual(marker)
    const near = await drivers.search.nearest({ vector: vectors.get(second.id)!, vectorVersion: builtInTextEncoder.version, documentIds: [second.documentId], minSimilarity: 0.99, limit: 1 })
    expect(near.map(hit => hit.id)).toEqual([second.id])
  })

  it('embeds anew a moved atom whose stored vector another encoder made', async () => {
    const { owner, atoms } = await documentWith(3)
    const marker = Array.from({ length: 64 }, (_, i) => (i === 0 ? 1 : 0))
    await drivers.store.atoms.upsertMany(atoms.map(atom => ({ ...atom, embedding: marker, embeddingVersion: 'retired' })))
    await splitAtom(drivers, owner, atoms[1]!.id, atoms[1]!.body.indexOf('\n\n') + 2)
    const moved = (await drivers.store.atoms.embeddings([atoms[2]!.id])).get(atoms[2]!.id)!
    expect(moved.version).toBe(builtInTextEncoder.version)
    expect(moved.vector).not.toEqual(marker)
  })

  it('takes concurrent edits of one document one after another', async () => {
    const { owner, document, atoms } = await documentWith(6)
    const results = await Promise.allSettled([
      mergeAtoms(drivers, owner, [atoms[0]!.id, atoms[1]!.id]),
      splitAtom(drivers, owner, atoms[3]!.id, atoms[3]!.body.indexOf('\n\n') + 2),
      mergeAtoms(drivers, owner, [atoms[4]!.id, atoms[5]!.id]),
      mergeAtoms(drivers, owner, [atoms[1]!.id, atoms[2]!.id]),
    ])
    expect(results.map(result => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'rejected'])
    const { items } = await drivers.store.atoms.listByDocument(document.id, { limit: 20 })
    expect(items.map(atom => atom.order)).toEqual([0, 1, 2, 3, 4])
    expect((await drivers.store.documents.get(document.id))!.atomCount).toBe(5)
  })

  it('refuses a second instance\'s edit while one is being saved (409)', async () => {
    const { owner, document, atoms } = await documentWith(2)
    await drivers.store.documents.update(document.id, { stage: 'editing', version: 2, updatedAt: new Date().toISOString() })
    await expect(editAtom(drivers, owner, atoms[0]!.id, { title: 'x' })).rejects.toMatchObject({ status: 409 })
    // An edit whose instance died is stale after a minute.
    await drivers.store.documents.update(document.id, { updatedAt: new Date(Date.now() - 120_000).toISOString() })
    await expect(editAtom(drivers, owner, atoms[0]!.id, { title: 'x' })).resolves.toMatchObject({ title: 'x' })
  })
})
