import { documentFormats, type DocumentFormat } from '../../shared/schemas/document'
import type { Drivers } from '../drivers'
import { attachmentDisposition } from '../drivers/files/disposition'
import { problems } from '../errors'
import { readableDocument } from './access'
import type { Actor } from './actor'

/** A presigned download is used at once by the redirected browser; a short life limits a leaked URL. */
const downloadUrlSeconds = 5 * 60

const textFormats = new Set<DocumentFormat>(['markdown', 'text', 'html'])

/** The media type the original is served as; text formats were checked to be UTF-8 at upload. */
function mediaTypeOf(format: DocumentFormat): string {
  const type = documentFormats[format].mediaTypes[0]
  return textFormats.has(format) ? `${type}; charset=utf-8` : type
}

/** Where a reader gets a document's original: a storage URL to redirect to, or the bytes to send. */
export type DocumentFile
  = | { kind: 'redirect', url: string }
    | { kind: 'bytes', data: Buffer, contentType: string, disposition: string }

/** The original file of a document the actor may read, always as an attachment (an uploaded HTML file never runs in our origin). */
export async function openDocumentFile(drivers: Drivers, actor: Actor, id: string): Promise<DocumentFile> {
  const document = await readableDocument(drivers.store, actor, id)
  const contentType = mediaTypeOf(document.format)
  const presigned = await drivers.files.presignDownload(document.fileKey, { filename: document.filename, contentType, expiresSeconds: downloadUrlSeconds })
  // A redirect cannot carry request headers, so only a URL that needs none is handed out.
  if (presigned && Object.keys(presigned.headers).length === 0) return { kind: 'redirect', url: presigned.url }
  const data = await drivers.files.get(document.fileKey)
  if (!data) throw problems.notFound('file for document', id)
  return { kind: 'bytes', data, contentType, disposition: attachmentDisposition(document.filename) }
}
