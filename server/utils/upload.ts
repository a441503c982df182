import busboy from 'busboy'
import type { H3Event } from 'h3'
import { uploadFieldsSchema } from '#shared/schemas/document'
import { problems } from '../errors'
import type { Upload } from '../services/documents'

/** Room for the multipart envelope around the file itself. */
const multipartOverhead = 64 * 1024

/** One text field of the upload, checked with its schema in the operation's form (shared/schemas/document.ts). */
function validField(path: keyof typeof uploadFieldsSchema.shape, text: string) {
  const result = uploadFieldsSchema.shape[path].safeParse(text)
  if (!result.success) throw problems.validation([{ path, message: result.error.issues[0]!.message }])
  return result.data
}

interface Parsed {
  file?: { filename: string, mediaType: string, chunks: Buffer[], truncated: boolean }
  title?: string
  collectionId?: string
}

/**
 * Streams the multipart body (busboy): the file is kept once, in chunks, and reading stops one byte past
 * the limit, so an oversized file is known as such without holding it.
 */
function parseMultipart(event: H3Event, maxFileBytes: number): Promise<Parsed> {
  return new Promise((resolve, reject) => {
    const parsed: Parsed = {}
    let parser: busboy.Busboy
    try {
      // Browsers send file names as UTF-8; busboy would read them as Latin-1.
      parser = busboy({ headers: event.node.req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: maxFileBytes + 1, fields: 20, fieldSize: 16 * 1024 } })
    }
    catch {
      return reject(problems.badRequest('The multipart body has no boundary.'))
    }
    parser.on('file', (name, stream, info) => {
      if (name !== 'file' || parsed.file) return stream.resume()
      const file = { filename: info.filename, mediaType: info.mimeType, chunks: [] as Buffer[], truncated: false }
      parsed.file = file
      stream.on('data', (chunk: Buffer) => file.chunks.push(chunk))
      stream.on('limit', () => {
        file.truncated = true
        file.chunks = []
      })
    })
    parser.on('field', (name, value) => {
      if (name === 'title') parsed.title = value
      if (name === 'collectionId') parsed.collectionId = value
    })
    parser.on('close', () => resolve(parsed))
    parser.on('error', () => reject(problems.badRequest('The multipart body is malformed.')))
    event.node.req.pipe(parser)
  })
}

/** Reads a multipart upload (`file`, optional `title` and `collectionId`), refusing an oversized body before reading it. */
export async function readUpload(event: H3Event): Promise<Upload> {
  const { maxUploadBytes } = useConfig()
  const length = Number(getRequestHeader(event, 'content-length'))
  if (!Number.isFinite(length) || length <= 0) throw problems.lengthRequired()
  if (length > maxUploadBytes + multipartOverhead) throw problems.tooLarge(maxUploadBytes)
  if (!getRequestHeader(event, 'content-type')?.toLowerCase().startsWith('multipart/form-data')) {
    throw problems.unsupportedType('Send the file as multipart/form-data, in a field named "file".')
  }
  const { file, title, collectionId } = await parseMultipart(event, maxUploadBytes)
  if (!file || !file.filename) throw problems.validation([{ path: 'file', message: 'a file is required' }])
  if (file.truncated) throw problems.tooLarge(maxUploadBytes)
  const titleText = title?.trim()
  const collectionText = collectionId?.trim()
  return {
    filename: file.filename, mediaType: file.mediaType, data: Buffer.concat(file.chunks),
    title: titleText ? validField('title', titleText) : undefined,
    collectionId: collectionText ? validField('collectionId', collectionText) : undefined,
  }
}
