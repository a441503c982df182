import type { CollectionRole } from '../../shared/schemas/collection'
import type { CollectionRecord, DocumentRecord, DocumentStore } from '../drivers/store/types'
import { problems } from '../errors'
import type { Actor } from './actor'

/**
 * Who may do what, in one place. A document's role: 'owner' for its owner; 'editor' for the owner and the
 * editors of the collection it is in; 'viewer' for a user it is shared with directly and for the
 * collection's viewers. Anything a user may not read is reported as missing; what they may read but not
 * change, as forbidden.
 */
export type AccessRole = CollectionRole

const rank: Record<AccessRole, number> = { viewer: 1, editor: 2, owner: 3 }
const atLeast = (role: AccessRole | null, least: AccessRole) => role !== null && rank[role] >= rank[least]

/** The actor's role on this document, or null when they may not read it. */
async function roleOnDocument(store: DocumentStore, actor: Actor, document: DocumentRecord): Promise<AccessRole | null> {
  if (document.ownerId === actor.id) return 'owner'
  const [collectionRole, shared] = await Promise.all([
    document.collectionId ? store.collections.roleOf(document.collectionId, actor.id) : null,
    store.documents.isSharedWith(document.id, actor.id),
  ])
  if (collectionRole === 'owner' || collectionRole === 'editor') return 'editor'
  return collectionRole === 'viewer' || shared ? 'viewer' : null
}

/** The actor's role on the document: 'owner', 'editor', 'viewer', or null (no access, or no such document). */
export async function documentRole(store: DocumentStore, actor: Actor, documentId: string): Promise<AccessRole | null> {
  const document = await store.documents.get(documentId)
  return document ? roleOnDocument(store, actor, document) : null
}

async function documentWith(store: DocumentStore, actor: Actor, documentId: string, least: AccessRole, refusal: string) {
  const document = await store.documents.get(documentId)
  const role = document && await roleOnDocument(store, actor, document)
  if (!document || !role) throw problems.notFound('document', documentId)
  if (!atLeast(role, least)) throw problems.forbidden(refusal)
  return { document, role }
}

/**
 * Ids of every document the actor may read (theirs, shared with them, or in a collection they may read): what
 * search, study, progress and links are limited to.
 */
export function readableDocumentIds(store: DocumentStore, actor: Actor): Promise<string[]> {
  return store.documents.readableIds(actor.id)
}

/** A document the actor may read: theirs, shared with them, or in a collection they may read; anything else is missing. */
export async function readableDocument(store: DocumentStore, actor: Actor, documentId: string): Promise<DocumentRecord> {
  return (await documentWith(store, actor, documentId, 'viewer', '')).document
}

/** A document the actor may change (its owner, or an owner or editor of its collection); a viewer gets 403. */
export async function editableDocument(store: DocumentStore, actor: Actor, documentId: string): Promise<DocumentRecord> {
  return (await documentWith(store, actor, documentId, 'editor', 'You may read this document but not change it.')).document
}

/** A document the actor owns; a reader who is not the owner may look but not change it. */
export async function ownedDocument(store: DocumentStore, actor: Actor, documentId: string): Promise<DocumentRecord> {
  return (await documentWith(store, actor, documentId, 'owner', 'Only the owner can change this document.')).document
}

/** A collection together with the actor's role on it. */
export interface CollectionAccess {
  collection: CollectionRecord
  role: AccessRole
}

async function collectionWith(store: DocumentStore, actor: Actor, collectionId: string, least: AccessRole, refusal: string): Promise<CollectionAccess> {
  const [collection, role] = await Promise.all([store.collections.get(collectionId), store.collections.roleOf(collectionId, actor.id)])
  if (!collection || !role) throw problems.notFound('collection', collectionId)
  if (!atLeast(role, least)) throw problems.forbidden(refusal)
  return { collection, role }
}

/** A collection the actor owns or that is shared with them; anything else is reported as missing. */
export function readableCollection(store: DocumentStore, actor: Actor, collectionId: string): Promise<CollectionAccess> {
  return collectionWith(store, actor, collectionId, 'viewer', '')
}

/** A collection the actor owns or edits: they may rename it and add documents; a viewer gets 403. */
export function editableCollection(store: DocumentStore, actor: Actor, collectionId: string): Promise<CollectionAccess> {
  return collectionWith(store, actor, collectionId, 'editor', 'You may read this collection but not change it.')
}

/** A collection the actor owns: only they delete and share it. */
export function ownedCollection(store: DocumentStore, actor: Actor, collectionId: string): Promise<CollectionAccess> {
  return collectionWith(store, actor, collectionId, 'owner', 'Only the owner can delete or share this collection.')
}

export function assertCanAuthor(actor: Actor): void {
  if (actor.role === 'learner') throw problems.forbidden('Learners cannot upload documents; ask an admin for the author role.')
}
