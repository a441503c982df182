import { z } from 'zod'
import type { Atom } from './atom'

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1, 'q is required').max(500, 'q is too long'),
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
