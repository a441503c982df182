/**
 * How atoms are indexed and ranked in Orama: by the embedded search driver on the server and by the
 * browser's offline index alike, so a query finds the same atoms with the network on or off.
 */
export const oramaAtomSchema = {
  id: 'string',
  documentId: 'enum',
  title: 'string',
  body: 'string',
  trail: 'string',
  terms: 'string',
  type: 'enum',
  difficulty: 'enum',
} as const

/** The fields a query searches, and how much a match in each counts. */
export const atomSearchFields = {
  properties: ['title', 'body', 'trail', 'terms'] as ('title' | 'body' | 'trail' | 'terms')[],
  boost: { title: 2, trail: 1.5, terms: 2 },
}

export interface IndexableAtom {
  id: string
  documentId: string
  title: string
  /** Plain text. */
  body: string
  headingTrail: string[]
  terms?: string[]
  type?: string
  difficulty?: string
}

export function toOramaRecord(atom: IndexableAtom) {
  return {
    id: atom.id,
    documentId: atom.documentId,
    title: atom.title,
    body: atom.body,
    trail: atom.headingTrail.join(' › '),
    terms: (atom.terms ?? []).join(' · '),
    // Orama leaves out undefined properties, so an atom without them matches no filter on them.
    type: atom.type,
    difficulty: atom.difficulty,
  }
}

export interface AtomFilters {
  type?: string[]
  difficulty?: string[]
}

export function oramaWhere(documentIds: string[] | undefined, filters: AtomFilters = {}) {
  return {
    ...(documentIds ? { documentId: { in: documentIds } } : {}),
    ...(filters.type?.length ? { type: { in: filters.type } } : {}),
    ...(filters.difficulty?.length ? { difficulty: { in: filters.difficulty } } : {}),
  }
}
