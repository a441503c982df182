import type { Tokenizer } from '@orama/orama'
import type { Atom } from '../schemas/atom'
import { searchWords } from './search-words'

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

/** The shared schema plus the atoms' embeddings, for hybrid search. */
export const oramaAtomSchemaWith = (vectorDims: number) => ({ ...oramaAtomSchema, embedding: `vector[${vectorDims}]` as const })

/**
 * Orama's words, on the server and in the browser: diacritics folded and stop words left out on both sides
 * (see search-words.ts). Orama's own English splitter cuts words at letters it does not list ("Tenochtitlán"
 * becomes "tenochtitl" and "n") and keeps stop words.
 */
export const atomTokenizer: Tokenizer = {
  language: 'english',
  normalizationCache: new Map(),
  tokenize: raw => (typeof raw === 'string' ? searchWords(raw) : [raw]),
}

/** The components every atom index is created with. */
export const oramaAtomComponents = { tokenizer: atomTokenizer }

/** How the keyword and the meaning parts of a hybrid search are weighed, the same in every index. */
export const hybridSearch = {
  /** Each part's scores are scaled to the best hit's, then weighed: text, then meaning. */
  textWeight: 0.5,
  vectorWeight: 0.5,
  /**
   * Atoms less similar in meaning than this (cosine) are not matched by meaning: the floor that lets a query
   * with nothing relevant answer no results. Calibrated on the relevance set (npm run bench:search): at 0.45
   * "impressionist painting" found an atom (0.57); 0.6 answers no results to every query with nothing relevant
   * and ranks best (nDCG@10), 0.65 starts to lose relevant atoms.
   */
  minSimilarity: 0.6,
  /** Where the engine needs a number of nearest atoms to consider (Elasticsearch's kNN `k`). */
  vectorCandidates: 100,
} as const

/**
 * Orama's hybrid mode, as the server's embedded index and the browser's offline index both run it: each
 * part's scores scaled to its best hit and added with the `hybridSearch` weights.
 */
export const oramaHybridParams = (vector: number[]) => ({
  mode: 'hybrid' as const,
  vector: { value: vector, property: 'embedding' },
  similarity: hybridSearch.minSimilarity,
  hybridWeights: { text: hybridSearch.textWeight, vector: hybridSearch.vectorWeight },
  // Without it Orama blanks the vectors of the stored documents it returns.
  includeVectors: true,
})

/** The fields a query searches, and how much a match in each counts. */
export const atomSearchFields = {
  properties: ['title', 'body', 'trail', 'terms'] as ('title' | 'body' | 'trail' | 'terms')[],
  boost: { title: 2, trail: 1.5, terms: 2 },
  /**
   * Every atom with all the query's words (in one field), and only the best 30 % of those with some: a word
   * such as "move" in a long question would otherwise count most of the library. Measured on the relevance
   * set (npm run bench:search): the count falls with no loss of nDCG@10; 0 (all words only) loses a tenth of it.
   */
  threshold: 0.3,
}

/** An atom's searchable fields, in the server's indices and the device's alike. */
export interface IndexableAtom {
  id: string
  documentId: string
  title: string
  /** Plain text. */
  body: string
  headingTrail: string[]
  /** Key terms; matches on them rank higher. */
  terms?: string[]
  /** The atom's type (concept, definition, …), for filtering. */
  type?: string
  /** The atom's difficulty label (easy, medium, hard), for filtering. */
  difficulty?: string
}

/** An atom's searchable fields, as the server's indices and the device's index both take them. */
export function indexableAtom(atom: Pick<Atom, 'id' | 'documentId' | 'title' | 'text' | 'headingTrail' | 'terms' | 'type' | 'difficultyLabel'>): IndexableAtom {
  return {
    id: atom.id,
    documentId: atom.documentId,
    title: atom.title,
    body: atom.text,
    headingTrail: atom.headingTrail,
    terms: atom.terms.map(term => term.term),
    type: atom.type,
    difficulty: atom.difficultyLabel,
  }
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
