/** What the index holds of an atom: enough to find it, not to show it (the store is the truth). */
export interface SearchDocument {
  id: string
  documentId: string
  title: string
  body: string
  headingTrail: string[]
  /** Key terms; matches on them rank higher. */
  terms?: string[]
}

export interface SearchRequest {
  text: string
  /** Only atoms of these documents match: how results are scoped to what the user may read. */
  documentIds: string[]
  limit: number
  offset: number
}

export interface SearchResponse {
  hits: { id: string, score: number }[]
  total: number
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
  count(): Promise<number>
  /** Removes everything, before a rebuild from the store. */
  clear(): Promise<void>
  /** Writes anything buffered; the index survives a restart after this. */
  flush(): Promise<void>
  close(): Promise<void>
}
