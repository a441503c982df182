import { z } from 'zod'
import { atomTypeSchema, difficultyLabelSchema, type Atom } from './atom'

/** A filter given as one value, a comma-separated list, or the parameter repeated (`type=concept,example`). */
const listParam = <T extends z.ZodType>(item: T) => z.preprocess(
  value => value === undefined
    ? undefined
    : [value].flat().flatMap(part => String(part).split(',')).map(part => part.trim()).filter(Boolean),
  z.array(item).max(20, 'too many values').optional(),
)

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1, 'q is required').max(500, 'q is too long'),
  /** Only atoms of these types. */
  type: listParam(atomTypeSchema),
  /** Only atoms of these difficulties. */
  difficulty: listParam(difficultyLabelSchema),
  limit: z.coerce.number().int().min(1).max(50).default(20),
  offset: z.coerce.number().int().min(0).max(10_000).default(0),
})
export type SearchQuery = z.infer<typeof searchQuerySchema>

export interface SearchHit {
  atom: Atom
  score: number
  /** Short excerpts, HTML-escaped, with matches wrapped in `<mark>`. */
  highlights: string[]
}

export interface SearchResult {
  items: SearchHit[]
  total: number
}

export const suggestQuerySchema = z.object({
  // Not trimmed: a trailing space means the last word is finished, and nothing is suggested for it.
  q: z.string().max(200, 'q is too long').refine(text => text.trim().length > 0, 'q is required'),
  limit: z.coerce.number().int().min(1).max(20).default(8),
})
export type SuggestQuery = z.infer<typeof suggestQuerySchema>

export interface SuggestResult {
  /** The query with its last word completed, best first. */
  suggestions: string[]
}
