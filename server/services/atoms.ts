import type { Atom, AtomLinks, AtomWithEmbedding } from '../../shared/schemas/atom'
import type { Page } from '../../shared/schemas/common'
import { readingOrder } from '../atomizer/link/prerequisites'
import type { Drivers } from '../drivers'
import type { PageOptions } from '../drivers/store/types'
import { duplicateScore, duplicateSimilarity, maxDuplicates } from '../../shared/utils/duplicates'
import { problems } from '../errors'
import { readableDocument, readableDocumentIds } from './access'
import type { Actor } from './actor'

/** Where an atom is cached; shared with cache warming, so both fill the same entries. */
export const atomCacheKey = (id: string) => `atom:${id}`
export const atomCacheSeconds = 600

/** A page of the document's atoms; with `embeddings`, each with its vector (read apart: display reads leave it out). */
export async function listAtoms(drivers: Drivers, actor: Actor, documentId: string, page: PageOptions & { embeddings?: boolean }): Promise<Page<AtomWithEmbedding>> {
  await readableDocument(drivers.store, actor, documentId)
  const result = await drivers.store.atoms.listByDocument(documentId, page)
  let items: AtomWithEmbedding[] = result.items
  if (page.embeddings && items.length > 0) {
    const vectors = await drivers.store.atoms.embeddings(items.map(atom => atom.id))
    items = items.map((atom) => {
      const stored = vectors.get(atom.id)
      // A vector without its encoder's version cannot be matched with a query vector on the device: left out.
      return stored?.version ? { ...atom, embedding: stored.vector, embeddingVersion: stored.version } : atom
    })
  }
  return { items, ...(result.nextCursor && { nextCursor: result.nextCursor }) }
}

/** One atom, if the actor may read its document; otherwise it does not exist for them. */
export async function getAtom(drivers: Drivers, actor: Actor, id: string): Promise<Atom> {
  let atom = await drivers.cache.get<Atom>(atomCacheKey(id))
  if (!atom) {
    atom = await drivers.store.atoms.get(id) ?? undefined
    if (!atom) throw problems.notFound('atom', id)
    await drivers.cache.set(atomCacheKey(id), atom, atomCacheSeconds)
  }
  try {
    await readableDocument(drivers.store, actor, atom.documentId)
  }
  catch {
    throw problems.notFound('atom', id)
  }
  return atom
}

/** Drops cached copies after atoms were rewritten. */
export async function forgetAtoms(drivers: Drivers, ids: string[]): Promise<void> {
  await Promise.all(ids.map(id => drivers.cache.delete(atomCacheKey(id))))
}

/** Every atom of the document, by `order` (no access check: callers check first). */
export async function allAtomsOf(drivers: Pick<Drivers, 'store'>, documentId: string): Promise<Atom[]> {
  const atoms: Atom[] = []
  let cursor: string | undefined
  do {
    const page = await drivers.store.atoms.listByDocument(documentId, { cursor, limit: 500 })
    atoms.push(...page.items)
    cursor = page.nextCursor
  } while (cursor)
  return atoms
}

/** The document's atoms, every one after its prerequisites (no access check: callers check first). */
export async function atomsInReadingOrder(drivers: Pick<Drivers, 'store'>, documentId: string): Promise<Atom[]> {
  const atoms = await allAtomsOf(drivers, documentId)
  const position = new Map(atoms.map((atom, i) => [atom.id, i]))
  return readingOrder(atoms.map(atom => atom.prerequisites.flatMap(id => position.get(id) ?? []))).map(i => atoms[i]!)
}

/** The document's atoms in an order that puts every atom after its prerequisites. */
export async function readingOrderOf(drivers: Drivers, actor: Actor, documentId: string): Promise<{ id: string, title: string }[]> {
  await readableDocument(drivers.store, actor, documentId)
  return (await atomsInReadingOrder(drivers, documentId)).map(atom => ({ id: atom.id, title: atom.title }))
}

/**
 * Near-identical atoms in the other documents the actor may read, by the atom's embedding, with their
 * documents' titles: the index's nearest atoms, kept by the rules the offline links view applies too.
 */
async function duplicatesOf(drivers: Drivers, atom: Atom, readableIds: string[]): Promise<AtomLinks['duplicates']> {
  const stored = (await drivers.store.atoms.embeddings([atom.id])).get(atom.id)
  const others = readableIds.filter(documentId => documentId !== atom.documentId)
  if (!stored?.version || others.length === 0) return []
  const near = await drivers.search.nearest({
    vector: stored.vector, vectorVersion: stored.version, documentIds: others, minSimilarity: duplicateSimilarity, limit: maxDuplicates,
  })
  const found = new Map((await drivers.store.atoms.getMany(near.map(hit => hit.id))).map(other => [other.id, other]))
  const documents = new Map((await drivers.store.documents.getMany([...new Set([...found.values()].map(other => other.documentId))])).map(doc => [doc.id, doc]))
  const readable = new Set(others)
  return near.flatMap((hit) => {
    const other = found.get(hit.id)
    const document = other && documents.get(other.documentId)
    // The index may briefly hold an atom the store no longer has; the store decides.
    if (!other || !document || !readable.has(other.documentId)) return []
    return [{ id: other.id, title: other.title, documentId: document.id, documentTitle: document.title, score: duplicateScore(hit.score) }]
  })
}

/** Titles for the atoms an atom links to (only those the actor may read), so a reader can follow them. */
export async function getAtomLinks(drivers: Drivers, actor: Actor, id: string): Promise<AtomLinks> {
  const atom = await getAtom(drivers, actor, id)
  const ids = [...new Set([...atom.prerequisites, ...atom.related.map(link => link.id), ...atom.terms.flatMap(term => term.definedBy ?? [])])]
  const readableIds = await readableDocumentIds(drivers.store, actor)
  const readable = new Set(readableIds)
  const linked = new Map((await drivers.store.atoms.getMany(ids)).filter(other => readable.has(other.documentId)).map(other => [other.id, other]))
  const titled = (other: string) => linked.get(other) && { id: other, title: linked.get(other)!.title }
  return {
    prerequisites: atom.prerequisites.flatMap(other => titled(other) ?? []),
    related: atom.related.flatMap(link => (linked.has(link.id) ? [{ ...titled(link.id)!, score: link.score }] : [])),
    definitions: atom.terms.flatMap(term => (term.definedBy && linked.has(term.definedBy) ? [{ term: term.term, ...titled(term.definedBy)! }] : [])),
    duplicates: await duplicatesOf(drivers, atom, readableIds),
  }
}
