import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Atom } from '../../../../shared/schemas/atom'
import type { TypeLabel } from '../../../../shared/schemas/atom-edit'
import type { DocumentStatus } from '../../../../shared/schemas/document'
import type { Role } from '../../../../shared/schemas/auth'
import { InvalidCursorError } from '../../../../server/drivers/store/cursor'
import {
  DuplicateKeyError,
  type DocumentRecord, type DocumentStore, type PageOptions, type UserRecord,
} from '../../../../server/drivers/store/types'
import type { Page } from '../../../../shared/schemas/common'

const epoch = Date.parse('2026-03-01T08:00:00.000Z')
const at = (seconds: number) => new Date(epoch + seconds * 1000).toISOString()

export function makeUser(overrides: Partial<UserRecord> = {}): UserRecord {
  const id = randomUUID()
  return {
    id, email: `${id}@example.test`, name: 'Test User', role: 'author', passwordHash: 'hash', createdAt: at(0), ...overrides,
  }
}

export function makeDocument(ownerId: string, overrides: Partial<DocumentRecord> = {}): DocumentRecord {
  const id = randomUUID()
  return {
    id, ownerId, title: 'A chapter', filename: 'chapter.md', format: 'markdown', size: 123, fileKey: `documents/${id}/v1`,
    status: 'queued', progress: 0, stage: null, atomCount: 0, error: null, version: 1,
    createdAt: at(0), updatedAt: at(0), ...overrides,
  }
}

export function makeAtom(documentId: string, order: number, overrides: Partial<Atom> = {}): Atom {
  return {
    id: `${documentId}-atom-${order}`, documentId, order, title: `Atom ${order}`, type: 'concept',
    body: `Body of **atom** ${order}.`, html: `<p>Body of <strong>atom</strong> ${order}.</p>`, text: `Body of atom ${order}.`,
    headingTrail: ['Chapter', `Section ${order}`], wordCount: 4, readingTimeSec: 2, difficulty: 0.25, difficultyLabel: 'easy',
    terms: [{ term: 'atom', key: 'atom', definedBy: `${documentId}-atom-0` }], definitions: [{ term: 'atom', meaning: 'a small unit' }],
    prerequisites: order > 0 ? [`${documentId}-atom-0`] : [], related: [{ id: `${documentId}-atom-1`, score: 0.5 }],
    cards: [{ type: 'qa', front: `What is atom ${order}?`, back: 'A test atom.' }],
    source: { start: order * 10, end: order * 10 + 9, ...(order % 2 === 1 && { page: order }) }, ...overrides,
  }
}

/** Follows `nextCursor` to the end; fails on a cursor loop instead of hanging. */
async function allPages<T>(list: (page: PageOptions) => Promise<Page<T>>, limit: number) {
  const pages: T[][] = []
  let cursor: string | undefined
  for (let i = 0; i < 1000; i++) {
    const page = await list({ limit, cursor })
    pages.push(page.items)
    cursor = page.nextCursor
    if (cursor === undefined) return pages
  }
  throw new Error('the cursor never ends')
}

const shuffled = <T>(items: T[]) => items.map((item, i) => ({ item, key: (i * 7919) % 13 })).sort((a, b) => a.key - b.key).map(e => e.item)

/**
 * What every `DocumentStore` driver must do, whatever it runs on. `create` returns a fresh, empty store;
 * the suite closes it after each test.
 */
