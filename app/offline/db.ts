import Dexie, { type EntityTable } from 'dexie'
import type { AtomWithEmbedding } from '#shared/schemas/atom'
import type { CollectionView } from '#shared/schemas/collection'
import type { DocumentView } from '#shared/schemas/document'
import type { DocumentGlossary } from '#shared/schemas/glossary'
import type { ReviewInput, StudyCard } from '#shared/schemas/study'
import { clearDeviceFlags } from './flags'

/** A document known on this device: saved for offline use by the learner, or only seen while online. */
export interface LocalDocument {
  id: string
  view: DocumentView
  /** Chosen with "Available offline": every atom and card is kept and refreshed. */
  saved: boolean
  savedAt?: string
  /** Each atom after its prerequisites, as the server gave it when saved. */
  readingOrder?: { id: string, title: string }[]
  /** Its key terms with their definitions and atoms, as the server gave them when saved. */
  glossary?: DocumentGlossary
}

/** A collection saved for offline use: its card and which documents were saved with it. */
export interface LocalCollection {
  id: string
  view: CollectionView
  documentIds: string[]
  savedAt: string
}

/** A card kept for offline study, with its place in its document's reading order. */
export type LocalCard = StudyCard & { position: number }

/** One value the app keeps between visits (the signed-in user, for offline start-ups). */
export interface LocalSetting {
  key: string
  value: unknown
}

export type OfflineDatabase = Dexie & {
  documents: EntityTable<LocalDocument, 'id'>
  /** Atoms of saved documents with their vectors (for offline search by meaning), and atoms opened once without. */
  atoms: EntityTable<AtomWithEmbedding, 'id'>
  collections: EntityTable<LocalCollection, 'id'>
  /** Cards of saved documents, each with this learner's latest state (also after offline reviews). */
  cards: EntityTable<LocalCard, 'cardId'>
  /** Reviews made on this device and not yet accepted by the server, oldest first. */
  pendingReviews: EntityTable<ReviewInput, 'id'>
  settings: EntityTable<LocalSetting, 'key'>
}

let database: OfflineDatabase | undefined

/** The device's copy of what the learner reads and studies (IndexedDB, browser only). */
export function offlineDatabase(): OfflineDatabase {
  if (!database) {
    database = new Dexie('learning-atomizer') as OfflineDatabase
    database.version(1).stores({
      documents: 'id',
      atoms: 'id, documentId, [documentId+order]',
      collections: 'id',
      cards: 'cardId, documentId',
      pendingReviews: 'id, reviewedAt',
      settings: 'key',
    })
  }
  return database
}

/** Forgets everything on this device (signing out: the next person at this browser sees nothing). */
export async function clearOfflineData() {
  clearDeviceFlags()
  await offlineDatabase().delete()
  database = undefined
}
