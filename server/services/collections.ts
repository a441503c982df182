import { randomUUID } from 'node:crypto'
import type { Atom } from '../../shared/schemas/atom'
import type {
  CollectionAtomsQuery, CollectionCreate, CollectionPatch, CollectionView,
} from '../../shared/schemas/collection'
import type { Page } from '../../shared/schemas/common'
import type { DocumentView } from '../../shared/schemas/document'
import type { Drivers } from '../drivers'
import { collectionCursorKey, decodeCursor, encodeCursor } from '../drivers/store/cursor'
import type { CollectionRecord, DocumentListOptions, DocumentRecord, PageOptions } from '../drivers/store/types'
import { problems } from '../errors'
import {
  editableCollection, editableDocument, ownedCollection, readableCollection, type AccessRole, type CollectionAccess,
} from './access'
import type { Actor } from './actor'
import { atomsInReadingOrder } from './atoms'
import { removeInvitationsOf } from './invitations'
import { toDocumentView } from './documents'
import { publishCollectionEvent, publishDocumentEvent } from './live-events'

type StoreDrivers = Pick<Drivers, 'store'>
type LiveDrivers = Pick<Drivers, 'store' | 'events'>

function toCollectionView(collection: CollectionRecord, role: AccessRole, documentCount: number): CollectionView {
  return {
    id: collection.id, ownerId: collection.ownerId, name: collection.name, description: collection.description,
    documentCount, role, createdAt: collection.createdAt, updatedAt: collection.updatedAt,
  }
}

async function viewsOf(drivers: StoreDrivers, entries: { collection: CollectionRecord, role: AccessRole }[]): Promise<CollectionView[]> {
  const counts = await drivers.store.documents.countByCollections(entries.map(entry => entry.collection.id))
  return entries.map(({ collection, role }) => toCollectionView(collection, role, counts.get(collection.id) ?? 0))
}

/** Orders (createdAt, id) keys as the stores do: by code unit, not by locale. */
const compareKeys = (a: readonly [string, string], b: readonly [string, string]) =>
  a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0

const viewOf = async (drivers: StoreDrivers, access: CollectionAccess) => (await viewsOf(drivers, [access]))[0]!

export async function createCollection(drivers: StoreDrivers, actor: Actor, input: CollectionCreate): Promise<CollectionView> {
  const now = new Date().toISOString()
  const collection: CollectionRecord = {
    id: randomUUID(), ownerId: actor.id, name: input.name, description: input.description ?? '', createdAt: now, updatedAt: now,
  }
  await drivers.store.collections.create(collection)
  return toCollectionView(collection, 'owner', 0)
}

/**
 * The actor's own collections and those shared with them, newest first. Both lists are read from the same
 * cursor and merged: the cursor is the (createdAt, id) of the last item, which orders both the same way.
 */
export async function listCollections(drivers: StoreDrivers, actor: Actor, { cursor, limit }: PageOptions): Promise<Page<CollectionView>> {
  const [mine, shared] = await Promise.all([
    drivers.store.collections.listByOwner(actor.id, { cursor, limit }),
    drivers.store.collections.listSharedWith(actor.id, { cursor, limit }),
  ])
  const merged = [
    ...mine.items.map(collection => ({ collection, role: 'owner' as const })),
    ...shared.items.map(({ role, ...collection }) => ({ collection, role })),
  ].sort((a, b) => compareKeys([b.collection.createdAt, b.collection.id], [a.collection.createdAt, a.collection.id]))
  const page = merged.slice(0, limit)
  // More follow when either list had more, or the two together overflow the page.
  const more = merged.length > limit || mine.nextCursor !== undefined || shared.nextCursor !== undefined
  const last = page.at(-1)
  return {
    items: await viewsOf(drivers, page),
    ...(more && last && { nextCursor: encodeCursor(collectionCursorKey.of(last.collection)) }),
  }
}

export async function getCollection(drivers: StoreDrivers, actor: Actor, id: string): Promise<CollectionView> {
  return viewOf(drivers, await readableCollection(drivers.store, actor, id))
}

/** Renames or redescribes the collection (its owner and editors). */
export async function updateCollection(drivers: StoreDrivers, actor: Actor, id: string, patch: CollectionPatch): Promise<CollectionView> {
  const { role } = await editableCollection(drivers.store, actor, id)
  const updated = await drivers.store.collections.update(id, { ...patch, updatedAt: new Date().toISOString() })
  if (!updated) throw problems.notFound('collection', id)
  return viewOf(drivers, { collection: updated, role })
}

/** Removes the collection, its shares and invitations (owner only); its documents stay with their owners, in no collection. */
export async function deleteCollection(drivers: LiveDrivers, actor: Actor, id: string): Promise<void> {
  await ownedCollection(drivers.store, actor, id)
  const documents = await documentsOldestFirst(drivers, id)
  await drivers.store.collections.delete(id)
  await removeInvitationsOf(drivers, 'collection', id)
  await publishCollectionEvent(drivers, id, { type: 'collection-deleted', collectionId: id })
  // Whoever read these documents through the collection may no longer: their live subscriptions check again.
  for (const document of documents) await publishDocumentEvent(drivers, { id: document.id, collectionId: null }, { type: 'access-revoked' })
}

export async function listCollectionDocuments(drivers: StoreDrivers, actor: Actor, id: string, options: DocumentListOptions): Promise<Page<DocumentView>> {
  await readableCollection(drivers.store, actor, id)
  const result = await drivers.store.documents.listByCollection(id, options)
  return { items: result.items.map(toDocumentView), ...(result.nextCursor && { nextCursor: result.nextCursor }) }
}

