import { randomUUID } from 'node:crypto'
import type { DocumentFormat, DocumentView } from '../../shared/schemas/document'
import type { Page } from '../../shared/schemas/common'
import type { LiveEvent } from '../../shared/schemas/live'
import { documentChannel } from '../../shared/utils/live-channels'
import { detectFormat, titleFromFilename } from '../../shared/utils/formats'
import type { AppConfig } from '../config'
import type { Drivers } from '../drivers'
import type { DocumentListOptions, DocumentPatch, DocumentRecord } from '../drivers/store/types'
import { problems } from '../errors'
import { assertCanAuthor, editableCollection, ownedDocument, readableDocument } from './access'
import type { Actor } from './actor'
import { removeInvitationsOf } from './invitations'
import { publishCollectionEvent, publishDocumentEvent } from './live-events'

export interface Upload {
  filename: string
  mediaType?: string
  data: Uint8Array
  title?: string
  /** The collection to put the new document in; the uploader must be able to edit it. */
  collectionId?: string
}

export function toDocumentView(document: DocumentRecord): DocumentView {
  return {
    id: document.id, ownerId: document.ownerId, title: document.title, filename: document.filename,
    format: document.format, size: document.size, status: document.status, progress: document.progress,
    atomCount: document.atomCount, collectionId: document.collectionId, createdAt: document.createdAt, updatedAt: document.updatedAt,
    ...(document.stage && { stage: document.stage }),
    ...(document.error && { error: document.error }),
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true })
const textFormats = new Set<DocumentFormat>(['markdown', 'text', 'html'])
/** The first bytes each binary format must start with: PDF's header, ZIP's local file header. */
const signatures: Partial<Record<DocumentFormat, { bytes: number[], name: string }>> = {
  pdf: { bytes: [0x25, 0x50, 0x44, 0x46, 0x2D], name: 'a PDF' },
  docx: { bytes: [0x50, 0x4B, 0x03, 0x04], name: 'a Word (DOCX) document' },
  epub: { bytes: [0x50, 0x4B, 0x03, 0x04], name: 'an EPUB book' },
}

/** The format of a file about to be uploaded, or the problem to answer when it is not one the atomizer reads. */
export function uploadFormat(filename: string, mediaType?: string): DocumentFormat {
  const format = detectFormat(filename, mediaType)
  if (!format) throw problems.unsupportedType(`"${filename}" is not a supported format; upload Markdown, HTML, plain text, PDF, DOCX or EPUB.`)
  return format
}

/** Checks an upload before anything is stored; a rejected upload leaves no trace. */
export function validateUpload(upload: Upload, maxBytes: number): { format: DocumentFormat } {
  const format = uploadFormat(upload.filename, upload.mediaType)
  if (upload.data.byteLength > maxBytes) throw problems.tooLarge(maxBytes)
  if (upload.data.byteLength === 0) throw problems.badRequest('The file is empty.')
  if (textFormats.has(format)) {
    let text: string
    try {
      text = utf8.decode(upload.data)
    }
    catch {
      throw problems.badRequest('The file is not valid UTF-8 text.')
    }
    if (text.trim() === '') throw problems.badRequest('The file is empty.')
  }
  const signature = signatures[format]
  if (signature && !signature.bytes.every((byte, i) => upload.data[i] === byte)) {
    throw problems.badRequest(`The file is not ${signature.name}.`)
  }
  return { format }
}

/** Announces the document's new state to its readers and its collection's. */
export async function publishDocument(drivers: Pick<Drivers, 'events'>, document: DocumentRecord): Promise<void> {
  await publishDocumentEvent(drivers, document, { type: 'document', document: toDocumentView(document) })
}

/** Stores the file and the document, then queues its atomization. */
export async function createDocument(drivers: Drivers, config: AppConfig, actor: Actor, upload: Upload): Promise<DocumentView> {
  assertCanAuthor(actor)
  const { format } = validateUpload(upload, config.maxUploadBytes)
  if (upload.collectionId !== undefined) await editableCollection(drivers.store, actor, upload.collectionId)
  const id = randomUUID()
  const now = new Date().toISOString()
  const document: DocumentRecord = {
    id, ownerId: actor.id, title: upload.title ?? titleFromFilename(upload.filename), filename: upload.filename,
    format, size: upload.data.byteLength, fileKey: `documents/${id}/v1`, status: 'queued', progress: 0, stage: null,
    atomCount: 0, error: null, version: 1, collectionId: upload.collectionId ?? null, createdAt: now, updatedAt: now,
  }
  await drivers.files.put(document.fileKey, upload.data, upload.mediaType ?? 'application/octet-stream')
  try {
    await drivers.store.documents.create(document)
    await enqueueAtomize(drivers, document)
  }
  catch (error) {
    await drivers.store.documents.delete(id).catch(() => {})
    await drivers.files.delete(document.fileKey).catch(() => {})
    throw error
  }
  if (document.collectionId) {
    await publishCollectionEvent(drivers, document.collectionId, { type: 'document-added', collectionId: document.collectionId, document: toDocumentView(document) })
  }
  return toDocumentView(document)
}

