import type { AtomWithEmbedding } from '#shared/schemas/atom'
import type { SearchResult } from '#shared/schemas/search'
import { atomSearchFields, indexableAtom, oramaAtomSchemaWith, oramaHybridParams, oramaWhere, toOramaRecord, type AtomFilters } from '#shared/utils/atom-search'
import { highlight } from '#shared/utils/highlight'
import { atomChanges } from './changes'
import { offlineDatabase } from './db'
import type { EncoderLocation, QueryEncoder } from './encoder'
import { deviceEncoder } from './vectors'

type SearchOptions = AtomFilters & { documentIds?: string[], limit: number, offset: number }

/** Built from the atoms on this device when first needed; rebuilt after they change. */
let cached: { stamp: string, encoderMissing: boolean, search: (text: string, options: SearchOptions) => Promise<SearchResult> } | undefined
/**
 * The text encoder of this version, loaded on first offline search (TF.js, its WASM binary and the model
 * come with it), or nothing when it cannot load: then the search is by keywords, as the server's is
 * without an encoder.
 */
export async function offlineQueryEncoder(location: EncoderLocation): Promise<QueryEncoder | undefined> {
  try {
    return await (await import('./encoder')).loadQueryEncoder(location)
  }
  catch (error) {
    if (!warned) console.warn('[offline] searching by keywords only: the text encoder did not load', error)
    warned = true
    return undefined
  }
}
let warned = false

/**
 * The search the server's embedded index runs (same fields, weights, hybrid weighting and highlights),
 * over this device's atoms: by keywords and meaning when the encoder version that made the device's
 * vectors loads and learned enough of the query (the server's rule); atoms with vectors of another version
 * then match by keywords, and every atom does when no encoder loads.
 */
export async function searchOffline(text: string, options: SearchOptions): Promise<SearchResult> {
  // The count also notices atoms removed elsewhere (signing out clears the database).
  const stamp = `${atomChanges()}:${await offlineDatabase().atoms.count()}`
  if (cached?.stamp !== stamp || cached.encoderMissing) {
    const atoms = await offlineDatabase().atoms.toArray()
    const location = await deviceEncoder(atoms)
    const encoder = location && await offlineQueryEncoder(location)
    // An encoder that did not load is tried again at the next search (the network may be back).
    cached = { stamp, encoderMissing: Boolean(location && !encoder), search: await buildIndex(atoms, encoder) }
  }
  return cached.search(text, options)
}

async function buildIndex(atoms: AtomWithEmbedding[], vectors: QueryEncoder | undefined) {
  // Loaded on first offline search only: nobody online pays for it.
  const { create, insertMultiple, search } = await import('@orama/orama')
  // Without vectors no atom fills the vector property, and its size does not matter.
  const dims = vectors?.dims ?? 1
  const db = create({ schema: oramaAtomSchemaWith(dims) })
  await insertMultiple(db, atoms.map(atom => ({
    ...toOramaRecord(indexableAtom(atom)),
    // Atoms opened once online, not saved, come without a vector, and others keep one of another version: they match by keywords.
    ...(vectors && atom.embeddingVersion === vectors.version && atom.embedding?.length === dims && { embedding: atom.embedding }),
  })))
  const byId = new Map(atoms.map(atom => [atom.id, atom]))
  return async (text: string, { limit, offset, documentIds, ...filters }: SearchOptions): Promise<SearchResult> => {
    const common = { term: text, ...atomSearchFields, where: oramaWhere(documentIds, filters), limit, offset }
    const vector = await vectors?.embedQuery(text)
    const result = vector ? await search(db, { ...common, ...oramaHybridParams(vector) }) : await search(db, common)
    return {
      items: result.hits.map((hit) => {
        const { embedding: _embedding, embeddingVersion: _version, ...atom } = byId.get(hit.id)!
        return { atom, score: hit.score, highlights: highlight(atom.text, text) }
      }),
      total: result.count,
    }
  }
}
