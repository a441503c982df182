import { z } from 'zod'
import { pageQuerySchema } from './common'

export const documentStatuses = ['queued', 'processing', 'ready', 'failed'] as const
export const documentStatusSchema = z.enum(documentStatuses)
export type DocumentStatus = z.infer<typeof documentStatusSchema>

/** Formats the atomizer reads, by the extension users upload them with. */
export const documentFormats = {
  markdown: { extensions: ['md', 'markdown', 'mdown'], mediaTypes: ['text/markdown', 'text/x-markdown'] },
  text: { extensions: ['txt', 'text'], mediaTypes: ['text/plain'] },
  html: { extensions: ['html', 'htm', 'xhtml'], mediaTypes: ['text/html', 'application/xhtml+xml'] },
  pdf: { extensions: ['pdf'], mediaTypes: ['application/pdf'] },
  docx: { extensions: ['docx'], mediaTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document'] },
  epub: { extensions: ['epub'], mediaTypes: ['application/epub+zip'] },
} as const
export type DocumentFormat = keyof typeof documentFormats

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

export const documentListQuerySchema = pageQuerySchema.extend({
  scope: z.enum(['mine', 'shared']).default('mine'),
})

export const shareSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('a valid email address is required')),
})
