import { z } from 'zod'
import { documentFormats, documentScopes, type DocumentFormat } from '../utils/vocabulary'
import { idSchema, listParam, pageQuerySchema } from './common'

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

/** A page of a list of documents: optionally only those in some states, newest or oldest first. */
export const documentPageQuerySchema = pageQuerySchema.extend({
  /** Only documents in these states. */
  status: listParam(documentStatusSchema),
  /** By time of upload: `newest` first (the default) or `oldest` first. */
  order: z.enum(['newest', 'oldest']).default('newest'),
})

export const documentListQuerySchema = documentPageQuerySchema.extend({
  scope: z.enum(documentScopes).default('mine'),
})
export type DocumentListQuery = z.infer<typeof documentListQuerySchema>

export const shareSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('a valid email address is required')).meta({ format: 'email' }),
})

/** The text formats a document can be created from without a file (GraphQL `uploadText`). */
export const textUploadFormats = ['markdown', 'text'] as const

/** A document made from text, as an upload of that text as a file would make it; its size is checked as an upload's. */
export const textUploadSchema = z.object({
  title: documentTitleSchema,
  text: z.string(),
  collectionId: idSchema.optional(),
  format: z.enum(textUploadFormats).default('markdown'),
})
export type TextUpload = z.infer<typeof textUploadSchema>
