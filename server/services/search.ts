import type { SearchQuery, SearchResult, SuggestQuery, SuggestResult } from '../../shared/schemas/search'
import type { Drivers } from '../drivers'
import type { SearchDocument } from '../drivers/search/types'
import type { AtomRecord } from '../drivers/store/types'
import { readableDocumentIds } from './access'
import type { Actor } from './actor'
import { indexableAtom } from '../../shared/utils/atom-search'
import { searchExcerpts } from '../../shared/utils/highlight'
import { hasSearchWords } from '../../shared/utils/search-words'
import { hasMeaning } from '../../shared/utils/text-encoder'
import { useEmbedder } from '../ml/embeddings/embedder'
import { collectionDocumentIds } from './collections'

type SearchDrivers = Pick<Drivers, 'store' | 'search'>

export function toSearchDocument(atom: AtomRecord): SearchDocument {
  return {
    ...indexableAtom(atom),
    ...(atom.embedding && { embedding: atom.embedding, ...(atom.embeddingVersion && { embeddingVersion: atom.embeddingVersion }) }),
  }
}

/** The query's embedding, or nothing (the encoder learned too little of the query, or none loads): then the search is by keywords alone. */
async function queryVector(text: string): Promise<{ vector: number[], vectorVersion: string } | undefined> {
  const embedded = await useEmbedder()([text], { queries: true })
  const vector = embedded?.vectors[0]
  return vector && hasMeaning(vector) ? { vector, vectorVersion: embedded.version } : undefined
}

/** Hybrid search (keywords and meaning, see the index drivers) over the atoms of every document the actor may read, or only of those in one collection. */
export async function searchAtoms(drivers: SearchDrivers, actor: Actor, query: SearchQuery): Promise<SearchResult> {
  // Stop words alone match nothing: no need to ask the index, nor to embed the query.
  if (!hasSearchWords(query.q)) return { items: [], total: 0 }
  const readableIds = await readableDocumentIds(drivers.store, actor)
  let documentIds = readableIds
  if (query.collectionId !== undefined) {
    const inCollection = new Set(await collectionDocumentIds(drivers, actor, query.collectionId))
    documentIds = readableIds.filter(id => inCollection.has(id))
  }
  const vector = await queryVector(query.q)
  const { hits, total } = await drivers.search.search({
    text: query.q,
    ...vector,
    documentIds,
    filters: { type: query.type, difficulty: query.difficulty },
    highlight: true,
    limit: query.limit,
    offset: query.offset,
  })
  const atoms = new Map((await drivers.store.atoms.getMany(hits.map(hit => hit.id))).map(atom => [atom.id, atom]))
  const readable = new Set(documentIds)
  const items = hits.flatMap((hit) => {
    const atom = atoms.get(hit.id)
    // The index may briefly hold an atom the store no longer has; the store decides.
    if (!atom || !readable.has(atom.documentId)) return []
    return [{ atom, score: hit.score, highlights: searchExcerpts(atom, query.q, hit.highlights) }]
  })
  return { items, total }
}

/** Completions of the last word being typed, from the titles and key terms of atoms the actor may read. */
export async function suggestSearches(drivers: SearchDrivers, actor: Actor, query: SuggestQuery): Promise<SuggestResult> {
  const documentIds = await readableDocumentIds(drivers.store, actor)
  const words = await drivers.search.suggest(query.q, documentIds, query.limit)
  const typedSoFar = query.q.trimStart().replace(/[\p{L}\p{N}]+$/u, '')
  return { suggestions: words.map(word => `${typedSoFar}${word}`) }
}

/**
 * Rebuilds the index from the store when the two disagree (a lost or damaged snapshot, a crash mid-write),
 * or when the index was built for vectors of another size or encoder.
 */
export async function reconcileSearchIndex(drivers: SearchDrivers): Promise<boolean> {
  const vectorVersion = (await useEmbedder()([]))?.version
  if (await drivers.search.count() === await drivers.store.atoms.count() && !await drivers.search.outdated(vectorVersion)) return false
  // Where the index can, searches keep answering from its current content until the rebuilt one replaces it.
  await drivers.search.rebuild(storedSearchDocuments(drivers), { vectorVersion })
  await drivers.search.flush()
  return true
}

/** Every stored atom as the index holds it, a batch at a time. */
export async function* storedSearchDocuments(drivers: SearchDrivers): AsyncGenerator<SearchDocument[]> {
  for await (const batch of drivers.store.atoms.scan(500)) yield batch.map(toSearchDocument)
}
