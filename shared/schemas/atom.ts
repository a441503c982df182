import { z } from 'zod'

export const atomSchema = z.object({
  id: z.string(),
  documentId: z.string(),
  order: z.number().int().min(0),
  title: z.string(),
  /** Markdown as written in the source. */
  body: z.string(),
  /** Sanitized HTML rendered from `body`; safe to put in a page. */
  html: z.string(),
  headingTrail: z.array(z.string()),
  wordCount: z.number().int().min(0),
  source: z.object({ start: z.number().int(), end: z.number().int() }),
})
export type Atom = z.infer<typeof atomSchema>
