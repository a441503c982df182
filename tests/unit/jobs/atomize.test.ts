import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Atom } from '../../../shared/schemas/atom'
import type { LiveServerMessage } from '../../../shared/schemas/live'
import { documentChannel } from '../../../shared/utils/live-channels'
import { builtInTextEncoder } from '../../../shared/utils/text-encoder'
import { configDefaults, parseConfig, type AppConfig } from '../../../server/config'
import { closeDrivers, createDrivers, type Drivers } from '../../../server/drivers'
import { PermanentJobError, type JobContext } from '../../../server/drivers/queue/types'
import type { DocumentRecord } from '../../../server/drivers/store/types'
import { createAtomizeHandler } from '../../../server/jobs/atomize'
import { deleteDocument } from '../../../server/services/documents'
import { eventually } from '../../support/wait'

const chapter = [
  '# Photosynthesis',
  'Plants turn light into chemical energy.',
  '## Light reactions',
  ...Array.from({ length: 90 }, (_, i) => `Paragraph ${i} about thylakoid membranes and the electron transport chain, with enough words to matter.`),
  '## Calvin cycle',
  'Carbon fixation happens in the stroma.',
  '# Respiration',
  'Cells release energy from glucose.',
].join('\n\n')

let dataDir: string
let drivers: Drivers
let config: AppConfig

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'atomizer-job-'))
  config = parseConfig({ ...configDefaults, dataDir, atomMinWords: 10, atomMaxWords: 60 })
  drivers = createDrivers(config)
})

afterEach(async () => {
  await closeDrivers(drivers)
  rmSync(dataDir, { recursive: true, force: true })
  vi.restoreAllMocks()
})

function context(overrides: Partial<JobContext> = {}) {
  const progress: number[] = []
  const value: JobContext = {
    jobId: 'test-job', attempt: 1, maxAttempts: 3, signal: new AbortController().signal,
    progress: async (p) => {
      progress.push(p)
    },
    ...overrides,
  }
  return { context: value, progress }
}

async function seedDocument(content: string | Uint8Array, overrides: Partial<DocumentRecord> = {}): Promise<DocumentRecord> {
  const owner = await drivers.store.users.create({
    id: `user-${Math.random().toString(36).slice(2)}`, email: `${Math.random().toString(36).slice(2)}@example.test`,
    name: 'Owner', role: 'author', passwordHash: 'x', createdAt: new Date().toISOString(), disabledAt: null,
  })
  const id = `doc-${Math.random().toString(36).slice(2)}`
  const now = new Date().toISOString()
  const document: DocumentRecord = {
    id, ownerId: owner.id, title: 'Biology', filename: 'biology.md', format: 'markdown', size: 0, fileKey: `documents/${id}/v1`,
    status: 'queued', progress: 0, stage: null, atomCount: 0, error: null, version: 1, collectionId: null, createdAt: now, updatedAt: now, ...overrides,
  }
  await drivers.files.put(document.fileKey, typeof content === 'string' ? new TextEncoder().encode(content) : content, 'text/markdown')
  await drivers.store.documents.create(document)
  return document
}

