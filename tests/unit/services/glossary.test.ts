import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Atom } from '../../../shared/schemas/atom'
import type { TermLabel } from '../../../shared/schemas/glossary'
import { configDefaults, parseConfig, type AppConfig } from '../../../server/config'
import { closeDrivers, createDrivers, type Drivers } from '../../../server/drivers'
import type { DocumentRecord } from '../../../server/drivers/store/types'
import { createAtomizeHandler } from '../../../server/jobs/atomize'
import type { DefinitionCandidate, DefinitionJudge } from '../../../server/atomizer/nlp/definitions'
import { createDefinitionJudge } from '../../../server/ml/definitions/model'
import { editAtom, splitAtom } from '../../../server/services/atom-editing'
import { allAtomsOf } from '../../../server/services/atoms'
import { deleteDocument } from '../../../server/services/documents'
import { collectionGlossary, documentGlossary } from '../../../server/services/glossary'
import { dueCards } from '../../../server/services/study'
import { makeCollection, makeUser } from '../../contracts/store.contract'

const chapter = `# Cells

## The membrane

The cell membrane is a thin barrier that surrounds every cell and controls what enters and leaves it. Water crosses the cell membrane by osmosis, and pumps in the membrane move ions.

## Osmosis

Osmosis is the diffusion of water across a membrane from a dilute solution to a concentrated one. Osmosis keeps plant cells firm, and every cell membrane allows osmosis.

## Active transport

Active transport is the movement of a substance against its concentration gradient, which costs energy. Pumps in the cell membrane carry out active transport, and osmosis alone never could.
`

let dataDir: string
let drivers: Drivers
let config: AppConfig

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'atomizer-glossary-'))
  config = parseConfig({ ...configDefaults, dataDir, atomMinWords: 5, atomMaxWords: 200 })
  drivers = createDrivers(config)
})

afterEach(async () => {
  await closeDrivers(drivers)
  rmSync(dataDir, { recursive: true, force: true })
})

const jobContext = { jobId: 'job', attempt: 1, maxAttempts: 1, signal: new AbortController().signal, progress: async () => {} }

async function processed(ownerId: string, overrides: Partial<DocumentRecord> = {}, text = chapter): Promise<DocumentRecord> {
  const id = `doc-${Math.random().toString(36).slice(2)}`
  const now = new Date().toISOString()
  const document: DocumentRecord = {
    id, ownerId, title: 'Cells', filename: 'cells.md', format: 'markdown', size: text.length, fileKey: `documents/${id}/v1`,
    status: 'queued', progress: 0, stage: null, atomCount: 0, error: null, version: 1, collectionId: null, createdAt: now, updatedAt: now, ...overrides,
  }
  await drivers.files.put(document.fileKey, new TextEncoder().encode(text), 'text/markdown')
  await drivers.store.documents.create(document)
  await process(document.id)
  return (await drivers.store.documents.get(id))!
}

/** Atomizes the document again, as reprocessing does: a new version, the same file. */
async function process(documentId: string) {
  const { version } = (await drivers.store.documents.get(documentId))!
  await createAtomizeHandler(drivers, config)({ documentId, version }, jobContext)
}

async function reprocess(documentId: string) {
  const document = (await drivers.store.documents.get(documentId))!
  await drivers.store.documents.update(documentId, { version: document.version + 1, status: 'queued' })
  await process(documentId)
}

const titled = (atoms: Atom[], title: string) => atoms.find(atom => atom.title === title)!

async function termLabels(): Promise<TermLabel[]> {
  const all: TermLabel[] = []
  for await (const batch of drivers.store.termLabels.scan(50)) all.push(...batch)
  return all
}

