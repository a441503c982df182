import type { AtomWithEmbedding } from '#shared/schemas/atom'
import type { SearchResult } from '#shared/schemas/search'
import { atomSearchFields, oramaAtomSchemaWith, oramaHybridParams, oramaWhere, toOramaRecord, type AtomFilters } from '#shared/utils/atom-search'
import { highlight } from '#shared/utils/highlight'
import { atomEmbeddingText } from '#shared/utils/subwords'
import { dot, hasMeaning } from '#shared/utils/text-encoder'
import { offlineDatabase } from './db'
import type { QueryEncoder } from './encoder'

type SearchOptions = AtomFilters & { documentIds?: string[], limit: number, offset: number }

/** Built from the atoms on this device when first needed; rebuilt after they change. */
let cached: { stamp: string, search: (text: string, options: SearchOptions) => Promise<SearchResult> } | undefined
/** Bumped by every write of atoms on this device (see mirror.ts). */
let changes = 0

export function atomsChanged() {
  changes++
}

/** A vector the device made itself from an atom's text matches the server's this closely when both ran the same encoder. */
const sameEncoderSimilarity = 0.99

/**
 * The text encoder, loaded on first offline search (TF.js, its WASM binary and the model come with it), or
 * nothing when it cannot load: then the search is by keywords, as the server's is without an encoder.
 */
export async function offlineQueryEncoder(): Promise<QueryEncoder | undefined> {
  try {
    return await (await import('./encoder')).loadQueryEncoder()
  }
  catch (error) {
    if (!warned) console.warn('[offline] searching by keywords only: the text encoder did not load', error)
    warned = true
    return undefined
  }
}
let warned = false

/**
 * The server's vectors are only worth comparing with the device's query vectors if both come from the same
 * encoder (a server may be configured with its own model): one atom re-embedded here tells.
 */
async function agreesWithServer(encoder: QueryEncoder, atoms: AtomWithEmbedding[]): Promise<boolean> {
  const sample = atoms.find(atom => atom.embedding?.length === encoder.dims && hasMeaning(atom.embedding))
  if (!sample) return false
  const [mine] = await encoder.embed([atomEmbeddingText(sample)])
  return dot(mine!, sample.embedding!) >= sameEncoderSimilarity
}

/**
 * The search the server's embedded index runs (same fields, weights, hybrid weighting and highlights),
 * over this device's atoms: by keywords and meaning when the encoder loads and agrees with the server's
 * vectors and learned enough of the query (the server's rule), by keywords alone otherwise.
 */
export async function searchOffline(text: string, options: SearchOptions): Promise<SearchResult> {
  const encoder = await offlineQueryEncoder()
  // The count also notices atoms removed elsewhere (signing out clears the database).
  const stamp = `${changes}:${await offlineDatabase().atoms.count()}:${encoder ? 'hybrid' : 'keywords'}`
  if (cached?.stamp !== stamp) cached = { stamp, search: await buildIndex(await offlineDatabase().atoms.toArray(), encoder) }
  return cached.search(text, options)
}

async function buildIndex(atoms: AtomWithEmbedding[], encoder: QueryEncoder | undefined) {
  // Loaded on first offline search only: nobody online pays for it.
  const { create, insertMultiple, search } = await import('@orama/orama')
  const vectors = encoder && await agreesWithServer(encoder, atoms) ? encoder : undefined
  // Without vectors no atom fills the vector property, and its size does not matter.
  const dims = vectors?.dims ?? 1
  const db = create({ schema: oramaAtomSchemaWith(dims) })
  await insertMultiple(db, atoms.map(atom => ({
    ...toOramaRecord({
      id: atom.id,
      documentId: atom.documentId,
      title: atom.title,
      body: atom.text,
      headingTrail: atom.headingTrail,
      terms: atom.terms.map(term => term.term),
      type: atom.type,
      difficulty: atom.difficultyLabel,
    }),
    // Atoms opened once online, not saved, come without a vector: they match by keywords.
    ...(vectors && atom.embedding?.length === dims && { embedding: atom.embedding }),
  })))
  const byId = new Map(atoms.map(atom => [atom.id, atom]))
  return async (text: string, { limit, offset, documentIds, ...filters }: SearchOptions): Promise<SearchResult> => {
    const common = { term: text, ...atomSearchFields, where: oramaWhere(documentIds, filters), limit, offset }
    const vector = await vectors?.embedQuery(text)
    const result = vector ? await search(db, { ...common, ...oramaHybridParams(vector) }) : await search(db, common)
    return {
      items: result.hits.map((hit) => {
        const { embedding: _embedding, ...atom } = byId.get(hit.id)!
        return { atom, score: hit.score, highlights: highlight(atom.text, text) }
      }),
      total: result.count,
    }
  }
}
