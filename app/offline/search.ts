import type { Atom } from '#shared/schemas/atom'
import type { SearchResult } from '#shared/schemas/search'
import { atomSearchFields, oramaAtomSchema, oramaWhere, toOramaRecord, type AtomFilters } from '#shared/utils/atom-search'
import { highlight } from '#shared/utils/highlight'
import { offlineDatabase } from './db'

type SearchOptions = AtomFilters & { documentIds?: string[], limit: number, offset: number }

/** Built from the atoms on this device when first needed; rebuilt after they change. */
let cached: { stamp: string, search: (text: string, options: SearchOptions) => Promise<SearchResult> } | undefined
/** Bumped by every write of atoms on this device (see mirror.ts). */
let changes = 0

export function atomsChanged() {
  changes++
}

/** The search the server's embedded index runs (same fields, weights and highlights), over this device's atoms. */
export async function searchOffline(text: string, options: SearchOptions): Promise<SearchResult> {
  // The count also notices atoms removed elsewhere (signing out clears the database).
  const stamp = `${changes}:${await offlineDatabase().atoms.count()}`
  if (cached?.stamp !== stamp) cached = { stamp, search: await buildIndex(await offlineDatabase().atoms.toArray()) }
  return cached.search(text, options)
}

async function buildIndex(atoms: Atom[]) {
  // Loaded on first offline search only: nobody online pays for it.
  const { create, insertMultiple, search } = await import('@orama/orama')
  const db = create({ schema: oramaAtomSchema })
  await insertMultiple(db, atoms.map(atom => toOramaRecord({
    id: atom.id,
    documentId: atom.documentId,
    title: atom.title,
    body: atom.text,
    headingTrail: atom.headingTrail,
    terms: atom.terms.map(term => term.term),
    type: atom.type,
    difficulty: atom.difficultyLabel,
  })))
  const byId = new Map(atoms.map(atom => [atom.id, atom]))
  return async (text: string, { limit, offset, documentIds, ...filters }: SearchOptions): Promise<SearchResult> => {
    const result = await search(db, { term: text, ...atomSearchFields, where: oramaWhere(documentIds, filters), limit, offset })
    return {
      items: result.hits.map((hit) => {
        const atom = byId.get(hit.id)!
        return { atom, score: hit.score, highlights: highlight(atom.text, text) }
      }),
      total: result.count,
    }
  }
}
