/** What the index holds of an atom: enough to find it, not to show it (the store is the truth). */
export interface SearchDocument {
  id: string
  documentId: string
  title: string
  body: string
  headingTrail: string[]
  /** Key terms; matches on them rank higher. */
  terms?: string[]
  /** The atom's type (concept, definition, …), for filtering. */
  type?: string
  /** The atom's difficulty label (easy, medium, hard), for filtering. */
  difficulty?: string
  /** A vector of the atom's meaning, for semantic search; only indices with a vector field keep it. */
  embedding?: number[]
}

/** Restrictions on top of the text match; an absent or empty list restricts nothing. */
export interface SearchFilters {
  type?: string[]
  difficulty?: string[]
}

export interface SearchRequest {
  text: string
  /** Only atoms of these documents match: how results are scoped to what the user may read. */
  documentIds: string[]
  filters?: SearchFilters
  /** Asks for highlighted excerpts of each hit. */
  highlight?: boolean
  limit: number
  offset: number
}

/** Parts of a hit that matched, HTML-escaped, with each match in `<mark>`. */
export interface SearchHighlights {
  /** The whole title, when it matched. */
  title?: string
  /** Excerpts of the body around its matches; empty when only other fields matched. */
  body: string[]
}

export interface SearchHit {
  id: string
  score: number
  /** Present when the request asked for highlights. */
  highlights?: SearchHighlights
}

export interface SearchResponse {
  hits: SearchHit[]
  total: number
}

export interface SearchHealth {
  ok: boolean
  /** Why it is not ok, or what the backing service reports. */
  detail?: string
}

/** Full-text index of atoms. */
export interface SearchIndex {
  readonly kind: string
  /** Adds or replaces by id. */
  upsert(documents: SearchDocument[]): Promise<void>
  removeDocument(documentId: string): Promise<void>
  /** Removes these atoms; unknown ids are ignored. */
  remove(ids: string[]): Promise<void>
  search(request: SearchRequest): Promise<SearchResponse>
  /**
   * Words from the titles and key terms of atoms of these documents that complete the last word of `text`
   * (lower case, longer than what was typed), those in most atoms first, then alphabetically.
   */
  suggest(text: string, documentIds: string[], limit: number): Promise<string[]>
  count(): Promise<number>
  /** Removes everything. */
  clear(): Promise<void>
  /**
   * Replaces the whole content with these documents. Where the engine allows, searches keep answering
   * from the previous content until the new one is complete.
   */
  rebuild(batches: AsyncIterable<SearchDocument[]>): Promise<void>
  /** Whether the index can serve; never throws. */
  health(): Promise<SearchHealth>
  /** Writes anything buffered and makes every write so far searchable; the index survives a restart after this. */
  flush(): Promise<void>
  close(): Promise<void>
}
