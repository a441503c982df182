import type { IndexableAtom } from '../../../shared/utils/atom-search'

/**
 * What the index holds of an atom: enough to find it, not to show it (the store is the truth). Its searchable
 * fields are the device index's too (`IndexableAtom`); the server's indices also keep its meaning.
 */
export interface SearchDocument extends IndexableAtom {
  /** A unit vector of the atom's meaning, for semantic search; an index keeps it when it has its size. */
  embedding?: number[]
  /** The version of the text encoder that made `embedding`: only query vectors of the same version are compared with it. */
  embeddingVersion?: string
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
  /**
   * The query's embedding: with it the search is hybrid, keyword and meaning together; atoms close enough
   * in meaning (see `hybridSearch`) match without sharing a word. Indices without vectors ignore it.
   */
  vector?: number[]
  /** The version of the encoder that made `vector`: atoms' vectors of another version take no part. */
  vectorVersion?: string
  limit: number
  offset: number
}

/** The atoms nearest in meaning to a vector, for duplicates and related atoms. */
export interface NearestRequest {
  vector: number[]
  /** The version of the encoder that made `vector`: only atoms' vectors of this version are compared. */
  vectorVersion: string
  /** Only atoms of these documents. */
  documentIds: string[]
  /** Only atoms this close (cosine similarity, -1..1) or closer. */
  minSimilarity: number
  limit: number
}

/** Shared with the browser's offline index (app/offline/search.ts). */
export { hybridSearch } from '../../../shared/utils/atom-search'

/** Parts of a hit that matched, HTML-escaped, with each match in `<mark>`. */
export interface SearchHighlights {
  /** The whole title, when it matched. */
  title?: string
  /** Excerpts of the body around its matches; empty when only other fields matched. */
  body: string[]
}

export interface SearchHit {
  id: string
  /** Higher is better; in `nearest`, the cosine similarity. */
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

export interface RebuildOptions {
  /** The encoder version of the rebuilt content's vectors (an index keeping one version's vectors only keeps these). */
  vectorVersion?: string
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
  /** Atoms nearest in meaning to the vector, nearest first; none where the index keeps no vectors. */
  nearest(request: NearestRequest): Promise<SearchHit[]>
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
  rebuild(batches: AsyncIterable<SearchDocument[]>, options?: RebuildOptions): Promise<void>
  /**
   * Whether the index was built for other vectors than the encoder's now (another size or, where the index
   * keeps vectors of one encoder only, another version): then a rebuild brings it up to date.
   */
  outdated(vectorVersion?: string): Promise<boolean>
  /** Whether the index can serve; never throws. */
  health(): Promise<SearchHealth>
  /** Writes anything buffered and makes every write so far searchable; the index survives a restart after this. */
  flush(): Promise<void>
  close(): Promise<void>
}
