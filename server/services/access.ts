import type { DocumentRecord, DocumentStore } from '../drivers/store/types'
import { problems } from '../errors'
import type { Actor } from './actor'

/** A document the actor owns or that is shared with them; anything else is reported as missing. */
export async function readableDocument(store: DocumentStore, actor: Actor, documentId: string): Promise<DocumentRecord> {
  const document = await store.documents.get(documentId)
  if (!document || !(document.ownerId === actor.id || await store.documents.isSharedWith(documentId, actor.id))) {
    throw problems.notFound('document', documentId)
  }
  return document
}

/** A document the actor owns; a reader who is not the owner may look but not change it. */
export async function ownedDocument(store: DocumentStore, actor: Actor, documentId: string): Promise<DocumentRecord> {
  const document = await readableDocument(store, actor, documentId)
  if (document.ownerId !== actor.id) throw problems.forbidden('Only the owner can change this document.')
  return document
}

export function assertCanAuthor(actor: Actor): void {
  if (actor.role === 'learner') throw problems.forbidden('Learners cannot upload documents; ask an admin for the author role.')
}