export function describeStoreContract(name: string, create: () => Promise<DocumentStore> | DocumentStore) {
  describe(`DocumentStore contract: ${name}`, () => {
    let store: DocumentStore

    beforeEach(async () => {
      store = await create()
    })

    afterEach(async () => {
      await store.close()
    })

    it('names its kind', () => {
      expect(store.kind).toEqual(expect.any(String))
      expect(store.kind.length).toBeGreaterThan(0)
    })

    describe('users', () => {
      it('creates a user and finds it by id and by email', async () => {
        const user = makeUser()
        expect(await store.users.create(user)).toEqual(user)
        expect(await store.users.findById(user.id)).toEqual(user)
        expect(await store.users.findByEmail(user.email)).toEqual(user)
        expect(await store.users.count()).toBe(1)
      })

      it('finds nothing for an unknown id or email', async () => {
        await store.users.create(makeUser())
        expect(await store.users.findById(randomUUID())).toBeNull()
        expect(await store.users.findByEmail('nobody@example.test')).toBeNull()
      })

      it('rejects a second user with the same email with DuplicateKeyError and keeps the first', async () => {
        const first = makeUser({ email: 'same@example.test', name: 'First' })
        await store.users.create(first)
        const second = makeUser({ email: 'same@example.test', name: 'Second' })
        await expect(store.users.create(second)).rejects.toBeInstanceOf(DuplicateKeyError)
        expect(await store.users.findByEmail('same@example.test')).toEqual(first)
        expect(await store.users.findById(second.id)).toBeNull()
        expect(await store.users.count()).toBe(1)
      })

      it('makes the first user admin when asked, and later users keep their role', async () => {
        const first = await store.users.create(makeUser({ role: 'author' }), { adminIfFirst: true })
        expect(first.role).toBe('admin')
        const second = await store.users.create(makeUser({ role: 'learner' }), { adminIfFirst: true })
        expect(second.role).toBe('learner')
        const third = await store.users.create(makeUser({ role: 'author' }), { adminIfFirst: true })
        expect(third.role).toBe('author')
        expect((await store.users.findById(first.id))?.role).toBe('admin')
        expect((await store.users.findById(second.id))?.role).toBe('learner')
      })

      it('keeps the given role of a first user created without adminIfFirst', async () => {
        const user = await store.users.create(makeUser({ role: 'learner' }))
        expect(user.role).toBe('learner')
        expect((await store.users.findById(user.id))?.role).toBe('learner')
      })

      it('gives exactly one admin when the first users are created concurrently', async () => {
        const created = await Promise.all(Array.from({ length: 5 }, () =>
          store.users.create(makeUser({ role: 'author' }), { adminIfFirst: true })))
        expect(created.filter(user => user.role === 'admin')).toHaveLength(1)
        const stored = await Promise.all(created.map(user => store.users.findById(user.id)))
        expect(stored.filter(user => user?.role === 'admin')).toHaveLength(1)
        expect(await store.users.count()).toBe(5)
      })

      it('changes a role, and reports a missing user as null', async () => {
        const user = await store.users.create(makeUser({ role: 'learner' }))
        const changed = await store.users.setRole(user.id, 'author' satisfies Role)
        expect(changed).toEqual({ ...user, role: 'author' })
        expect((await store.users.findById(user.id))?.role).toBe('author')
        expect(await store.users.setRole(randomUUID(), 'admin')).toBeNull()
      })
    })

    describe('documents', () => {
      let owner: UserRecord
      let other: UserRecord

      beforeEach(async () => {
        owner = await store.users.create(makeUser())
        other = await store.users.create(makeUser())
      })

      it('creates a document and gets it back unchanged', async () => {
        const document = makeDocument(owner.id, { stage: 'reading', error: null, progress: 0.25, size: 4096, format: 'text' })
        await store.documents.create(document)
        expect(await store.documents.get(document.id)).toEqual(document)
      })

      it('gets null for an unknown id', async () => {
        expect(await store.documents.get(randomUUID())).toBeNull()
      })

      it('updates only the patched fields and returns the result', async () => {
        const document = makeDocument(owner.id)
        await store.documents.create(document)
        const patch = { status: 'processing' as const, progress: 0.5, stage: 'storing', atomCount: 7, updatedAt: at(60) }
        const updated = await store.documents.update(document.id, patch)
        expect(updated).toEqual({ ...document, ...patch })
        expect(await store.documents.get(document.id)).toEqual({ ...document, ...patch })
      })

      it('clears nullable fields with null and ignores undefined ones', async () => {
        const document = makeDocument(owner.id, { stage: 'reading', error: 'boom' })
        await store.documents.create(document)
        const updated = await store.documents.update(document.id, { stage: null, error: null, title: undefined })
        expect(updated).toEqual({ ...document, stage: null, error: null })
      })

      it('updates only while the document is at the version asked for, and says null otherwise', async () => {
        const document = makeDocument(owner.id, { version: 3 })
        await store.documents.create(document)
        expect(await store.documents.update(document.id, { stage: 'storing' }, { ifVersion: 2 })).toBeNull()
        expect(await store.documents.get(document.id)).toEqual(document)
        expect(await store.documents.update(document.id, { stage: 'storing' }, { ifVersion: 3 })).toEqual({ ...document, stage: 'storing' })
        // Two writers that read version 3 both move it on: only the first one's write happens.
        const first = await store.documents.update(document.id, { version: 4, error: 'first' }, { ifVersion: 3 })
        const second = await store.documents.update(document.id, { version: 4, error: 'second' }, { ifVersion: 3 })
        expect(first).toMatchObject({ version: 4, error: 'first' })
        expect(second).toBeNull()
        expect(await store.documents.update(document.id, {}, { ifVersion: 3 })).toBeNull()
      })

      it('returns null when updating an unknown document', async () => {
        expect(await store.documents.update(randomUUID(), { status: 'ready' })).toBeNull()
      })

      it('deletes a document once', async () => {
        const document = makeDocument(owner.id)
        const kept = makeDocument(owner.id)
        await store.documents.create(document)
        await store.documents.create(kept)
        expect(await store.documents.delete(document.id)).toBe(true)
        expect(await store.documents.get(document.id)).toBeNull()
        expect(await store.documents.delete(document.id)).toBe(false)
        expect(await store.documents.get(kept.id)).toEqual(kept)
      })

      it('lists an owner\'s documents newest first, a page at a time, without gaps or duplicates', async () => {
        const documents = Array.from({ length: 23 }, (_, i) => makeDocument(owner.id, { createdAt: at(i), title: `Doc ${i}` }))
        for (const document of shuffled(documents)) await store.documents.create(document)
        await store.documents.create(makeDocument(other.id, { createdAt: at(100) }))

        const pages = await allPages(page => store.documents.listByOwner(owner.id, page), 5)
        expect(pages.map(page => page.length)).toEqual([5, 5, 5, 5, 3])
        const newestFirst = [...documents].reverse()
        expect(pages.flat()).toEqual(newestFirst)
      })

      it('pages through documents created at the same instant without gaps or duplicates', async () => {
        // Uploads in the same millisecond share a creation time; the cursor must still be exact.
        const documents = Array.from({ length: 17 }, (_, i) => makeDocument(owner.id, { createdAt: at(Math.floor(i / 4)) }))
        for (const document of shuffled(documents)) await store.documents.create(document)
        for (const limit of [1, 3, 4, 16, 17, 50]) {
          const items = (await allPages(page => store.documents.listByOwner(owner.id, page), limit)).flat()
          expect(items.map(item => item.id).sort()).toEqual(documents.map(item => item.id).sort())
          const times = items.map(item => item.createdAt)
          expect(times).toEqual([...times].sort().reverse())
        }
      })

      it('gives no next cursor when nothing is left, and an empty page for an owner without documents', async () => {
        for (let i = 0; i < 4; i++) await store.documents.create(makeDocument(owner.id, { createdAt: at(i) }))
        const exact = await store.documents.listByOwner(owner.id, { limit: 4 })
        expect(exact.items).toHaveLength(4)
        expect(exact.nextCursor).toBeUndefined()
        const more = await store.documents.listByOwner(owner.id, { limit: 3 })
        expect(more.items).toHaveLength(3)
        expect(more.nextCursor).toEqual(expect.any(String))
        expect(await store.documents.listByOwner(other.id, { limit: 10 })).toEqual({ items: [] })
      })

      it('rejects a malformed cursor with InvalidCursorError', async () => {
        await store.documents.create(makeDocument(owner.id))
        for (const cursor of ['not a cursor', 'e30', Buffer.from('[1,2,3]').toString('base64url'), Buffer.from('{"a":1}').toString('base64url')]) {
          await expect(store.documents.listByOwner(owner.id, { limit: 5, cursor })).rejects.toBeInstanceOf(InvalidCursorError)
          await expect(store.documents.listSharedWith(owner.id, { limit: 5, cursor })).rejects.toBeInstanceOf(InvalidCursorError)
        }
      })

      it('shares a document with another user, idempotently, and unshares it', async () => {
        const document = makeDocument(owner.id)
        await store.documents.create(document)
        expect(await store.documents.isSharedWith(document.id, other.id)).toBe(false)
        await store.documents.share(document.id, other.id)
        await store.documents.share(document.id, other.id)
        expect(await store.documents.isSharedWith(document.id, other.id)).toBe(true)
        expect((await store.documents.listSharedWith(other.id, { limit: 10 })).items).toEqual([document])
        await store.documents.unshare(document.id, other.id)
        expect(await store.documents.isSharedWith(document.id, other.id)).toBe(false)
        expect((await store.documents.listSharedWith(other.id, { limit: 10 })).items).toEqual([])
        await store.documents.unshare(document.id, other.id)
      })

      it('lists documents shared with a user newest first, a page at a time', async () => {
        const documents = Array.from({ length: 7 }, (_, i) => makeDocument(owner.id, { createdAt: at(i) }))
        for (const document of documents) await store.documents.create(document)
        const notShared = makeDocument(owner.id, { createdAt: at(50) })
        await store.documents.create(notShared)
        for (const document of shuffled(documents)) await store.documents.share(document.id, other.id)
        const pages = await allPages(page => store.documents.listSharedWith(other.id, page), 3)
        expect(pages.map(page => page.length)).toEqual([3, 3, 1])
        expect(pages.flat()).toEqual([...documents].reverse())
        expect((await store.documents.listSharedWith(owner.id, { limit: 10 })).items).toEqual([])
      })

      it('gives the ids a user may read: owned and shared, nothing else', async () => {
        const third = await store.users.create(makeUser())
        const mine = makeDocument(other.id)
        const shared = makeDocument(owner.id)
        const private_ = makeDocument(owner.id)
        const someoneElses = makeDocument(third.id)
        for (const document of [mine, shared, private_, someoneElses]) await store.documents.create(document)
        await store.documents.share(shared.id, other.id)
        await store.documents.share(someoneElses.id, owner.id)
        expect((await store.documents.readableIds(other.id)).sort()).toEqual([mine.id, shared.id].sort())
        expect((await store.documents.readableIds(owner.id)).sort()).toEqual([shared.id, private_.id, someoneElses.id].sort())
        expect(await store.documents.readableIds(randomUUID())).toEqual([])
      })

      it('removes the shares of a deleted document', async () => {
        const document = makeDocument(owner.id)
        await store.documents.create(document)
        await store.documents.share(document.id, other.id)
        await store.documents.delete(document.id)
        expect(await store.documents.isSharedWith(document.id, other.id)).toBe(false)
        expect(await store.documents.readableIds(other.id)).toEqual([])
        expect((await store.documents.listSharedWith(other.id, { limit: 10 })).items).toEqual([])
      })

      it('lists documents by status', async () => {
        const byStatus = (status: DocumentStatus, seconds: number) => makeDocument(owner.id, { status, createdAt: at(seconds) })
        const documents = [byStatus('queued', 1), byStatus('processing', 2), byStatus('ready', 3), byStatus('failed', 4), byStatus('queued', 5)]
        for (const document of documents) await store.documents.create(document)
        const unfinished = await store.documents.listByStatus(['queued', 'processing'])
        expect(unfinished.map(document => document.id).sort()).toEqual([documents[0]!.id, documents[1]!.id, documents[4]!.id].sort())
        expect(await store.documents.listByStatus(['failed'])).toEqual([documents[3]])
        expect(await store.documents.listByStatus([])).toEqual([])
      })
    })

    describe('atoms', () => {
      const documentId = 'doc-a'
      const otherDocumentId = 'doc-b'

      it('stores atoms and gets each back unchanged', async () => {
        const atoms = [makeAtom(documentId, 0), makeAtom(documentId, 1, { headingTrail: [], html: '<p>x &amp; y</p>' })]
        await store.atoms.upsertMany(atoms)
        expect(await store.atoms.get(atoms[0]!.id)).toEqual(atoms[0])
        expect(await store.atoms.get(atoms[1]!.id)).toEqual(atoms[1])
        expect(await store.atoms.get('missing')).toBeNull()
      })

      it('is idempotent by id: upserting again replaces instead of adding', async () => {
        const atoms = Array.from({ length: 5 }, (_, i) => makeAtom(documentId, i))
        await store.atoms.upsertMany(atoms)
        await store.atoms.upsertMany(atoms)
        expect(await store.atoms.count()).toBe(5)
        const changed = { ...atoms[2]!, title: 'Rewritten', body: 'New body.' }
        await store.atoms.upsertMany([changed])
        expect(await store.atoms.count()).toBe(5)
        expect(await store.atoms.get(changed.id)).toEqual(changed)
        const listed = await store.atoms.listByDocument(documentId, { limit: 10 })
        expect(listed.items).toEqual([atoms[0], atoms[1], changed, atoms[3], atoms[4]])
        await store.atoms.upsertMany([])
        expect(await store.atoms.count()).toBe(5)
      })

      it('lists a document\'s atoms by order, a page at a time, without gaps or duplicates', async () => {
        const atoms = Array.from({ length: 23 }, (_, i) => makeAtom(documentId, i))
        await store.atoms.upsertMany(shuffled(atoms))
        await store.atoms.upsertMany([makeAtom(otherDocumentId, 0), makeAtom(otherDocumentId, 1)])
        const pages = await allPages(page => store.atoms.listByDocument(documentId, page), 5)
        expect(pages.map(page => page.length)).toEqual([5, 5, 5, 5, 3])
        expect(pages.flat()).toEqual(atoms)
        const single = await store.atoms.listByDocument(documentId, { limit: 23 })
        expect(single.items).toEqual(atoms)
        expect(single.nextCursor).toBeUndefined()
        expect(await store.atoms.listByDocument('no-such-document', { limit: 5 })).toEqual({ items: [] })
      })

      it('follows a changed order after an upsert', async () => {
        const [first, second] = [makeAtom(documentId, 0), makeAtom(documentId, 1)]
        await store.atoms.upsertMany([first!, second!])
        await store.atoms.upsertMany([{ ...first!, order: 2 }])
        const { items } = await store.atoms.listByDocument(documentId, { limit: 10 })
        expect(items.map(atom => atom.id)).toEqual([second!.id, first!.id])
      })

      it('rejects a malformed atom cursor with InvalidCursorError', async () => {
        await store.atoms.upsertMany([makeAtom(documentId, 0)])
        for (const cursor of ['not a cursor', Buffer.from('["x"]').toString('base64url'), Buffer.from('[1,2]').toString('base64url')]) {
          await expect(store.atoms.listByDocument(documentId, { limit: 5, cursor })).rejects.toBeInstanceOf(InvalidCursorError)
        }
      })

      it('gets many atoms in the order asked, skipping missing ids', async () => {
        const atoms = Array.from({ length: 4 }, (_, i) => makeAtom(documentId, i))
        await store.atoms.upsertMany(atoms)
        const found = await store.atoms.getMany([atoms[3]!.id, 'missing', atoms[0]!.id, atoms[2]!.id])
        expect(found).toEqual([atoms[3], atoms[0], atoms[2]])
        expect(await store.atoms.getMany([])).toEqual([])
        expect(await store.atoms.getMany(['missing'])).toEqual([])
      })

      it('deletes the atoms of one document only and says how many', async () => {
        await store.atoms.upsertMany(Array.from({ length: 6 }, (_, i) => makeAtom(documentId, i)))
        const kept = [makeAtom(otherDocumentId, 0), makeAtom(otherDocumentId, 1)]
        await store.atoms.upsertMany(kept)
        expect(await store.atoms.deleteByDocument(documentId)).toBe(6)
        expect(await store.atoms.count()).toBe(2)
        expect((await store.atoms.listByDocument(documentId, { limit: 10 })).items).toEqual([])
        expect((await store.atoms.listByDocument(otherDocumentId, { limit: 10 })).items).toEqual(kept)
        expect(await store.atoms.deleteByDocument(documentId)).toBe(0)
      })

      it('can keep some atoms of the document when deleting the rest', async () => {
        const atoms = Array.from({ length: 5 }, (_, i) => makeAtom(documentId, i))
        await store.atoms.upsertMany([...atoms, makeAtom(otherDocumentId, 0)])
        expect(await store.atoms.deleteByDocument(documentId, { except: [atoms[1]!.id, atoms[3]!.id, 'missing'] })).toBe(3)
        expect((await store.atoms.listByDocument(documentId, { limit: 10 })).items).toEqual([atoms[1], atoms[3]])
        expect(await store.atoms.count()).toBe(3)
        expect(await store.atoms.deleteByDocument(documentId, { except: [] })).toBe(2)
      })

      it('scans every atom exactly once, in batches of at most the size asked', async () => {
        const atoms = [
          ...Array.from({ length: 11 }, (_, i) => makeAtom(documentId, i)),
          ...Array.from({ length: 6 }, (_, i) => makeAtom(otherDocumentId, i)),
        ]
        await store.atoms.upsertMany(atoms)
        const batches: Atom[][] = []
        for await (const batch of store.atoms.scan(4)) batches.push(batch)
        expect(batches.every(batch => batch.length > 0 && batch.length <= 4)).toBe(true)
        const scanned = batches.flat()
        expect(scanned).toHaveLength(atoms.length)
        expect(new Set(scanned.map(atom => atom.id)).size).toBe(atoms.length)
        expect([...scanned].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...atoms].sort((a, b) => a.id.localeCompare(b.id)))
      })

      it('scans nothing in an empty store and counts zero', async () => {
        const batches: Atom[][] = []
        for await (const batch of store.atoms.scan(10)) batches.push(batch)
        expect(batches).toEqual([])
        expect(await store.atoms.count()).toBe(0)
      })
    })
  })
}