export async function enqueueAtomize(drivers: Drivers, document: DocumentRecord): Promise<void> {
  await drivers.queue.enqueue('atomize', { documentId: document.id, version: document.version }, {
    jobId: `atomize-${document.id}-v${document.version}`,
  })
}

export async function getDocument(drivers: Pick<Drivers, 'store'>, actor: Actor, id: string): Promise<DocumentView> {
  return toDocumentView(await readableDocument(drivers.store, actor, id))
}

export async function listDocuments(drivers: Drivers, actor: Actor, scope: 'mine' | 'shared', options: DocumentListOptions): Promise<Page<DocumentView>> {
  const result = scope === 'mine'
    ? await drivers.store.documents.listByOwner(actor.id, options)
    : await drivers.store.documents.listSharedWith(actor.id, options)
  return { items: result.items.map(toDocumentView), ...(result.nextCursor && { nextCursor: result.nextCursor }) }
}

/** Removes the document with its shares, invitations, atoms, card states, index entries and file. A job still running finds it gone and stops. */
export async function deleteDocument(drivers: Drivers, actor: Actor, id: string): Promise<void> {
  const document = await ownedDocument(drivers.store, actor, id)
  await drivers.store.documents.delete(id)
  await removeInvitationsOf(drivers, 'document', id)
  await drivers.store.atoms.deleteByDocument(id)
  await drivers.store.keyTerms.deleteByDocument(id)
  // Learners' review logs stay (their history); their states of the document's cards go with it.
  await drivers.store.cardStates.deleteByDocument(id)
  await drivers.search.removeDocument(id)
  await drivers.files.delete(document.fileKey)
  await publishDocumentEvent(drivers, document, { type: 'deleted', documentId: id })
}

export async function unshareDocument(drivers: Drivers, actor: Actor, id: string, userId: string): Promise<void> {
  await ownedDocument(drivers.store, actor, id)
  await drivers.store.documents.unshare(id, userId)
  // Their live subscriptions to it end (they may still read it through a collection: then they stay).
  await drivers.events.publish(documentChannel(id), { type: 'access-revoked', userId } satisfies LiveEvent)
}

/** Stops processing: the version moves on, so the running job finds its work superseded and stops. */
export async function cancelDocument(drivers: Drivers, actor: Actor, id: string): Promise<DocumentView> {
  const document = await ownedDocument(drivers.store, actor, id)
  if (document.status !== 'queued' && document.status !== 'processing') throw problems.conflict('The document is not being processed.')
  const updated = await nextVersion(drivers, document, { status: 'failed', stage: null, error: 'Cancelled.' })
  await publishDocument(drivers, updated)
  return toDocumentView(updated)
}

/**
 * Moves the document to its next version with the patch, only if nobody else did since it was read (another
 * request, maybe on another instance): of two at once, one wins and the other gets 409.
 */
async function nextVersion(drivers: Drivers, document: DocumentRecord, patch: DocumentPatch): Promise<DocumentRecord> {
  const updated = await drivers.store.documents.update(document.id,
    { ...patch, version: document.version + 1, updatedAt: new Date().toISOString() }, { ifVersion: document.version })
  if (updated) return updated
  if (!await drivers.store.documents.get(document.id)) throw problems.notFound('document', document.id)
  throw problems.conflict('The document changed meanwhile; load it again and retry.')
}

/** Atomizes the stored file again (after a failure, a cancel, or a newer engine). */
export async function reprocessDocument(drivers: Drivers, actor: Actor, id: string): Promise<DocumentView> {
  const document = await ownedDocument(drivers.store, actor, id)
  return requeue(drivers, document, {})
}

/** Replaces the file with an edited version; atoms that did not change keep their ids (and learners their progress). */
export async function replaceDocumentFile(drivers: Drivers, config: AppConfig, actor: Actor, id: string, upload: Upload): Promise<DocumentView> {
  const document = await ownedDocument(drivers.store, actor, id)
  const { format } = validateUpload(upload, config.maxUploadBytes)
  // A key of its own per upload: two versions sent at once never write over each other's file.
  const fileKey = `documents/${id}/v${document.version + 1}-${randomUUID().slice(0, 8)}`
  await drivers.files.put(fileKey, upload.data, upload.mediaType ?? 'application/octet-stream')
  let updated: DocumentView
  try {
    updated = await requeue(drivers, document, { fileKey, filename: upload.filename, format, size: upload.data.byteLength, ...(upload.title && { title: upload.title }) })
  }
  catch (error) {
    await drivers.files.delete(fileKey)
    throw error
  }
  await drivers.files.delete(document.fileKey)
  return updated
}

async function requeue(drivers: Drivers, document: DocumentRecord, patch: DocumentPatch): Promise<DocumentView> {
  const updated = await nextVersion(drivers, document, { ...patch, status: 'queued', stage: null, progress: 0, error: null })
  // Announce "queued" before the job can start, so live readers never see it after the job's own progress.
  await publishDocument(drivers, updated)
  await enqueueAtomize(drivers, updated)
  return toDocumentView(updated)
}
