import { mkdirSync, readFileSync } from 'node:fs'
import { rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { count, create, insertMultiple, load, removeMultiple, save, search, type RawData } from '@orama/orama'
import { atomSearchFields, oramaAtomSchemaWith, oramaHybridParams, oramaWhere, toOramaRecord } from '../../../shared/utils/atom-search'
import { highlight } from '../../../shared/utils/highlight'
import { countCompletions, lastWord, rankCompletions, suggestionWords } from './suggestions'
import type { SearchDocument, SearchHighlights, SearchIndex } from './types'

type Schema = ReturnType<typeof oramaAtomSchemaWith>

/** Bumped when the schema changes: an older snapshot is ignored and the index rebuilt from the store. */
const snapshotVersion = 3

type OramaDb = ReturnType<typeof create<Schema>>

interface Snapshot {
  version: typeof snapshotVersion
  orama: RawData
  /** Atom ids of each document, so a document's atoms can be removed without a search. */
  byDocument: Record<string, string[]>
}

export interface OramaIndexOptions {
  /** Folder for the snapshot; without one the index lives in memory only. */
  dir?: string
  /** Writes are batched: the snapshot is saved this long after the last change. */
  saveDelayMs?: number
  /** Size of the embeddings kept; vectors of another size are left out (those atoms match by keywords only). */
  vectorDims?: number
}

/** In-process full-text index (BM25) that persists a snapshot to disk. */
export function createOramaIndex({ dir, saveDelayMs = 1000, vectorDims = 64 }: OramaIndexOptions = {}): SearchIndex {
  const file = dir ? join(dir, 'atoms.orama.json') : undefined
  const schema = oramaAtomSchemaWith(vectorDims)
  const fits = (vector: number[] | undefined): vector is number[] => vector?.length === vectorDims
  const toRecord = (doc: SearchDocument) => ({ ...toOramaRecord(doc), ...(fits(doc.embedding) && { embedding: doc.embedding }) })
  let db: OramaDb = create({ schema })
  const byDocument = new Map<string, Set<string>>()
  const documentOf = new Map<string, string>()

  if (file) {
    mkdirSync(dir!, { recursive: true })
    const snapshot = readSnapshot(file)
    if (snapshot) {
      try {
        load(db, snapshot.orama)
        for (const [documentId, ids] of Object.entries(snapshot.byDocument)) {
          byDocument.set(documentId, new Set(ids))
          for (const id of ids) documentOf.set(id, documentId)
        }
      }
      catch {
        // Parsable but not a snapshot of this index (damaged, or from another version): start empty, like an unreadable one.
        console.warn(`[search] ignoring an index snapshot of the wrong shape ${file}`)
        db = create({ schema })
        byDocument.clear()
        documentOf.clear()
      }
    }
  }

  let saveTimer: NodeJS.Timeout | undefined
  let saving: Promise<void> = Promise.resolve()

  const persist = async () => {
    if (!file) return
    const snapshot: Snapshot = {
      version: snapshotVersion,
      orama: save(db),
      byDocument: Object.fromEntries([...byDocument].map(([documentId, ids]) => [documentId, [...ids]])),
    }
    const temporary = `${file}.tmp`
    await writeFile(temporary, JSON.stringify(snapshot))
    await rename(temporary, file)
  }
  const scheduleSave = () => {
    if (!file) return
    clearTimeout(saveTimer)
    saveTimer = setTimeout(() => {
      saveTimer = undefined
      saving = saving.then(persist).catch(error => console.error('[search] saving the index failed', error))
    }, saveDelayMs)
  }
  const flush = async () => {
    if (saveTimer) {
      clearTimeout(saveTimer)
      saveTimer = undefined
      saving = saving.then(persist)
    }
    await saving
  }

  const removeIds = async (ids: string[]) => {
    if (ids.length > 0) await removeMultiple(db, ids)
  }

  const upsert = async (batch: SearchDocument[]) => {
    // The last of repeated ids wins, as for upserts one at a time (Orama refuses a duplicate id in one insert).
    const documents = [...new Map(batch.map(doc => [doc.id, doc])).values()]
    if (documents.length === 0) return
    const replaced = documents.map(doc => doc.id).filter(id => documentOf.has(id))
    await removeIds(replaced)
    for (const id of replaced) byDocument.get(documentOf.get(id)!)?.delete(id)
    await insertMultiple(db, documents.map(toRecord))
    for (const doc of documents) {
      const ids = byDocument.get(doc.documentId) ?? new Set()
      ids.add(doc.id)
      byDocument.set(doc.documentId, ids)
      documentOf.set(doc.id, doc.documentId)
    }
    scheduleSave()
  }
  const clear = async () => {
    db = create({ schema })
    byDocument.clear()
    documentOf.clear()
    scheduleSave()
  }

  return {
    kind: 'orama',
    upsert,
    async remove(ids) {
      const known = ids.filter(id => documentOf.has(id))
      if (known.length === 0) return
      await removeIds(known)
      for (const id of known) {
        byDocument.get(documentOf.get(id)!)?.delete(id)
        documentOf.delete(id)
      }
      scheduleSave()
    },
    async removeDocument(documentId) {
      const ids = byDocument.get(documentId)
      if (!ids) return
      await removeIds([...ids])
      for (const id of ids) documentOf.delete(id)
      byDocument.delete(documentId)
      scheduleSave()
    },
    async search({ text, documentIds, filters, highlight: withHighlights, vector, limit, offset }) {
      if (documentIds.length === 0) return { hits: [], total: 0 }
      const common = { term: text, ...atomSearchFields, where: oramaWhere(documentIds, filters), limit, offset }
      const result = fits(vector) ? await search(db, { ...common, ...oramaHybridParams(vector) }) : await search(db, common)
      return {
        hits: result.hits.map(hit => ({
          id: hit.id,
          score: hit.score,
          ...(withHighlights ? { highlights: highlightsOf(hit.document, text) } : {}),
        })),
        total: result.count,
      }
    },
    async nearest({ vector, documentIds, minSimilarity, limit }) {
      if (documentIds.length === 0 || !fits(vector) || limit < 1) return []
      const result = await search(db, {
        mode: 'vector',
        vector: { value: vector, property: 'embedding' },
        similarity: minSimilarity,
        where: { documentId: { in: documentIds } },
        includeVectors: true,
        limit,
      })
      return result.hits.map(hit => ({ id: hit.id, score: hit.score }))
    },
    async suggest(text, documentIds, limit) {
      const prefix = lastWord(text)
      if (!prefix || documentIds.length === 0 || limit < 1) return []
      // Orama narrows to atoms with a word starting so; the shared helpers count the words themselves.
      const result = await search(db, {
        term: prefix,
        properties: ['title', 'terms'],
        where: { documentId: { in: documentIds } },
        limit: suggestionScanLimit,
      })
      const wordLists = result.hits.map(hit => suggestionWords({ title: hit.document.title, terms: [hit.document.terms] }))
      return rankCompletions(countCompletions(wordLists, prefix), limit)
    },
    async count() {
      return count(db)
    },
    clear,
    async rebuild(batches) {
      // In process the rebuild is quick and runs at start-up, before searches: no second index is kept.
      await clear()
      for await (const batch of batches) await upsert(batch)
    },
    async outdated() {
      // A snapshot of another vector size does not load (its schema differs): the store rebuilds the index.
      return false
    },
    async health() {
      return { ok: true }
    },
    flush,
    async close() {
      await flush()
      db = create({ schema })
      byDocument.clear()
      documentOf.clear()
    },
  }
}

/** Enough hits to count suggestion words well; suggestions need not be exact beyond it. */
const suggestionScanLimit = 10_000

/** The same marking as the service's excerpts, split by field as the search contract reports it. */
function highlightsOf(doc: { title: string, body: string }, text: string): SearchHighlights {
  const [title] = highlight(doc.title, text, { maxExcerpts: 1, radius: doc.title.length })
  return { ...(title ? { title } : {}), body: highlight(doc.body, text) }
}

function readSnapshot(file: string): Snapshot | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  }
  catch {
    return undefined
  }
  let snapshot: Snapshot
  try {
    snapshot = JSON.parse(text) as Snapshot
  }
  catch {
    // A damaged snapshot is rebuilt from the store at start-up (see services/search).
    console.warn(`[search] ignoring unreadable index snapshot ${file}`)
    return undefined
  }
  if (snapshot?.version !== snapshotVersion) {
    console.warn(`[search] ignoring an index snapshot of another version ${file}`)
    return undefined
  }
  return snapshot
}
