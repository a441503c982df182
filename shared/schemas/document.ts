import { z } from 'zod'
import { documentFormats, type DocumentFormat } from '../utils/vocabulary'
import { idSchema, pageQuerySchema } from './common'

export const documentStatuses = ['queued', 'processing', 'ready', 'failed'] as const
export const documentStatusSchema = z.enum(documentStatuses)
export type DocumentStatus = z.infer<typeof documentStatusSchema>

export { documentFormats, type DocumentFormat } from '../utils/vocabulary'

export const documentViewSchema = z.object({
  id: z.string(),
  ownerId: z.string(),
  title: z.string(),
  filename: z.string(),
  format: z.enum(Object.keys(documentFormats) as [DocumentFormat, ...DocumentFormat[]]),
  size: z.number().int(),
  status: documentStatusSchema,
  progress: z.number().min(0).max(1),
  stage: z.string().optional(),
  atomCount: z.number().int(),
  error: z.string().optional(),
  /** The collection it is in, if any. */
  collectionId: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
})
export type DocumentView = z.infer<typeof documentViewSchema>

export const documentTitleSchema = z.string().trim().min(1, 'title must not be empty').max(200, 'title is too long')

/** What an upload answers at once (202): the document, queued for atomizing. */
export const documentAcceptedSchema = documentViewSchema.pick({ id: true, status: true })
export type DocumentAccepted = z.infer<typeof documentAcceptedSchema>

/** The text fields of a multipart upload, beside its `file`. */
export const uploadFieldsSchema = z.object({
  title: documentTitleSchema.optional(),
  /** The collection to put the document in; the uploader must be able to edit it. */
  collectionId: idSchema.optional(),
})

/** `POST /api/v1/documents` and `PUT /api/v1/documents/:id/file`, as multipart/form-data. */
export const uploadFormSchema = uploadFieldsSchema.extend({
  /** The file itself; its name's extension (or its media type) tells the format. */
  file: z.file(),
})

export const documentListQuerySchema = pageQuerySchema.extend({
  scope: z.enum(['mine', 'shared']).default('mine'),
})

export const shareSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('a valid email address is required')).meta({ format: 'email' }),
})
