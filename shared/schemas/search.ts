import { z } from 'zod'
import { atomSchema, atomTypeSchema, difficultyLabelSchema } from './atom'
import { idSchema, listParam } from './common'

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1, 'q is required').max(500, 'q is too long'),
  /** Only atoms of these types. */
  type: listParam(atomTypeSchema),
  /** Only atoms of these difficulties. */
  difficulty: listParam(difficultyLabelSchema),
  /** Only atoms of the documents in this collection. */
  collectionId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
})
export type SearchQuery = z.infer<typeof searchQuerySchema>

export const searchHitSchema = z.object({
  atom: atomSchema,
  score: z.number(),
  /** Short excerpts, HTML-escaped, with matches wrapped in `<mark>`. */
  highlights: z.array(z.string()),
})
export type SearchHit = z.infer<typeof searchHitSchema>

export const searchResultSchema = z.object({
  items: z.array(searchHitSchema),
  total: z.number().int().min(0),
})
export type SearchResult = z.infer<typeof searchResultSchema>

export const suggestQuerySchema = z.object({
  // Not trimmed: a trailing space means the last word is finished, and nothing is suggested for it.
  q: z.string().max(200, 'q is too long').refine(text => text.trim().length > 0, 'q is required'),
  limit: z.coerce.number().int().min(1).max(20).default(8),
})
export type SuggestQuery = z.infer<typeof suggestQuerySchema>

export const suggestResultSchema = z.object({
  /** The query with its last word completed, best first. */
  suggestions: z.array(z.string()),
})
export type SuggestResult = z.infer<typeof suggestResultSchema>