describe('glossaries', () => {
  it('are stored by the atomize job and read with the titles of the atoms defining each term', async () => {
    const owner = await drivers.store.users.create(makeUser())
    const document = await processed(owner.id)
    const atoms = await allAtomsOf(drivers, document.id)
    const glossary = await documentGlossary(drivers, owner, document.id)
    expect(glossary).toMatchObject({ documentId: document.id, title: 'Cells' })
    // As the key-term model ranks them (its order among close scores changes when it is retrained): the three
    // terms the chapter defines and the membrane it is about, best first.
    expect(glossary.items.map(item => item.key).sort()).toEqual(['active transport', 'cell membrane', 'membrane', 'osmosis'])
    expect(glossary.items.map(item => item.score)).toEqual([...glossary.items.map(item => item.score)].sort((a, b) => b - a))
    expect(glossary.items[0]).toEqual({
      term: 'osmosis', key: 'osmosis', score: expect.any(Number), definition: 'the diffusion of water across a membrane from a dilute solution to a concentrated one',
      atomId: titled(atoms, 'Osmosis').id, atomTitle: 'Osmosis', documentId: document.id, documentTitle: 'Cells',
    })
    expect(await drivers.store.keyTerms.get(document.id)).toHaveLength(4)
  })

  it('are read only by those who may read the document or collection (404 for others), and go with the document', async () => {
    const owner = await drivers.store.users.create(makeUser())
    const stranger = await drivers.store.users.create(makeUser())
    const document = await processed(owner.id)
    await expect(documentGlossary(drivers, stranger, document.id)).rejects.toMatchObject({ status: 404 })
    await expect(documentGlossary(drivers, owner, 'no-such-document')).rejects.toMatchObject({ status: 404 })
    const collection = makeCollection(owner.id)
    await drivers.store.collections.create(collection)
    await expect(collectionGlossary(drivers, stranger, collection.id)).rejects.toMatchObject({ status: 404 })
    await drivers.store.documents.share(document.id, stranger.id)
    expect((await documentGlossary(drivers, stranger, document.id)).items).toHaveLength(4)

    await deleteDocument(drivers, owner, document.id)
    expect(await drivers.store.keyTerms.get(document.id)).toBeNull()
  })

  it('of a collection hold each term of its documents once, the defined entry first', async () => {
    const owner = await drivers.store.users.create(makeUser())
    const collection = makeCollection(owner.id, { name: 'Biology' })
    await drivers.store.collections.create(collection)
    const cells = await processed(owner.id, { collectionId: collection.id, createdAt: '2026-01-01T00:00:00.000Z' })
    const more = await processed(owner.id, { collectionId: collection.id, title: 'Plants', createdAt: '2026-01-02T00:00:00.000Z' },
      '# Plants\n\nPlant cells have a cell wall around the cell membrane. Osmosis fills the vacuole of plant cells with water, and the cell wall holds it.\n\nA vacuole is a sac of fluid inside a plant cell.')
    const glossary = await collectionGlossary(drivers, owner, collection.id)
    expect(glossary).toMatchObject({ collectionId: collection.id, name: 'Biology' })
    const keys = glossary.items.map(item => item.key)
    expect(new Set(keys).size).toBe(keys.length)
    expect(keys).toEqual(expect.arrayContaining(['cell membrane', 'osmosis', 'vacuole', 'cell wall']))
    expect(glossary.items.find(item => item.key === 'osmosis')).toMatchObject({ documentId: cells.id, definition: expect.stringMatching(/^the diffusion/) })
    expect(glossary.items.find(item => item.key === 'vacuole')).toMatchObject({ documentId: more.id, documentTitle: 'Plants' })
  })

  it('are read off the atoms for a document stored before key terms were kept', async () => {
    const owner = await drivers.store.users.create(makeUser())
    const document = await processed(owner.id)
    await drivers.store.keyTerms.deleteByDocument(document.id)
    const { items } = await documentGlossary(drivers, owner, document.id)
    expect(items[0]!.score).toBe(1)
    expect(items.map(item => item.key).sort()).toEqual(['active transport', 'cell membrane', 'membrane', 'osmosis'])
    expect(items.find(item => item.key === 'cell membrane')).toMatchObject({ definition: expect.stringMatching(/^a thin barrier/) })
  })
})

