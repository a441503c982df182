import type { Atom } from '../../shared/schemas/atom'
import type { SearchQuery, SearchResult } from '../../shared/schemas/search'
import type { Drivers } from '../drivers'
import type { SearchDocument } from '../drivers/search/types'
import type { Actor } from './actor'
import { highlight } from './highlight'

export function toSearchDocument(atom: Atom): SearchDocument {
  return { id: atom.id, documentId: atom.documentId, title: atom.title, body: atom.text, headingTrail: atom.headingTrail, terms: atom.terms.map(term => term.term) }
}

/** Full-text search over the atoms of every document the actor may read. */
export async function searchAtoms(drivers: Drivers, actor: Actor, query: SearchQuery): Promise<SearchResult> {
  const documentIds = await drivers.store.documents.readableIds(actor.id)
  const { hits, total } = await drivers.search.search({ text: query.q, documentIds, limit: query.limit, offset: query.offset })
  const atoms = new Map((await drivers.store.atoms.getMany(hits.map(hit => hit.id))).map(atom => [atom.id, atom]))
  const readable = new Set(documentIds)
  const items = hits.flatMap((hit) => {
    const atom = atoms.get(hit.id)
    // The index may briefly hold an atom the store no longer has; the store decides.
    if (!atom || !readable.has(atom.documentId)) return []
    return [{ atom, score: hit.score, highlights: highlight(`${atom.title}. ${atom.text}`, query.q) }]
  })
  return { items, total }
}

/** Rebuilds the index from the store when the two disagree (a lost or damaged snapshot, a crash mid-write). */
export async function reconcileSearchIndex(drivers: Drivers): Promise<boolean> {
  if (await drivers.search.count() === await drivers.store.atoms.count()) return false
  await drivers.search.clear()
  for await (const batch of drivers.store.atoms.scan(500)) await drivers.search.upsert(batch.map(toSearchDocument))
  await drivers.search.flush()
  return true
}
