import type { AtomWithEmbedding } from '#shared/schemas/atom'
import type { CollectionView } from '#shared/schemas/collection'
import type { Page } from '#shared/schemas/common'
import type { DocumentView } from '#shared/schemas/document'
import type { DocumentGlossary } from '#shared/schemas/glossary'
import type { StudyCardList } from '#shared/schemas/study'
import { offlineDatabase, type LocalDocument } from './db'
import { markSavedOffline } from './flags'
import { atomsChanged } from './changes'
import { offlineQueryEncoder } from './search'
import { currentServerEncoder } from './vectors'

type Fetch = <T>(url: string, options?: { query?: Record<string, unknown> }) => Promise<T>

/** Downloads a document's atoms, reading order, cards and glossary onto this device and marks it available offline. */
export async function saveDocument(fetch: Fetch, id: string, onProgress?: (fraction: number) => void) {
  const path = `/api/v1/documents/${encodeURIComponent(id)}`
  const view = await fetch<DocumentView>(path)
  const atoms: AtomWithEmbedding[] = []
  let cursor: string | undefined
  do {
    // With their vectors: the device searches them by meaning offline (search.ts).
    const page: Page<AtomWithEmbedding> = await fetch<Page<AtomWithEmbedding>>(`${path}/atoms`, { query: { limit: 100, include: 'embedding', ...(cursor && { cursor }) } })
    atoms.push(...page.items)
    cursor = page.nextCursor
    onProgress?.(Math.min(0.9, atoms.length / Math.max(1, view.atomCount)))
  } while (cursor)
  const { items: readingOrder } = await fetch<{ items: { id: string, title: string }[] }>(`${path}/reading-order`)
  const { items: cards } = await fetch<StudyCardList>('/api/v1/study/cards', { query: { documentId: id } })
  const glossary = await fetch<DocumentGlossary>(`${path}/glossary`)
  const database = offlineDatabase()
  const record: LocalDocument = { id, view, saved: true, savedAt: new Date().toISOString(), readingOrder, glossary }
  await database.transaction('rw', [database.documents, database.atoms, database.cards], async () => {
    // Atoms and cards the document no longer has go, so the device never shows a removed one.
    await database.atoms.where('documentId').equals(id).delete()
    await database.atoms.bulkPut(atoms)
    await database.cards.where('documentId').equals(id).delete()
    await database.cards.bulkPut(cards.map((card, position) => ({ ...card, position })))
    await database.documents.put(record)
  })
  markSavedOffline('document', id, true)
  atomsChanged()
  // Loaded now, while online, so the service worker keeps the files of the encoder that made these vectors.
  await offlineQueryEncoder(await currentServerEncoder(fetch))
  onProgress?.(1)
}

/** Takes a document off this device. */
export async function forgetDocument(id: string) {
  const database = offlineDatabase()
  await database.transaction('rw', [database.documents, database.atoms, database.cards], async () => {
    await database.atoms.where('documentId').equals(id).delete()
    await database.cards.where('documentId').equals(id).delete()
    await database.documents.delete(id)
  })
  markSavedOffline('document', id, false)
  atomsChanged()
}

/** Saves every document of a collection (and the collection's card) for offline use. */
export async function saveCollection(fetch: Fetch, id: string, onProgress?: (fraction: number) => void) {
  const path = `/api/v1/collections/${encodeURIComponent(id)}`
  const view = await fetch<CollectionView>(path)
  const documentIds: string[] = []
  let cursor: string | undefined
  do {
    const page: Page<DocumentView> = await fetch<Page<DocumentView>>(`${path}/documents`, { query: { limit: 100, ...(cursor && { cursor }) } })
    documentIds.push(...page.items.filter(document => document.status === 'ready').map(document => document.id))
    cursor = page.nextCursor
  } while (cursor)
  for (const [index, documentId] of documentIds.entries()) {
    await saveDocument(fetch, documentId, fraction => onProgress?.((index + fraction) / documentIds.length))
  }
  await offlineDatabase().collections.put({ id, view, documentIds, savedAt: new Date().toISOString() })
  markSavedOffline('collection', id, true)
  onProgress?.(1)
}

/** Takes a collection and the documents saved with it off this device. */
export async function forgetCollection(id: string) {
  const saved = await offlineDatabase().collections.get(id)
  for (const documentId of saved?.documentIds ?? []) await forgetDocument(documentId)
  await offlineDatabase().collections.delete(id)
  markSavedOffline('collection', id, false)
}