describe('authors\' corrections of key terms and definitions', () => {
  it('are kept as labels, change every atom and the glossary, and hold when the document is processed again', async () => {
    const owner = await drivers.store.users.create(makeUser())
    const document = await processed(owner.id)
    const atoms = await allAtomsOf(drivers, document.id)
    const transport = titled(atoms, 'Active transport')
    const terms = transport.terms.map(term => term.term).filter(term => term !== 'membrane')
    const edited = await editAtom(drivers, owner, transport.id, {
      terms: [...terms, 'concentration gradient'],
      definitions: [{ term: 'concentration gradient', meaning: 'a difference in concentration between two places' }],
    })
    expect(edited.terms.map(term => term.key)).toEqual(['active transport', 'osmosis', 'cell membrane', 'concentration gradient'])
    expect(edited.definitions).toContainEqual({ term: 'concentration gradient', meaning: 'a difference in concentration between two places' })
    expect(edited.terms.find(term => term.key === 'concentration gradient')!.definedBy).toBe(transport.id)
    expect(edited.cards).toContainEqual({ type: 'definition', front: 'concentration gradient', back: 'a difference in concentration between two places' })
    expect((await termLabels()).map(label => [label.change, label.key, label.definition, label.atomId, label.userId])).toEqual([
      ['added', 'concentration gradient', null, transport.id, owner.id],
      ['removed', 'membrane', null, transport.id, owner.id],
      ['defined', 'concentration gradient', 'a difference in concentration between two places', transport.id, owner.id],
    ])
    // "membrane" left the document: the other atoms using it too.
    const after = await allAtomsOf(drivers, document.id)
    expect(after.flatMap(atom => atom.terms.map(term => term.key))).not.toContain('membrane')
    const expected = {
      term: 'concentration gradient', key: 'concentration gradient', score: 1, definition: 'a difference in concentration between two places', atomId: transport.id,
    }
    const glossary = async () => (await documentGlossary(drivers, owner, document.id)).items
    expect((await glossary()).map(item => item.key)).not.toContain('membrane')
    expect((await glossary()).find(item => item.key === 'concentration gradient')).toMatchObject(expected)

    // Saving again without changes records nothing.
    await editAtom(drivers, owner, transport.id, { terms: edited.terms.map(term => term.term), definitions: [{ term: 'concentration gradient', meaning: expected.definition }] })
    expect(await termLabels()).toHaveLength(3)

    await reprocess(document.id)
    expect((await drivers.store.documents.get(document.id))!.status).toBe('ready')
    expect((await glossary()).map(item => item.key)).not.toContain('membrane')
    expect((await glossary()).find(item => item.key === 'concentration gradient')).toMatchObject(expected)
    const reprocessed = await allAtomsOf(drivers, document.id)
    expect(reprocessed.flatMap(atom => atom.terms.map(term => term.key))).not.toContain('membrane')
    expect(titled(reprocessed, 'Active transport').definitions).toContainEqual({ term: 'concentration gradient', meaning: expected.definition })
  })

  it('strike a definition with an empty meaning, and refuse definitions of terms the atom does not have (422)', async () => {
    const owner = await drivers.store.users.create(makeUser())
    const document = await processed(owner.id)
    const osmosis = titled(await allAtomsOf(drivers, document.id), 'Osmosis')
    await expect(editAtom(drivers, owner, osmosis.id, { definitions: [{ term: 'photosynthesis', meaning: 'making sugar from light' }] }))
      .rejects.toMatchObject({ status: 422, errors: [{ path: 'definitions.0.term' }] })
    const struck = await editAtom(drivers, owner, osmosis.id, { definitions: [{ term: 'osmosis', meaning: '' }] })
    expect(struck.definitions).toEqual([])
    expect((await termLabels()).map(label => [label.change, label.definition, label.previousDefinition])).toEqual([
      ['defined', null, 'the diffusion of water across a membrane from a dilute solution to a concentrated one'],
    ])
    expect((await documentGlossary(drivers, owner, document.id)).items.find(item => item.key === 'osmosis')).toMatchObject({ definition: null })
  })

  it('follow the atom through a split, and keep the glossary pointing at atoms that exist', async () => {
    const owner = await drivers.store.users.create(makeUser())
    const document = await processed(owner.id)
    const membrane = titled(await allAtomsOf(drivers, document.id), 'The membrane')
    const body = `${membrane.body}\n\nA second paragraph speaks of pumps alone.`
    await editAtom(drivers, owner, membrane.id, { body, terms: [...membrane.terms.map(term => term.term), 'pumps'], definitions: [{ term: 'pumps', meaning: 'proteins that move ions' }] })
    const { items: [first, second] } = await splitAtom(drivers, owner, membrane.id, body.indexOf('\n\nA second') + 2)
    const atomIds = new Set((await allAtomsOf(drivers, document.id)).map(atom => atom.id))
    const { items } = await documentGlossary(drivers, owner, document.id)
    for (const item of items) expect(atomIds.has(item.atomId)).toBe(true)
    expect(items.find(item => item.key === 'pump')).toMatchObject({ definition: 'proteins that move ions', atomId: first.id })
    expect(second.terms.find(term => term.key === 'pump')?.definedBy ?? first.id).toBe(first.id)
  })
})

