import DataLoader from 'dataloader'
import type { Atom } from '../../shared/schemas/atom'
import type { Page } from '../../shared/schemas/common'
import type { DocumentView } from '../../shared/schemas/document'
import type { Drivers } from '../drivers'
import type { Actor } from '../services/actor'
import type { KeyTerm } from '../../shared/schemas/glossary'
import { readableDocumentIds } from '../services/access'
import { toDocumentView } from '../services/documents'
import { keyTermsOf } from '../services/glossary'

/** One page of a document's atoms. */
export interface AtomPageKey {
  documentId: string
  cursor?: string
  limit: number
}

/**
 * Per-request batching: every read a query's fields ask for in one tick becomes one store call, so a query
 * over many documents, their atoms and their atoms' links costs the same few calls however many there are.
 * No access checks here: resolvers only load what the object they hang off was already allowed to show.
 */
export function createLoaders(drivers: Pick<Drivers, 'store'>, actor: Actor | null) {
  const { store } = drivers
  const documents = new DataLoader<string, DocumentView | null>(async (ids) => {
    const found = new Map((await store.documents.getMany([...ids])).map(document => [document.id, toDocumentView(document)]))
    return ids.map(id => found.get(id) ?? null)
  })
  const atoms = new DataLoader<string, Atom | null>(async (ids) => {
    const found = new Map((await store.atoms.getMany([...ids])).map(atom => [atom.id, atom]))
    return ids.map(id => found.get(id) ?? null)
  })
  const atomPages = new DataLoader<AtomPageKey, Page<Atom>, string>(async (keys) => {
    // One store call per page size asked for (a query usually asks for one).
    const bySize = new Map<number, { key: AtomPageKey, index: number }[]>()
    keys.forEach((key, index) => bySize.set(key.limit, [...bySize.get(key.limit) ?? [], { key, index }]))
    const results: Page<Atom>[] = []
    await Promise.all([...bySize].map(async ([limit, entries]) => {
      const pages = await store.atoms.listByDocuments(entries.map(({ key }) => ({ documentId: key.documentId, cursor: key.cursor })), limit)
      entries.forEach(({ index }, i) => results[index] = pages[i]!)
    }))
    return results
  }, { cacheKeyFn: key => JSON.stringify([key.documentId, key.cursor ?? null, key.limit]) })
  const keyTerms = new DataLoader<string, KeyTerm[]>(async (ids) => {
    const found = await keyTermsOf(drivers, [...ids])
    return ids.map(id => found.get(id) ?? [])
  })
  let readable: Promise<Set<string>> | undefined

  return {
    documents,
    atoms,
    atomPages,
    /** Each document's key terms. */
    keyTerms,
    /** Ids of the documents the actor may read, read once per request (or per subscription event). */
    readableDocumentIds(): Promise<Set<string>> {
      readable ??= actor ? readableDocumentIds(store, actor).then(ids => new Set(ids)) : Promise.resolve(new Set())
      return readable
    },
    /** Forgets what was read: a subscription's next event must see the store as it is then. */
    clear() {
      documents.clearAll()
      atoms.clearAll()
      atomPages.clearAll()
      keyTerms.clearAll()
      readable = undefined
    },
  }
}

export type Loaders = ReturnType<typeof createLoaders>
