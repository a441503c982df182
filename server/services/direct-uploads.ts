import { randomUUID } from 'node:crypto'
import type { DirectUpload, DirectUploadRequest } from '../../shared/schemas/direct-upload'
import type { DocumentView } from '../../shared/schemas/document'
import type { AppConfig } from '../config'
import type { Drivers } from '../drivers'
import { problems } from '../errors'
import { assertCanAuthor, editableCollection } from './access'
import type { Actor } from './actor'
import { createDocument, uploadFormat } from './documents'

/**
 * Browser uploads straight to file storage, for stores that presign (S3): the server hands out a
 * presigned PUT, the browser sends the file there, and completing the upload turns the staged object
 * into a document exactly as a multipart upload would. Stores that do not presign answer 501.
 *
 * Who may complete an upload is kept server-side: the pending upload, with its owner, file name and
 * type, sits in the cache under its random id until it is completed or expires. Nothing the browser
 * sends back is trusted but the id, and a lost cache entry only means uploading again. Staged objects
 * sit under `uploads/<owner>/`, apart from documents' files, so a bucket lifecycle rule can expire
 * the ones never completed.
 */

/** How long the browser has to start sending the file. */
const uploadUrlSeconds = 15 * 60
/** How long an upload may be completed after it was asked for. */
const pendingSeconds = 60 * 60

interface PendingUpload {
  ownerId: string
  key: string
  filename: string
  contentType: string
  collectionId?: string
}

const pendingCacheKey = (uploadId: string) => `direct-upload:${uploadId}`

/** Checks what the browser is about to send and hands out where to send it. */
export async function startDirectUpload(drivers: Drivers, config: AppConfig, actor: Actor, request: DirectUploadRequest): Promise<DirectUpload> {
  assertCanAuthor(actor)
  uploadFormat(request.filename, request.contentType)
  if (request.size > config.maxUploadBytes) throw problems.tooLarge(config.maxUploadBytes)
  if (request.collectionId !== undefined) await editableCollection(drivers.store, actor, request.collectionId)
  const uploadId = randomUUID()
  const key = `uploads/${actor.id}/${uploadId}`
  const presigned = await drivers.files.presignUpload(key, { contentType: request.contentType, maxBytes: config.maxUploadBytes, expiresSeconds: uploadUrlSeconds })
  if (!presigned || presigned.method !== 'PUT') throw problems.directUploadUnavailable()
  const pending: PendingUpload = {
    ownerId: actor.id, key, filename: request.filename, contentType: request.contentType,
    ...(request.collectionId !== undefined && { collectionId: request.collectionId }),
  }
  await drivers.cache.set(pendingCacheKey(uploadId), pending, pendingSeconds)
  return { uploadId, url: presigned.url, method: presigned.method, headers: presigned.headers, expiresAt: new Date(Date.now() + uploadUrlSeconds * 1000).toISOString() }
}

/**
 * Makes the document from the staged object. A presigned PUT cannot limit its body, so the size is
 * checked here (stat, a HEAD on S3) before the object is read. The staged object is removed whatever
 * the outcome: the document keeps its own copy, and a rejected upload leaves no trace.
 */
export async function completeDirectUpload(drivers: Drivers, config: AppConfig, actor: Actor, uploadId: string, title?: string): Promise<DocumentView> {
  const pending = await drivers.cache.get<PendingUpload>(pendingCacheKey(uploadId))
  if (!pending || pending.ownerId !== actor.id) throw problems.notFound('upload', uploadId)
  const stored = await drivers.files.stat(pending.key)
  if (!stored) throw problems.conflict('The file has not been uploaded yet: send it to the upload URL first.')
  // One completion per upload: a repeated request finds nothing to complete.
  await drivers.cache.delete(pendingCacheKey(uploadId))
  try {
    if (stored.size > config.maxUploadBytes) throw problems.tooLarge(config.maxUploadBytes)
    const data = await drivers.files.get(pending.key)
    if (!data) throw problems.conflict('The uploaded file is gone; upload it again.')
    // The collection is checked again: the right to edit it may have been taken away meanwhile.
    return await createDocument(drivers, config, actor, { filename: pending.filename, mediaType: pending.contentType, data, title, collectionId: pending.collectionId })
  }
  finally {
    await drivers.files.delete(pending.key).catch(() => {})
  }
}