export function makeTypeLabel(overrides: Partial<TypeLabel> = {}): TypeLabel {
  return {
    atomId: randomUUID(), documentId: randomUUID(), text: 'Mix the flour with the water, then knead.', type: 'procedure',
    previousType: 'concept', userId: randomUUID(), at: at(0), ...overrides,
  }
}

/** What every driver's `typeLabels` must do: append only, and give every label back, oldest first. */
export function describeTypeLabelContract(name: string, create: () => Promise<DocumentStore> | DocumentStore) {
  describe(`TypeLabelRepository contract: ${name}`, () => {
    let store: DocumentStore

    beforeEach(async () => {
      store = await create()
    })

    afterEach(async () => {
      await store.close()
    })

    async function scanned(batchSize: number) {
      const batches: TypeLabel[][] = []
      for await (const batch of store.typeLabels.scan(batchSize)) batches.push(batch)
      return batches
    }

    it('scans nothing in an empty store', async () => {
      expect(await scanned(10)).toEqual([])
    })

    it('keeps every label unchanged, even several for one atom, and scans them oldest first in batches', async () => {
      const atomId = randomUUID()
      const labels = Array.from({ length: 7 }, (_, i) => makeTypeLabel({ atomId: i < 3 ? atomId : randomUUID(), at: at(i) }))
      for (const label of labels) await store.typeLabels.append(label)
      const batches = await scanned(3)
      expect(batches.map(batch => batch.length)).toEqual([3, 3, 1])
      expect(batches.flat()).toEqual(labels)
    })
  })
}
