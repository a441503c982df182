import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Atom } from '../../shared/schemas/atom'
import type { TypeLabel } from '../../shared/schemas/atom-edit'
import type { DocumentStatus } from '../../shared/schemas/document'
import type { Role } from '../../shared/schemas/auth'
import { InvalidCursorError } from '../../server/drivers/store/cursor'
import {
  DuplicateKeyError,
  type AtomRecord, type CollectionRecord, type DocumentRecord, type DocumentStore, type InvitationRecord, type PageOptions, type UserRecord,
} from '../../server/drivers/store/types'
import type { Page } from '../../shared/schemas/common'
import type { CardState, ReviewLog } from '../../shared/schemas/study'

const epoch = Date.parse('2026-03-01T08:00:00.000Z')
const at = (seconds: number) => new Date(epoch + seconds * 1000).toISOString()

export function makeUser(overrides: Partial<UserRecord> = {}): UserRecord {
  const id = randomUUID()
  return {
    id, email: `${id}@example.test`, name: 'Test User', role: 'author', passwordHash: 'hash', createdAt: at(0), disabledAt: null, ...overrides,
  }
}

export function makeDocument(ownerId: string, overrides: Partial<DocumentRecord> = {}): DocumentRecord {
  const id = randomUUID()
  return {
    id, ownerId, title: 'A chapter', filename: 'chapter.md', format: 'markdown', size: 123, fileKey: `documents/${id}/v1`,
    status: 'queued', progress: 0, stage: null, atomCount: 0, error: null, version: 1, collectionId: null,
    createdAt: at(0), updatedAt: at(0), ...overrides,
  }
}