async function storedAtoms(documentId: string): Promise<Atom[]> {
  const atoms: Atom[] = []
  let cursor: string | undefined
  do {
    const page = await drivers.store.atoms.listByDocument(documentId, { limit: 7, cursor })
    atoms.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return atoms
}

const searchIds = async (text: string, documentId: string) =>
  (await drivers.search.search({ text, documentIds: [documentId], limit: 50, offset: 0 })).hits.map(hit => hit.id).sort()

describe('the atomize job', () => {
  it('stores, indexes and announces the atoms, ending ready with progress 1', async () => {
    const document = await seedDocument(chapter)
    const messages: LiveServerMessage[] = []
    await drivers.events.subscribe(documentChannel(document.id), message => messages.push(message as LiveServerMessage))
    const { context: run, progress } = context()
    await createAtomizeHandler(drivers, config)({ documentId: document.id, version: 1 }, run)

    const atoms = await storedAtoms(document.id)
    expect(atoms.length).toBeGreaterThan(20)
    expect(atoms.map(atom => atom.order)).toEqual(atoms.map((_, i) => i))
    expect(atoms.every(atom => atom.documentId === document.id && atom.html.startsWith('<'))).toBe(true)
    expect(await drivers.store.documents.get(document.id)).toMatchObject({ status: 'ready', progress: 1, atomCount: atoms.length, stage: null, error: null })
    expect(await drivers.search.count()).toBe(atoms.length)
    expect(await searchIds('thylakoid', document.id)).toHaveLength(atoms.filter(atom => atom.body.includes('thylakoid')).length)

    expect(progress.at(-1)).toBe(1)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    await eventually(() => expect(messages.at(-1)).toMatchObject({ type: 'document', document: { status: 'ready', progress: 1 } }))
    const announced = messages.flatMap(message => message.type === 'atoms' ? message.atoms : [])
    expect(announced.map(atom => atom.id)).toEqual(atoms.map(atom => atom.id))
  })

  it('embeds every atom: the store and the index keep the vector, reads and live events leave it out', async () => {
    const document = await seedDocument(chapter)
    const messages: LiveServerMessage[] = []
    await drivers.events.subscribe(documentChannel(document.id), message => messages.push(message as LiveServerMessage))
    await createAtomizeHandler(drivers, config)({ documentId: document.id, version: 1 }, context().context)

    const atoms = await storedAtoms(document.id)
    const vectors = await drivers.store.atoms.embeddings(atoms.map(atom => atom.id))
    expect(vectors.size).toBe(atoms.length)
    for (const { vector, version } of vectors.values()) {
      expect(vector).toHaveLength(config.embeddingsDims)
      expect(Math.hypot(...vector)).toBeCloseTo(1, 3)
      expect(version).toBe(builtInTextEncoder.version)
    }
    expect(atoms.every(atom => !('embedding' in atom))).toBe(true)
    const announced = messages.flatMap(message => (message.type === 'atoms' ? message.atoms : []))
    expect(announced.length).toBe(atoms.length)
    expect(announced.every(atom => !('embedding' in atom))).toBe(true)
    // The index has the vectors: an atom is its own nearest neighbour.
    const [first] = atoms
    const near = await drivers.search.nearest({ vector: vectors.get(first!.id)!.vector, vectorVersion: builtInTextEncoder.version, documentIds: [document.id], minSimilarity: 0.99, limit: 1 })
    expect(near.map(hit => hit.id)).toEqual([first!.id])
  })

  it('is idempotent: running the same job twice leaves the same atoms, once each', async () => {
    const document = await seedDocument(chapter)
    const handler = createAtomizeHandler(drivers, config)
    await handler({ documentId: document.id, version: 1 }, context().context)
    const first = await storedAtoms(document.id)
    const firstCount = await drivers.store.atoms.count()
    const firstIndexed = await drivers.search.count()

    await handler({ documentId: document.id, version: 1 }, context().context)
    const second = await storedAtoms(document.id)
    expect(second.map(atom => atom.id)).toEqual(first.map(atom => atom.id))
    expect(second).toEqual(first)
    expect(new Set(second.map(atom => atom.id)).size).toBe(second.length)
    expect(await drivers.store.atoms.count()).toBe(firstCount)
    expect(await drivers.search.count()).toBe(firstIndexed)
    expect(await searchIds('stroma', document.id)).toHaveLength(1)
    expect((await drivers.store.documents.get(document.id))?.atomCount).toBe(first.length)
  })

  it('replaces atoms that a rerun no longer produces, in the store and in the index', async () => {
    const document = await seedDocument(chapter)
    const handler = createAtomizeHandler(drivers, config)
    await handler({ documentId: document.id, version: 1 }, context().context)
    await drivers.files.put(document.fileKey, new TextEncoder().encode('# Short\n\nOnly one atom about mitochondria now.'), 'text/markdown')
    await handler({ documentId: document.id, version: 1 }, context().context)
    const atoms = await storedAtoms(document.id)
    expect(atoms).toHaveLength(1)
    expect(await drivers.store.atoms.count()).toBe(1)
    expect(await drivers.search.count()).toBe(1)
    expect(await searchIds('thylakoid', document.id)).toEqual([])
    expect(await searchIds('mitochondria', document.id)).toEqual([atoms[0]!.id])
  })

  it('keeps the atoms of other documents', async () => {
    const first = await seedDocument(chapter)
    const second = await seedDocument('# Other\n\nSomething about ribosomes.')
    const handler = createAtomizeHandler(drivers, config)
    await handler({ documentId: first.id, version: 1 }, context().context)
    await handler({ documentId: second.id, version: 1 }, context().context)
    await handler({ documentId: first.id, version: 1 }, context().context)
    expect(await storedAtoms(second.id)).toHaveLength(1)
    expect(await searchIds('ribosomes', second.id)).toHaveLength(1)
  })

  it('does nothing for a job of an older version or of a missing document', async () => {
    const document = await seedDocument(chapter, { version: 2 })
    const handler = createAtomizeHandler(drivers, config)
    await handler({ documentId: document.id, version: 1 }, context().context)
    await handler({ documentId: 'no-such-document', version: 1 }, context().context)
    expect(await drivers.store.atoms.count()).toBe(0)
    expect(await drivers.store.documents.get(document.id)).toMatchObject({ status: 'queued', progress: 0 })
  })

  it.each([
    ['invalid UTF-8', new Uint8Array([0x23, 0x20, 0xFF, 0xFE, 0x41]), /UTF-8/],
    ['no readable text', new TextEncoder().encode('# Only a heading\n\n## And another'), /no readable text/],
    ['nothing but raw HTML', new TextEncoder().encode('<div>\n<p>raw</p>\n</div>'), /no readable text/],
  ])('fails a document with %s at once, with a clear error', async (_name, content, message) => {
    const document = await seedDocument(content)
    const run = createAtomizeHandler(drivers, config)({ documentId: document.id, version: 1 }, context({ attempt: 1, maxAttempts: 3 }).context)
    await expect(run).rejects.toBeInstanceOf(PermanentJobError)
    const failed = await drivers.store.documents.get(document.id)
    expect(failed).toMatchObject({ status: 'failed', stage: null, atomCount: 0 })
    expect(failed?.error).toMatch(message)
    expect(await drivers.store.atoms.count()).toBe(0)
  })

  it('fails a document whose file is missing', async () => {
    const document = await seedDocument(chapter)
    await drivers.files.delete(document.fileKey)
    await expect(createAtomizeHandler(drivers, config)({ documentId: document.id, version: 1 }, context().context))
      .rejects.toBeInstanceOf(PermanentJobError)
    expect(await drivers.store.documents.get(document.id)).toMatchObject({ status: 'failed', error: expect.stringMatching(/missing/) })
  })

  it('puts the document back in the queue after a transient failure, and fails it on the last attempt', async () => {
    const document = await seedDocument(chapter)
    const handler = createAtomizeHandler(drivers, config)
    vi.spyOn(drivers.search, 'upsert').mockRejectedValue(new Error('index unavailable'))
    await expect(handler({ documentId: document.id, version: 1 }, context({ attempt: 1, maxAttempts: 2 }).context)).rejects.toThrow('index unavailable')
    expect(await drivers.store.documents.get(document.id)).toMatchObject({ status: 'queued', progress: 0, stage: expect.stringContaining('index unavailable') })
    await expect(handler({ documentId: document.id, version: 1 }, context({ attempt: 2, maxAttempts: 2 }).context)).rejects.toThrow('index unavailable')
    expect(await drivers.store.documents.get(document.id)).toMatchObject({ status: 'failed', error: 'index unavailable' })
  })

  it('stops when aborted, leaving the status for the rerun after a restart', async () => {
    const document = await seedDocument(chapter)
    const controller = new AbortController()
    const upsert = drivers.store.atoms.upsertMany.bind(drivers.store.atoms)
    vi.spyOn(drivers.store.atoms, 'upsertMany').mockImplementation(async (atoms) => {
      await upsert(atoms)
      controller.abort()
    })
    await expect(createAtomizeHandler(drivers, config)({ documentId: document.id, version: 1 }, context({ signal: controller.signal }).context))
      .rejects.toThrow(/interrupted/)
    expect(await drivers.store.documents.get(document.id)).toMatchObject({ status: 'processing', error: null })
  })

  it('leaves no atoms behind when the document is deleted while the job runs', async () => {
    const document = await seedDocument(chapter)
    const owner = { id: document.ownerId, role: 'author' as const }
    // Another process deletes the document right after the job stored its first batch.
    const upsert = drivers.store.atoms.upsertMany.bind(drivers.store.atoms)
    let deleted = false
    vi.spyOn(drivers.store.atoms, 'upsertMany').mockImplementation(async (atoms) => {
      if (!deleted) {
        deleted = true
        await deleteDocument(drivers, owner, document.id)
      }
      await upsert(atoms)
    })
    await createAtomizeHandler(drivers, config)({ documentId: document.id, version: 1 }, context().context)
    expect(await drivers.store.documents.get(document.id)).toBeNull()
    expect(await drivers.store.atoms.count()).toBe(0)
    expect(await drivers.search.count()).toBe(0)
  })
})