export async function unshareCollection(drivers: LiveDrivers, actor: Actor, id: string, userId: string): Promise<void> {
  await ownedCollection(drivers.store, actor, id)
  await drivers.store.collections.unshare(id, userId)
  // Their live subscriptions to the collection, and to its documents, check again.
  await publishCollectionEvent(drivers, id, { type: 'access-revoked', userId })
  for (const document of await documentsOldestFirst(drivers, id)) {
    await publishDocumentEvent(drivers, { id: document.id, collectionId: null }, { type: 'access-revoked', userId })
  }
}

/**
 * Puts the document in a collection, or in none. The actor must be able to change the document and, when
 * moving it into one, that collection; and only its owner (or an admin) decides who else reads it (see
 * `assertMayMove`). Atoms and their cached copies do not change: who may read them is decided again on
 * every read.
 */
export async function moveDocument(drivers: LiveDrivers, actor: Actor, documentId: string, collectionId: string | null): Promise<DocumentView> {
  const document = await editableDocument(drivers.store, actor, documentId)
  const target = collectionId === null ? null : await editableCollection(drivers.store, actor, collectionId)
  if (document.collectionId === collectionId) return toDocumentView(document)
  await assertMayMove(drivers, actor, document, target?.collection ?? null)
  const moved = await drivers.store.documents.update(documentId, { collectionId, updatedAt: new Date().toISOString() })
  if (!moved) throw problems.notFound('document', documentId)
  await announceMove(drivers, document.collectionId, moved)
  return toDocumentView(moved)
}

/**
 * Moving a document changes who may read it, so an editor of its collection who is not its owner may only
 * move it between collections its owner already shares with them: never out of every collection, and never
 * into a collection of their own or of anyone else, whose readers the owner did not choose.
 */
async function assertMayMove(drivers: StoreDrivers, actor: Actor, document: DocumentRecord, target: CollectionRecord | null): Promise<void> {
  if (document.ownerId === actor.id || actor.role === 'admin') return
  const source = document.collectionId ? await drivers.store.collections.get(document.collectionId) : null
  if (source?.ownerId === document.ownerId && target?.ownerId === document.ownerId) return
  throw problems.forbidden(target
    ? 'Only the document\'s owner can move it into a collection they have not shared with you.'
    : 'Only the document\'s owner can take it out of its collection.')
}

/** Tells the document's readers where it is now, and both collections that it left or joined. */
async function announceMove(drivers: LiveDrivers, from: string | null, moved: DocumentRecord): Promise<void> {
  const view = toDocumentView(moved)
  await publishDocumentEvent(drivers, { id: moved.id, collectionId: null }, { type: 'document', document: view })
  if (from) {
    await publishCollectionEvent(drivers, from, { type: 'document-removed', collectionId: from, documentId: moved.id })
    // Readers through the old collection may have lost the document.
    await publishDocumentEvent(drivers, { id: moved.id, collectionId: null }, { type: 'access-revoked' })
  }
  if (moved.collectionId) await publishCollectionEvent(drivers, moved.collectionId, { type: 'document-added', collectionId: moved.collectionId, document: view })
}

/** Every document in the collection, oldest first (the order its atoms are read in). */
async function documentsOldestFirst(drivers: StoreDrivers, collectionId: string): Promise<DocumentRecord[]> {
  const documents: DocumentRecord[] = []
  let cursor: string | undefined
  do {
    const page = await drivers.store.documents.listByCollection(collectionId, { cursor, limit: 500, order: 'oldest' })
    documents.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return documents
}

/** The ids of the documents in a collection the actor may read (404 for one they may not). */
export async function collectionDocumentIds(drivers: StoreDrivers, actor: Actor, collectionId: string): Promise<string[]> {
  await readableCollection(drivers.store, actor, collectionId)
  return (await documentsOldestFirst(drivers, collectionId)).map(document => document.id)
}

/** Atom cursors: the (createdAt, id) of the atom's document, and the atom's place in that document's reading order. */
const collectionAtomCursorShape = ['string', 'string', 'number'] as const

/**
 * The collection's atoms in reading order: its documents oldest first, each document's atoms after their
 * prerequisites; optionally only some types and difficulties. Documents are read one at a time, only as
 * many as the page needs.
 */
export async function listCollectionAtoms(drivers: StoreDrivers, actor: Actor, id: string, query: CollectionAtomsQuery): Promise<Page<Atom>> {
  await readableCollection(drivers.store, actor, id)
  const after = decodeCursor(query.cursor, collectionAtomCursorShape) as [string, string, number] | undefined
  const types = query.type && new Set<string>(query.type)
  const difficulties = query.difficulty && new Set<string>(query.difficulty)
  const wanted = (atom: Atom) => (!types || types.has(atom.type)) && (!difficulties || difficulties.has(atom.difficultyLabel))
  const found: { atom: Atom, key: [string, string, number] }[] = []
  for (const document of await documentsOldestFirst(drivers, id)) {
    const documentKey = [document.createdAt, document.id] as const
    const order = after ? compareKeys(documentKey, [after[0], after[1]]) : 1
    if (order < 0) continue
    const atoms = await atomsInReadingOrder(drivers, document.id)
    for (const [i, atom] of atoms.entries()) {
      if (order === 0 && i <= after![2]) continue
      if (wanted(atom)) found.push({ atom, key: [document.createdAt, document.id, i] })
    }
    if (found.length > query.limit) break
  }
  const page = found.slice(0, query.limit)
  const last = page.at(-1)
  return {
    items: page.map(entry => entry.atom),
    ...(found.length > query.limit && last && { nextCursor: encodeCursor(last.key) }),
  }
}