export function makeCollection(ownerId: string, overrides: Partial<CollectionRecord> = {}): CollectionRecord {
  return { id: randomUUID(), ownerId, name: 'A collection', description: '', createdAt: at(0), updatedAt: at(0), ...overrides }
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

export function makeReview(userId: string, seconds: number, overrides: Partial<ReviewLog> = {}): ReviewLog {
  return {
    id: randomUUID(), userId, cardId: 'doc-a-atom-0-abc', atomId: 'doc-a-atom-0', documentId: 'doc-a', rating: 3,
    reviewedAt: at(seconds), durationMs: 4200, stateBefore: 'new', stateAfter: 'learning', dueAfter: at(seconds + 600),
    stabilityAfter: 2.3065, difficultyAfter: 2.11810397, elapsedDays: 0, scheduledDays: 0, receivedAt: at(seconds + 5), ...overrides,
  }
}

export function makeCardState(documentId: string, card: number, overrides: Partial<CardState> = {}): CardState {
  return {
    cardId: `${documentId}-atom-${card}-c${card}`, atomId: `${documentId}-atom-${card}`, documentId, due: at(86_400 * (card + 1)),
    stability: 3.1262 + card, difficulty: 5.5, elapsedDays: 1, scheduledDays: card + 1, learningSteps: 0, reps: 2, lapses: 0,
    state: 'review', lastReview: at(0), ...overrides,
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

      it('stores every user with the role given, the first one too: no user becomes admin by being first', async () => {
        const first = await store.users.create(makeUser({ role: 'learner' }))
        const second = await store.users.create(makeUser({ role: 'author' }))
        expect([first.role, second.role]).toEqual(['learner', 'author'])
        expect((await store.users.findById(first.id))?.role).toBe('learner')
        expect((await store.users.list({ role: 'admin', limit: 10 })).items).toEqual([])
      })

      it('stores users created at once, each with its role, and one of several with the same email', async () => {
        const created = await Promise.all(Array.from({ length: 5 }, () => store.users.create(makeUser({ role: 'author' }))))
        expect(created.map(user => user.role)).toEqual(Array.from({ length: 5 }, () => 'author'))
        const results = await Promise.allSettled(Array.from({ length: 4 }, () => store.users.create(makeUser({ email: 'race@example.test' }))))
        expect(results.filter(result => result.status === 'fulfilled')).toHaveLength(1)
        for (const result of results) if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(DuplicateKeyError)
        expect(await store.users.count()).toBe(6)
      })

      it('changes a role, and reports a missing user as null', async () => {
        const user = await store.users.create(makeUser({ role: 'learner' }))
        const changed = await store.users.setRole(user.id, 'author' satisfies Role)
        expect(changed).toEqual({ ...user, role: 'author' })
        expect((await store.users.findById(user.id))?.role).toBe('author')
        expect(await store.users.setRole(randomUUID(), 'admin')).toBeNull()
      })

      it('lists users newest first, a page at a time, by part of the email or name (any case) and by role', async () => {
        const users = Array.from({ length: 12 }, (_, i) => makeUser({
          createdAt: at(Math.floor(i / 3)), name: i % 4 === 0 ? `Ada Lovelace ${i}` : `Grace ${i}`, role: i % 3 === 0 ? 'learner' : 'author',
          email: `${i % 2 === 0 ? 'even' : 'odd'}-${i}-${randomUUID()}@example.test`,
        }))
        for (const user of shuffled(users)) await store.users.create(user)
        const newestFirst = [...users].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))

        const pages = await allPages(page => store.users.list(page), 5)
        expect(pages.map(page => page.length)).toEqual([5, 5, 2])
        expect(pages.flat()).toEqual(newestFirst)
        const ada = (await allPages(page => store.users.list({ ...page, query: 'aDa LOVE' }), 2)).flat()
        expect(ada).toEqual(newestFirst.filter(user => user.name.startsWith('Ada')))
        expect((await store.users.list({ limit: 50, query: 'ODD-' })).items).toEqual(newestFirst.filter(user => user.email.startsWith('odd-')))
        expect((await store.users.list({ limit: 50, role: 'learner', query: 'even' })).items)
          .toEqual(newestFirst.filter(user => user.role === 'learner' && user.email.startsWith('even')))
        // Characters that mean something in a pattern are plain text here.
        expect((await store.users.list({ limit: 50, query: '.*' })).items).toEqual([])
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

      it('gets many documents in the order asked, skipping missing ids', async () => {
        const documents = [makeDocument(owner.id), makeDocument(other.id, { status: 'ready' }), makeDocument(owner.id, { title: 'Third' })]
        for (const document of documents) await store.documents.create(document)
        const found = await store.documents.getMany([documents[2]!.id, randomUUID(), documents[0]!.id, documents[1]!.id, documents[0]!.id])
        expect(found).toEqual([documents[2], documents[0], documents[1], documents[0]])
        expect(await store.documents.getMany([])).toEqual([])
        expect(await store.documents.getMany([randomUUID()])).toEqual([])
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
        expect(await store.documents.sharedWith(document.id)).toEqual([other.id])
        expect((await store.documents.listSharedWith(other.id, { limit: 10 })).items).toEqual([document])
        await store.documents.unshare(document.id, other.id)
        expect(await store.documents.isSharedWith(document.id, other.id)).toBe(false)
        expect(await store.documents.sharedWith(document.id)).toEqual([])
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

      it('lists documents oldest first, or only those in some states, a page at a time', async () => {
        const statuses: DocumentStatus[] = ['queued', 'processing', 'ready', 'failed']
        const documents = Array.from({ length: 14 }, (_, i) => makeDocument(owner.id, { createdAt: at(Math.floor(i / 3)), status: statuses[i % 4]! }))
        for (const document of shuffled(documents)) await store.documents.create(document)
        const oldestFirst = [...documents].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id))

        for (const limit of [1, 4, 20]) {
          expect((await allPages(page => store.documents.listByOwner(owner.id, { ...page, order: 'oldest' }), limit)).flat()).toEqual(oldestFirst)
        }
        const settled = (await allPages(page => store.documents.listByOwner(owner.id, { ...page, statuses: ['ready', 'failed'] }), 2)).flat()
        expect(settled).toEqual([...oldestFirst].reverse().filter(document => document.status === 'ready' || document.status === 'failed'))

        const collection = makeCollection(owner.id)
        await store.collections.create(collection)
        for (const document of documents.slice(0, 6)) await store.documents.update(document.id, { collectionId: collection.id })
        const inCollection = (await allPages(page => store.documents.listByCollection(collection.id, { ...page, order: 'oldest', statuses: ['queued'] }), 1)).flat()
        expect(inCollection.map(document => document.id)).toEqual(oldestFirst.filter(document => documents.slice(0, 6).includes(document) && document.status === 'queued')
          .map(document => document.id))
        for (const document of documents) await store.documents.share(document.id, other.id)
        expect((await allPages(page => store.documents.listSharedWith(other.id, { ...page, order: 'oldest' }), 3)).flat()
          .map(document => document.id)).toEqual(oldestFirst.map(document => document.id))
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

    describe('collections', () => {
      let owner: UserRecord
      let viewer: UserRecord
      let editor: UserRecord

      beforeEach(async () => {
        owner = await store.users.create(makeUser())
        viewer = await store.users.create(makeUser())
        editor = await store.users.create(makeUser())
      })

      it('creates a collection and gets it back unchanged; null for an unknown id', async () => {
        const collection = makeCollection(owner.id, { name: 'Biology', description: 'Cells and more' })
        await store.collections.create(collection)
        expect(await store.collections.get(collection.id)).toEqual(collection)
        expect(await store.collections.get(randomUUID())).toBeNull()
      })

      it('updates only the patched fields, and says null for an unknown collection', async () => {
        const collection = makeCollection(owner.id, { description: 'Old' })
        await store.collections.create(collection)
        const updated = await store.collections.update(collection.id, { name: 'Renamed', description: undefined, updatedAt: at(5) })
        expect(updated).toEqual({ ...collection, name: 'Renamed', updatedAt: at(5) })
        expect(await store.collections.get(collection.id)).toEqual(updated)
        expect(await store.collections.update(collection.id, {})).toEqual(updated)
        expect(await store.collections.update(randomUUID(), { name: 'x' })).toBeNull()
      })

      it('lists an owner\'s collections newest first, a page at a time, also within one instant', async () => {
        const collections = Array.from({ length: 11 }, (_, i) => makeCollection(owner.id, { createdAt: at(Math.floor(i / 3)), name: `C ${i}` }))
        for (const collection of shuffled(collections)) await store.collections.create(collection)
        await store.collections.create(makeCollection(viewer.id, { createdAt: at(100) }))
        for (const limit of [1, 4, 11, 20]) {
          const items = (await allPages(page => store.collections.listByOwner(owner.id, page), limit)).flat()
          expect(items.map(item => item.id).sort()).toEqual(collections.map(item => item.id).sort())
          const keys = items.map(item => `${item.createdAt} ${item.id}`)
          expect(keys).toEqual([...keys].sort().reverse())
        }
        expect(await store.collections.listByOwner(editor.id, { limit: 5 })).toEqual({ items: [] })
        await expect(store.collections.listByOwner(owner.id, { limit: 5, cursor: 'not a cursor' })).rejects.toBeInstanceOf(InvalidCursorError)
      })

      it('shares a collection as viewer or editor, changes the role by sharing again, lists and unshares', async () => {
        const collection = makeCollection(owner.id)
        await store.collections.create(collection)
        expect(await store.collections.roleOf(collection.id, owner.id)).toBe('owner')
        expect(await store.collections.roleOf(collection.id, viewer.id)).toBeNull()
        await store.collections.share(collection.id, viewer.id, 'viewer')
        await store.collections.share(collection.id, editor.id, 'viewer')
        await store.collections.share(collection.id, editor.id, 'editor')
        expect(await store.collections.roleOf(collection.id, viewer.id)).toBe('viewer')
        expect(await store.collections.roleOf(collection.id, editor.id)).toBe('editor')
        const expected = [{ userId: viewer.id, role: 'viewer' }, { userId: editor.id, role: 'editor' }]
        expect(await store.collections.shares(collection.id)).toEqual(expected.sort((a, b) => a.userId.localeCompare(b.userId)))
        expect((await store.collections.listSharedWith(editor.id, { limit: 10 })).items).toEqual([{ ...collection, role: 'editor' }])
        expect((await store.collections.listSharedWith(owner.id, { limit: 10 })).items).toEqual([])
        await store.collections.unshare(collection.id, editor.id)
        await store.collections.unshare(collection.id, editor.id)
        expect(await store.collections.roleOf(collection.id, editor.id)).toBeNull()
        expect(await store.collections.shares(collection.id)).toEqual([{ userId: viewer.id, role: 'viewer' }])
        expect(await store.collections.roleOf(randomUUID(), owner.id)).toBeNull()
      })

      it('keeps one share per user when the same share is made many times at once', async () => {
        const collection = makeCollection(owner.id)
        await store.collections.create(collection)
        await Promise.all(Array.from({ length: 6 }, () => store.collections.share(collection.id, viewer.id, 'viewer')))
        expect(await store.collections.shares(collection.id)).toEqual([{ userId: viewer.id, role: 'viewer' }])
      })

      it('lists collections shared with a user newest first with their roles, a page at a time', async () => {
        const collections = Array.from({ length: 7 }, (_, i) => makeCollection(owner.id, { createdAt: at(i) }))
        for (const collection of collections) await store.collections.create(collection)
        await store.collections.create(makeCollection(owner.id, { createdAt: at(50) }))
        for (const [i, collection] of shuffled([...collections.entries()])) {
          await store.collections.share(collection.id, viewer.id, i % 2 ? 'editor' : 'viewer')
        }
        const pages = await allPages(page => store.collections.listSharedWith(viewer.id, page), 3)
        expect(pages.map(page => page.length)).toEqual([3, 3, 1])
        expect(pages.flat()).toEqual([...collections.entries()].reverse().map(([i, collection]) => ({ ...collection, role: i % 2 ? 'editor' : 'viewer' })))
        await expect(store.collections.listSharedWith(viewer.id, { limit: 5, cursor: 'e30' })).rejects.toBeInstanceOf(InvalidCursorError)
      })

      it('moves documents in and out and lists a collection\'s documents newest first, with counts', async () => {
        const collection = makeCollection(owner.id)
        const empty = makeCollection(owner.id)
        await store.collections.create(collection)
        await store.collections.create(empty)
        const documents = Array.from({ length: 5 }, (_, i) => makeDocument(owner.id, { createdAt: at(i) }))
        for (const document of documents) await store.documents.create(document)
        const inside = documents.slice(0, 4)
        for (const document of inside) {
          expect(await store.documents.update(document.id, { collectionId: collection.id })).toEqual({ ...document, collectionId: collection.id })
        }
        const created = makeDocument(owner.id, { createdAt: at(9), collectionId: collection.id })
        await store.documents.create(created)
        expect(await store.documents.get(created.id)).toEqual(created)
        const pages = await allPages(page => store.documents.listByCollection(collection.id, page), 2)
        expect(pages.map(page => page.length)).toEqual([2, 2, 1])
        expect(pages.flat().map(document => document.id)).toEqual([...inside, created].reverse().map(document => document.id))
        expect(await store.documents.countByCollections([collection.id, empty.id, 'missing'])).toEqual(new Map([[collection.id, 5], [empty.id, 0], ['missing', 0]]))
        expect(await store.documents.countByCollections([])).toEqual(new Map())
        expect(await store.documents.update(created.id, { collectionId: null })).toEqual({ ...created, collectionId: null })
        expect((await store.documents.listByCollection(collection.id, { limit: 10 })).items).toHaveLength(4)
        expect(await store.documents.listByCollection(empty.id, { limit: 10 })).toEqual({ items: [] })
      })

      it('lets users read the documents of collections they own or were given, and no longer once unshared', async () => {
        const stranger = await store.users.create(makeUser())
        const collection = makeCollection(owner.id)
        await store.collections.create(collection)
        // The collection's owner reads what an editor put in it, though someone else owns the document.
        const ownersOwn = makeDocument(owner.id, { collectionId: collection.id })
        const editorsOwn = makeDocument(editor.id, { collectionId: collection.id })
        const outside = makeDocument(owner.id)
        for (const document of [ownersOwn, editorsOwn, outside]) await store.documents.create(document)
        await store.collections.share(collection.id, viewer.id, 'viewer')
        await store.collections.share(collection.id, editor.id, 'editor')
        expect((await store.documents.readableIds(owner.id)).sort()).toEqual([ownersOwn.id, editorsOwn.id, outside.id].sort())
        expect((await store.documents.readableIds(viewer.id)).sort()).toEqual([ownersOwn.id, editorsOwn.id].sort())
        expect((await store.documents.readableIds(editor.id)).sort()).toEqual([ownersOwn.id, editorsOwn.id].sort())
        expect(await store.documents.readableIds(stranger.id)).toEqual([])
        await store.collections.unshare(collection.id, viewer.id)
        expect(await store.documents.readableIds(viewer.id)).toEqual([])
      })

      it('deletes a collection with its shares; its documents stay, in no collection', async () => {
        const collection = makeCollection(owner.id)
        const kept = makeCollection(owner.id)
        await store.collections.create(collection)
        await store.collections.create(kept)
        const documents = Array.from({ length: 3 }, () => makeDocument(owner.id, { collectionId: collection.id }))
        const other = makeDocument(owner.id, { collectionId: kept.id })
        for (const document of [...documents, other]) await store.documents.create(document)
        await store.collections.share(collection.id, viewer.id, 'viewer')
        await store.collections.share(kept.id, viewer.id, 'editor')
        expect(await store.collections.delete(collection.id)).toBe(true)
        expect(await store.collections.get(collection.id)).toBeNull()
        expect(await store.collections.delete(collection.id)).toBe(false)
        for (const document of documents) expect(await store.documents.get(document.id)).toEqual({ ...document, collectionId: null })
        expect(await store.documents.get(other.id)).toEqual(other)
        expect(await store.collections.shares(collection.id)).toEqual([])
        expect(await store.collections.roleOf(collection.id, viewer.id)).toBeNull()
        expect((await store.collections.listSharedWith(viewer.id, { limit: 10 })).items).toEqual([{ ...kept, role: 'editor' }])
        expect(await store.documents.readableIds(viewer.id)).toEqual([other.id])
      })
    })

    describe('invitations', () => {
      const invite = (overrides: Partial<InvitationRecord> = {}): InvitationRecord => ({
        id: randomUUID(), kind: 'collection', targetId: 'collection-a', email: 'invitee@example.test', role: 'viewer',
        inviterId: 'owner-a', createdAt: at(0), ...overrides,
      })

      it('stores an invitation and reads it back by id, by email and by what it shares', async () => {
        const invitation = invite()
        expect(await store.invitations.put(invitation)).toEqual(invitation)
        expect(await store.invitations.get(invitation.id)).toEqual(invitation)
        expect(await store.invitations.listByEmail('invitee@example.test')).toEqual([invitation])
        expect(await store.invitations.listByTarget('collection', 'collection-a')).toEqual([invitation])
        expect(await store.invitations.get(randomUUID())).toBeNull()
        expect(await store.invitations.listByEmail('someone-else@example.test')).toEqual([])
        expect(await store.invitations.listByTarget('document', 'collection-a')).toEqual([])
      })

      it('keeps one invitation per target and email: inviting again changes its role and keeps its id and time', async () => {
        const first = invite({ role: 'viewer' })
        await store.invitations.put(first)
        const again = await store.invitations.put(invite({ role: 'editor', createdAt: at(60) }))
        expect(again).toEqual({ ...first, role: 'editor' })
        expect(await store.invitations.listByTarget('collection', 'collection-a')).toEqual([{ ...first, role: 'editor' }])
        // The same email for another target, or another kind with the same id, is another invitation.
        const otherTarget = invite({ targetId: 'collection-b', createdAt: at(1) })
        const otherKind = invite({ kind: 'document', createdAt: at(2) })
        await store.invitations.put(otherTarget)
        await store.invitations.put(otherKind)
        expect(await store.invitations.listByEmail('invitee@example.test')).toEqual([{ ...first, role: 'editor' }, otherTarget, otherKind])
      })

      it('keeps one invitation when the same email is invited many times at once', async () => {
        const stored = await Promise.all(Array.from({ length: 6 }, () => store.invitations.put(invite())))
        expect(new Set(stored.map(invitation => invitation.id)).size).toBe(1)
        expect(await store.invitations.listByEmail('invitee@example.test')).toEqual([stored[0]])
      })

      it('lists oldest first', async () => {
        const invitations = Array.from({ length: 5 }, (_, i) => invite({ targetId: `collection-${i}`, createdAt: at(i) }))
        for (const invitation of shuffled(invitations)) await store.invitations.put(invitation)
        expect(await store.invitations.listByEmail('invitee@example.test')).toEqual(invitations)
        const forOneTarget = Array.from({ length: 3 }, (_, i) => invite({ targetId: 'document-a', kind: 'document', email: `reader${i}@example.test`, createdAt: at(i) }))
        for (const invitation of shuffled(forOneTarget)) await store.invitations.put(invitation)
        expect(await store.invitations.listByTarget('document', 'document-a')).toEqual(forOneTarget)
      })

      it('deletes one invitation, or every invitation of a target, and says what went', async () => {
        const [one, two, elsewhere] = [invite({ email: 'one@example.test' }), invite({ email: 'two@example.test' }), invite({ targetId: 'collection-b' })]
        for (const invitation of [one!, two!, elsewhere!]) await store.invitations.put(invitation)
        expect(await store.invitations.delete(one!.id)).toBe(true)
        expect(await store.invitations.delete(one!.id)).toBe(false)
        expect(await store.invitations.get(one!.id)).toBeNull()
        await store.invitations.put(invite({ email: 'three@example.test' }))
        expect(await store.invitations.deleteByTarget('collection', 'collection-a')).toBe(2)
        expect(await store.invitations.listByTarget('collection', 'collection-a')).toEqual([])
        expect(await store.invitations.listByTarget('collection', 'collection-b')).toEqual([elsewhere])
        expect(await store.invitations.deleteByTarget('collection', 'collection-a')).toBe(0)
        // Invited again after it went: a new invitation.
        const renewed = invite({ email: 'one@example.test' })
        expect(await store.invitations.put(renewed)).toEqual(renewed)
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

      it('lists a page of each of several documents\' atoms in one call, as listByDocument would', async () => {
        const first = Array.from({ length: 7 }, (_, i) => makeAtom(documentId, i))
        const second = Array.from({ length: 3 }, (_, i) => makeAtom(otherDocumentId, i))
        await store.atoms.upsertMany(shuffled([...first, ...second]))
        const firstPage = await store.atoms.listByDocument(documentId, { limit: 3 })
        const pages = await store.atoms.listByDocuments([
          { documentId: otherDocumentId }, { documentId }, { documentId: 'no-such-document' }, { documentId, cursor: firstPage.nextCursor },
        ], 3)
        expect(pages).toEqual([
          { items: second }, firstPage, { items: [] }, await store.atoms.listByDocument(documentId, { limit: 3, cursor: firstPage.nextCursor }),
        ])
        expect(pages[1]!.items).toEqual(first.slice(0, 3))
        expect(pages[3]!.items).toEqual(first.slice(3, 6))
        expect(await store.atoms.listByDocuments([], 3)).toEqual([])
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

      it('keeps an atom\'s embedding apart: display reads leave it out, embeddings() and scan() give it', async () => {
        const embedding = Array.from({ length: 64 }, (_, i) => Math.round(Math.sin(i) * 1e5) / 1e5)
        const plain = makeAtom(documentId, 0)
        const other = makeAtom(documentId, 1)
        await store.atoms.upsertMany([{ ...plain, embedding, embeddingVersion: 'e1' }, other])
        expect(await store.atoms.get(plain.id)).toEqual(plain)
        expect(await store.atoms.getMany([plain.id])).toEqual([plain])
        expect((await store.atoms.listByDocument(documentId, { limit: 10 })).items).toEqual([plain, other])
        const stored = await store.atoms.embeddings([plain.id, other.id, 'missing'])
        expect([...stored.keys()]).toEqual([plain.id])
        // Float32 on some stores: equal to the precision the vectors are rounded to.
        stored.get(plain.id)!.vector.forEach((value, i) => expect(value).toBeCloseTo(embedding[i]!, 5))
        expect(stored.get(plain.id)!.version).toBe('e1')
        const scanned: AtomRecord[] = []
        for await (const batch of store.atoms.scan(10)) scanned.push(...batch)
        expect(scanned.find(atom => atom.id === plain.id)!.embedding).toHaveLength(64)
        expect(scanned.find(atom => atom.id === plain.id)!.embeddingVersion).toBe('e1')
        expect(scanned.find(atom => atom.id === other.id)!.embedding).toBeUndefined()
        expect(await store.atoms.embeddings([])).toEqual(new Map())
      })

      it('finds the atoms whose vectors another encoder made, and replaces them only while the text is the one embedded', async () => {
        const atoms = Array.from({ length: 5 }, (_, i) => makeAtom(documentId, i))
        await store.atoms.upsertMany([
          { ...atoms[0]!, embedding: [0.6, 0.8], embeddingVersion: 'e1' },
          { ...atoms[1]!, embedding: [0.6, 0.8], embeddingVersion: 'e2' },
          { ...atoms[2]!, embedding: [0.6, 0.8] },
          atoms[3]!,
          { ...atoms[4]!, embedding: [0.6, 0.8], embeddingVersion: 'e1' },
        ])
        const staleIds = [atoms[0]!, atoms[2]!, atoms[3]!, atoms[4]!].map(atom => atom.id).sort()
        const stale = await store.atoms.withStaleEmbeddings('e2', { limit: 10 })
        expect(stale.map(atom => atom.id)).toEqual(staleIds)
        expect(stale.find(atom => atom.id === atoms[0]!.id)).toMatchObject({ embeddingVersion: 'e1', embedding: [expect.closeTo(0.6, 5), expect.closeTo(0.8, 5)] })
        // By id, a page at a time.
        const first = await store.atoms.withStaleEmbeddings('e2', { limit: 2 })
        const rest = await store.atoms.withStaleEmbeddings('e2', { afterId: first.at(-1)!.id, limit: 10 })
        expect([...first, ...rest].map(atom => atom.id)).toEqual(staleIds)

        const update = (atom: typeof atoms[number], text = atom.text) => ({ id: atom.id, title: atom.title, text, embedding: [0.8, 0.6], embeddingVersion: 'e2' })
        // The third atom was edited since its text was read: its update is left out; a missing id creates nothing.
        expect(await store.atoms.setEmbeddings([update(atoms[0]!), update(atoms[2]!, 'an older text'), update(atoms[3]!), { ...update(atoms[4]!), id: 'missing' }])).toBe(2)
        expect((await store.atoms.withStaleEmbeddings('e2', { limit: 10 })).map(atom => atom.id)).toEqual([atoms[2]!.id, atoms[4]!.id].sort())
        expect((await store.atoms.embeddings([atoms[3]!.id])).get(atoms[3]!.id)).toMatchObject({ version: 'e2', vector: [expect.closeTo(0.8, 5), expect.closeTo(0.6, 5)] })
        expect(await store.atoms.get('missing')).toBeNull()
        expect(await store.atoms.get(atoms[3]!.id)).toEqual(atoms[3])
      })

      it('drops the embedding of an atom upserted again without one', async () => {
        const atom = makeAtom(documentId, 0)
        await store.atoms.upsertMany([{ ...atom, embedding: [0.6, 0.8] }])
        await store.atoms.upsertMany([{ ...atom, title: 'Edited' }])
        expect((await store.atoms.embeddings([atom.id])).size).toBe(0)
        expect((await store.atoms.get(atom.id))!.title).toBe('Edited')
      })

      it('scans nothing in an empty store and counts zero', async () => {
        const batches: Atom[][] = []
        for await (const batch of store.atoms.scan(10)) batches.push(batch)
        expect(batches).toEqual([])
        expect(await store.atoms.count()).toBe(0)
      })
    })

    describe('reviews', () => {
      const learner = 'learner-1'

      it('appends reviews, says which ids were new, and never stores one twice', async () => {
        const first = [makeReview(learner, 1), makeReview(learner, 2, { durationMs: undefined, rating: 1, stateBefore: 'review' })]
        expect(await store.reviews.appendMany(first)).toEqual(first.map(review => review.id))
        const second = [first[1]!, makeReview(learner, 3), { ...first[0]!, rating: 4 as const }]
        expect(await store.reviews.appendMany(second)).toEqual([second[1]!.id])
        expect(await store.reviews.appendMany(first)).toEqual([])
        expect(await store.reviews.appendMany([])).toEqual([])
        const { items } = await store.reviews.listByUser(learner, { limit: 10 })
        // The first version of each review stays: the log is append-only.
        expect(items).toEqual([second[1], first[1], first[0]])
        expect(items[1]).not.toHaveProperty('durationMs')
      })

      it('says which review ids a user has stored already', async () => {
        const mine = [makeReview(learner, 1), makeReview(learner, 2)]
        const theirs = makeReview('someone-else', 3)
        await store.reviews.appendMany([...mine, theirs])
        expect(await store.reviews.storedIds(learner, [mine[1]!.id, theirs.id, randomUUID()])).toEqual([mine[1]!.id])
        expect(await store.reviews.storedIds(learner, [])).toEqual([])
      })

      it('stores each review exactly once when the same batch is appended concurrently', async () => {
        const batch = Array.from({ length: 20 }, (_, i) => makeReview(learner, i))
        const results = await Promise.all(Array.from({ length: 6 }, () => store.reviews.appendMany(batch)))
        expect(results.flat().sort()).toEqual(batch.map(review => review.id).sort())
        const items = (await allPages(page => store.reviews.listByUser(learner, page), 7)).flat()
        expect(items).toHaveLength(20)
      })

      it('lists one user\'s reviews newest first, a page at a time, since a time', async () => {
        const reviews = Array.from({ length: 13 }, (_, i) => makeReview(learner, Math.floor(i / 3)))
        await store.reviews.appendMany(shuffled(reviews))
        await store.reviews.appendMany([makeReview('someone-else', 100)])
        const pages = await allPages(page => store.reviews.listByUser(learner, page), 4)
        expect(pages.map(page => page.length)).toEqual([4, 4, 4, 1])
        const items = pages.flat()
        expect(items.map(item => item.id).sort()).toEqual(reviews.map(item => item.id).sort())
        const keys = items.map(item => `${item.reviewedAt} ${item.id}`)
        expect(keys).toEqual([...keys].sort().reverse())
        const recent = (await allPages(page => store.reviews.listByUser(learner, page, { since: at(3) }), 2)).flat()
        expect(recent.map(item => item.id).sort()).toEqual(reviews.filter(item => item.reviewedAt >= at(3)).map(item => item.id).sort())
        expect(await store.reviews.listByUser('nobody', { limit: 5 })).toEqual({ items: [] })
      })

      it('counts and scans every learner\'s reviews, each once, in batches', async () => {
        const reviews = [...Array.from({ length: 7 }, (_, i) => makeReview(learner, i)), ...Array.from({ length: 4 }, (_, i) => makeReview('learner-2', i))]
        await store.reviews.appendMany(shuffled(reviews))
        expect(await store.reviews.count()).toBe(11)
        const batches: ReviewLog[][] = []
        for await (const batch of store.reviews.scan(3)) batches.push(batch)
        expect(batches.map(batch => batch.length)).toEqual([3, 3, 3, 2])
        const byId = (a: ReviewLog, b: ReviewLog) => a.id.localeCompare(b.id)
        expect(batches.flat().sort(byId)).toEqual([...reviews].sort(byId))
      })

      it('scans nothing and counts zero without reviews', async () => {
        const batches: ReviewLog[][] = []
        for await (const batch of store.reviews.scan(5)) batches.push(batch)
        expect(batches).toEqual([])
        expect(await store.reviews.count()).toBe(0)
      })

      it('rejects a malformed review cursor with InvalidCursorError', async () => {
        await store.reviews.appendMany([makeReview(learner, 0)])
        for (const cursor of ['not a cursor', Buffer.from('[1]').toString('base64url')]) {
          await expect(store.reviews.listByUser(learner, { limit: 5, cursor })).rejects.toBeInstanceOf(InvalidCursorError)
        }
      })
    })

    describe('card states', () => {
      const learner = 'learner-1'
      const other = 'learner-2'

      it('stores states per user and card, and replaces them', async () => {
        const states = [makeCardState('doc-a', 0), makeCardState('doc-a', 1, { lastReview: null, state: 'learning', learningSteps: 1 })]
        await store.cardStates.upsertMany(learner, states)
        await store.cardStates.upsertMany(other, [{ ...states[0]!, reps: 9 }])
        const byId = (list: CardState[]) => [...list].sort((a, b) => a.cardId.localeCompare(b.cardId))
        expect(byId(await store.cardStates.getMany(learner, [states[1]!.cardId, states[0]!.cardId, 'missing']))).toEqual(states)
        expect(await store.cardStates.getMany(other, states.map(state => state.cardId))).toEqual([{ ...states[0]!, reps: 9 }])
        expect(await store.cardStates.getMany(learner, [])).toEqual([])
        const changed = { ...states[0]!, reps: 3, due: at(999_999), stability: 40 }
        await store.cardStates.upsertMany(learner, [changed])
        await store.cardStates.upsertMany(learner, [])
        expect(byId(await store.cardStates.listByUser(learner))).toEqual(byId([changed, states[1]!]))
      })

      it('keeps one state per card when the same new state is written concurrently', async () => {
        const state = makeCardState('doc-a', 0)
        await Promise.all(Array.from({ length: 6 }, (_, i) => store.cardStates.upsertMany(learner, [{ ...state, reps: i }])))
        const stored = await store.cardStates.listByUser(learner)
        expect(stored).toHaveLength(1)
        expect(stored[0]!.cardId).toBe(state.cardId)
      })

      it('lists a user\'s states soonest due first, by document and due time', async () => {
        const states = [...Array.from({ length: 5 }, (_, i) => makeCardState('doc-a', i)), makeCardState('doc-b', 0, { due: at(10) })]
        await store.cardStates.upsertMany(learner, shuffled(states))
        await store.cardStates.upsertMany(other, [makeCardState('doc-c', 0)])
        expect((await store.cardStates.listByUser(learner)).map(state => state.cardId))
          .toEqual([states[5]!, ...states.slice(0, 5)].map(state => state.cardId))
        expect(await store.cardStates.listByUser(learner, { documentIds: ['doc-b'] })).toEqual([states[5]])
        expect(await store.cardStates.listByUser(learner, { documentIds: [] })).toEqual([])
        expect(await store.cardStates.listByUser(learner, { dueBefore: states[1]!.due })).toEqual([states[5], states[0], states[1]])
        expect(await store.cardStates.listByUser(learner, { documentIds: ['doc-a'], dueBefore: states[0]!.due })).toEqual([states[0]])
        expect(await store.cardStates.listByUser('nobody')).toEqual([])
      })

      it('removes a document\'s card states for every user, and keeps the review logs', async () => {
        await store.cardStates.upsertMany(learner, [makeCardState('doc-a', 0), makeCardState('doc-a', 1), makeCardState('doc-b', 0)])
        await store.cardStates.upsertMany(other, [makeCardState('doc-a', 0)])
        const review = makeReview(learner, 0, { documentId: 'doc-a' })
        await store.reviews.appendMany([review])
        expect(await store.cardStates.deleteByDocument('doc-a')).toBe(3)
        expect((await store.cardStates.listByUser(learner)).map(state => state.documentId)).toEqual(['doc-b'])
        expect(await store.cardStates.listByUser(other)).toEqual([])
        expect(await store.cardStates.deleteByDocument('doc-a')).toBe(0)
        expect((await store.reviews.listByUser(learner, { limit: 5 })).items).toEqual([review])
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