describe('definitions an edit finds', () => {
  it('go before the definitions model as the worker\'s do: rejected ones are left out, kept ones make cards; an author\'s own are never judged', async () => {
    const owner = await drivers.store.users.create(makeUser())
    const document = await processed(owner.id)
    const osmosis = titled(await allAtomsOf(drivers, document.id), 'Osmosis')
    const body = `${osmosis.body}\n\nA semipermeable membrane is a barrier that lets water through but holds back what is dissolved in it.`
    const terms = [...osmosis.terms.map(term => term.term), 'semipermeable membrane']
    const judged: DefinitionCandidate[] = []
    const rejectAll: DefinitionJudge = async (candidates) => {
      judged.push(...candidates)
      return candidates.map(() => false)
    }
    const rejected = await editAtom(drivers, owner, osmosis.id, { body, terms }, undefined, rejectAll)
    expect(judged.map(candidate => [candidate.definition.key, candidate.sentence])).toEqual([['semipermeable membrane', expect.stringMatching(/^A semipermeable membrane is a barrier/)]])
    expect(rejected.definitions.map(definition => definition.term)).not.toContain('semipermeable membrane')
    expect(rejected.cards.filter(card => card.type === 'definition').map(card => card.front)).not.toContain('semipermeable membrane')
    // The atom's definition from before is not judged again.
    expect(rejected.definitions.map(definition => definition.term.toLowerCase())).toContain('osmosis')

    const kept = await editAtom(drivers, owner, osmosis.id, { body: `${body}\n\nIt matters.`, terms }, undefined, createDefinitionJudge({ mlBackend: 'cpu', definitionsModel: undefined }))
    expect(kept.definitions).toContainEqual({ term: 'semipermeable membrane', meaning: 'a barrier that lets water through but holds back what is dissolved in it' })
    expect(kept.cards).toContainEqual(expect.objectContaining({ type: 'definition', front: 'semipermeable membrane' }))

    // What an author gives is the author's word.
    const given = await editAtom(drivers, owner, osmosis.id, { definitions: [{ term: 'semipermeable membrane', meaning: 'a membrane only some things cross' }] }, undefined, rejectAll)
    expect(given.definitions).toContainEqual({ term: 'semipermeable membrane', meaning: 'a membrane only some things cross' })
  })
  it('are judged with the term\'s statistics across the whole document, as the worker judges them', async () => {
    const owner = await drivers.store.users.create(makeUser())
    const document = await processed(owner.id)
    const atoms = await allAtomsOf(drivers, document.id)
    const transport = titled(atoms, 'Active transport')
    const judged: DefinitionCandidate[] = []
    const keepAll: DefinitionJudge = async (candidates) => {
      judged.push(...candidates)
      return candidates.map(() => true)
    }
    // A second definition of a term the Osmosis atom defines and others use.
    const body = `${transport.body}\n\nOsmosis is the movement of water across a membrane towards the side with more dissolved matter.`
    await editAtom(drivers, owner, transport.id, { body }, undefined, keepAll)
    const osmosis = judged.find(candidate => candidate.definition.key === 'osmosis')!
    expect(osmosis.sentence).toMatch(/^Osmosis is the movement of water/)
    // Counted in every atom that uses it, not only in the edited one.
    expect(osmosis.stats!.atoms.size).toBeGreaterThanOrEqual(2)
    expect(osmosis.stats!.count).toBeGreaterThan((body.match(/osmosis/gi) ?? []).length)
    expect(osmosis.stats!.inHeading).toBe(true)
    // One of the document's two definitions of it.
    expect(osmosis.rivals).toBe(2)
    expect(osmosis.keyTermScore).toBeGreaterThan(0)
  })
})

describe('studying key terms', () => {
  it('limits a session to the cards of the terms asked for', async () => {
    const owner = await drivers.store.users.create(makeUser())
    const document = await processed(owner.id)
    const all = await dueCards(drivers, owner, { documentId: document.id, limit: 100, newLimit: 100 })
    const some = await dueCards(drivers, owner, { documentId: document.id, terms: ['Osmosis', 'active transport'], limit: 100, newLimit: 100 })
    expect(all.items.length).toBeGreaterThan(some.items.length)
    expect(some.items.length).toBeGreaterThanOrEqual(2)
    for (const { card } of some.items) {
      expect(['osmosis', 'active transport']).toContain((card.type === 'cloze' ? card.back : card.front).toLowerCase())
    }
    expect((await dueCards(drivers, owner, { documentId: document.id, terms: ['photosynthesis'], limit: 100, newLimit: 100 })).items).toEqual([])
  })
})
