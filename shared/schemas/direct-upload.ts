import { z } from 'zod'
import { idSchema } from './common'
import { documentTitleSchema } from './document'

/** A media type with optional parameters, as a browser's `File.type` gives it; nothing that could split a header. */
const mediaTypeSchema = z.string().trim().max(200, 'contentType is too long')
  .regex(/^[\w.+-]+\/[\w.+-]+(?:\s*;\s*[\w.+-]+=(?:[\w.+-]+|"[^"\r\n]*"))*$/, 'contentType must be a media type such as text/markdown')

/** `POST /api/v1/documents/uploads`: what the browser is about to upload straight to file storage. */
export const directUploadRequestSchema = z.object({
  filename: z.string().trim().min(1, 'filename is required').max(255, 'filename is too long')
    .refine(name => ![...name].some(char => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7F), 'filename must not contain control characters'),
  size: z.number().int('size must be a whole number of bytes').min(1, 'the file is empty'),
  /** Browsers give an empty type for files they do not know. */
  contentType: z.union([z.literal(''), mediaTypeSchema]).optional().transform(type => type || 'application/octet-stream'),
  /** The collection to put the document in; the uploader must be able to edit it. */
  collectionId: idSchema.optional(),
})
export type DirectUploadRequest = z.infer<typeof directUploadRequestSchema>

/** Send `method` to `url` with exactly `headers` before `expiresAt`, then complete the upload. */
export const directUploadSchema = z.object({
  uploadId: z.string(),
  url: z.string(),
  method: z.literal('PUT'),
  headers: z.record(z.string(), z.string()),
  expiresAt: z.string(),
})
export type DirectUpload = z.infer<typeof directUploadSchema>

export const uploadIdParamsSchema = z.object({ uploadId: z.uuid('not an upload id') })

/** `POST /api/v1/documents/uploads/:uploadId/complete`; the body may be left out. */
export const completeUploadSchema = z.object({
  /** Blank means none, as in a multipart upload: the document takes its title from the file. */
  title: z.string().trim().optional().transform(title => title || undefined).pipe(documentTitleSchema.optional()),
}).default({ title: undefined })
