import { mkdirSync, readFileSync } from 'node:fs'
import { rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { count, create, insertMultiple, load, removeMultiple, save, search, type RawData } from '@orama/orama'
import { atomSearchFields, oramaAtomComponents, oramaAtomSchemaWith, oramaHybridParams, oramaWhere, toOramaRecord } from '../../../shared/utils/atom-search'
import { fieldHighlights } from '../../../shared/utils/highlight'
import { hasSearchWords } from '../../../shared/utils/search-words'
import { countCompletions, lastWord, rankCompletions, suggestionWords } from './suggestions'
import type { SearchDocument, SearchIndex } from './types'

type Schema = ReturnType<typeof oramaAtomSchemaWith>

/** Bumped when the schema or the words indexed change: an older snapshot is ignored and the index rebuilt from the store. */
const snapshotVersion = 5

type OramaDb = ReturnType<typeof create<Schema>>

interface Snapshot {
  version: typeof snapshotVersion
  orama: RawData
  /** Atom ids of each document, so a document's atoms can be removed without a search. */
  byDocument: Record<string, string[]>
  /** The encoder version of the vectors kept. */
  vectorVersion?: string
}

export interface OramaIndexOptions {
  /** Folder for the snapshot; without one the index lives in memory only. */
  dir?: string
  /** Writes are batched: the snapshot is saved this long after the last change. */
  saveDelayMs?: number
  /** Size of the embeddings kept; vectors of another size are left out (those atoms match by keywords only). */
  vectorDims?: number
}

/** What one index holds: the Orama database, the atom ids per document, and the encoder version of its vectors. */
interface Content {
  db: OramaDb
  byDocument: Map<string, Set<string>>
  documentOf: Map<string, string>
  /** Vectors of one encoder only: the version of the rebuild that made it, else that of the first vector written. */
  vectorVersion?: string
}

/** A write that arrived while a rebuild was loading: replayed on the new content before the swap. */
type LiveWrite = { kind: 'upsert', documents: SearchDocument[] } | { kind: 'remove', ids: string[] } | { kind: 'removeDocument', documentId: string }

/**
 * In-process full-text index (BM25) that persists a snapshot to disk. It keeps the vectors of one text
 * encoder: atoms written with another's are searched by keywords only until a rebuild for that encoder.
 */
export function createOramaIndex({ dir, saveDelayMs = 1000, vectorDims = 64 }: OramaIndexOptions = {}): SearchIndex {
  const file = dir ? join(dir, 'atoms.orama.json') : undefined
  const schema = oramaAtomSchemaWith(vectorDims)
  const fits = (vector: number[] | undefined): vector is number[] => vector?.length === vectorDims
  const emptyContent = (vectorVersion?: string): Content => ({ db: create({ schema, components: oramaAtomComponents }), byDocument: new Map(), documentOf: new Map(), vectorVersion })
  let content = emptyContent()
  /** The content a rebuild is loading, and the writes made meanwhile. */
  let building: { log: LiveWrite[] } | undefined

  if (file) {
    mkdirSync(dir!, { recursive: true })
    const snapshot = readSnapshot(file)
    if (snapshot) {
      try {
        load(content.db, snapshot.orama)
        for (const [documentId, ids] of Object.entries(snapshot.byDocument)) {
          content.byDocument.set(documentId, new Set(ids))
          for (const id of ids) content.documentOf.set(id, documentId)
        }
        content.vectorVersion = snapshot.vectorVersion
      }
      catch {
        // Parsable but not a snapshot of this index (damaged, or from another version): start empty, like an unreadable one.
        console.warn(`[search] ignoring an index snapshot of the wrong shape ${file}`)
        content = emptyContent()
      }
    }
  }

  let saveTimer: NodeJS.Timeout | undefined
  let saving: Promise<void> = Promise.resolve()

  const persist = async () => {
    if (!file) return
    const snapshot: Snapshot = {
      version: snapshotVersion,
      orama: save(content.db),
      byDocument: Object.fromEntries([...content.byDocument].map(([documentId, ids]) => [documentId, [...ids]])),
      ...(content.vectorVersion !== undefined && { vectorVersion: content.vectorVersion }),
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

  /** The record Orama keeps: the vector only when it has the index's size and comes from the index's encoder. */
  const toRecord = (target: Content, doc: SearchDocument) => {
    if (!fits(doc.embedding)) return toOramaRecord(doc)
    target.vectorVersion ??= doc.embeddingVersion
    return { ...toOramaRecord(doc), ...(doc.embeddingVersion === target.vectorVersion && { embedding: doc.embedding }) }
  }

  const removeIds = async (target: Content, ids: string[]) => {
    const known = ids.filter(id => target.documentOf.has(id))
    if (known.length > 0) await removeMultiple(target.db, known)
    for (const id of known) {
      target.byDocument.get(target.documentOf.get(id)!)?.delete(id)
      target.documentOf.delete(id)
    }
  }

  const upsertInto = async (target: Content, batch: SearchDocument[]) => {
    // The last of repeated ids wins, as for upserts one at a time (Orama refuses a duplicate id in one insert).
    const documents = [...new Map(batch.map(doc => [doc.id, doc])).values()]
    if (documents.length === 0) return
    await removeIds(target, documents.map(doc => doc.id))
    await insertMultiple(target.db, documents.map(doc => toRecord(target, doc)))
    for (const doc of documents) {
      const ids = target.byDocument.get(doc.documentId) ?? new Set()
      ids.add(doc.id)
      target.byDocument.set(doc.documentId, ids)
      target.documentOf.set(doc.id, doc.documentId)
    }
  }

  const apply = async (target: Content, change: LiveWrite) => {
    if (change.kind === 'upsert') await upsertInto(target, change.documents)
    else if (change.kind === 'remove') await removeIds(target, change.ids)
    else {
      const ids = target.byDocument.get(change.documentId)
      if (ids) await removeIds(target, [...ids])
      target.byDocument.delete(change.documentId)
    }
  }

  /** Writes go to the content searched now; during a rebuild they are also logged, to be replayed on the new one. */
  const liveWrite = async (change: LiveWrite) => {
    building?.log.push(change)
    await apply(content, change)
    scheduleSave()
  }

  return {
    kind: 'orama',
    upsert: documents => liveWrite({ kind: 'upsert', documents }),
    remove: async (ids) => {
      if (ids.length > 0) await liveWrite({ kind: 'remove', ids })
    },
    removeDocument: documentId => liveWrite({ kind: 'removeDocument', documentId }),
    async search({ text, documentIds, filters, highlight: withHighlights, vector, vectorVersion, limit, offset }) {
      // A query of stop words alone matches nothing (Orama would answer every atom to no words).
      if (documentIds.length === 0 || !hasSearchWords(text)) return { hits: [], total: 0 }
      const common = { term: text, ...atomSearchFields, where: oramaWhere(documentIds, filters), limit, offset }
      const { db } = content
      const result = fits(vector) && vectorVersion === content.vectorVersion ? await search(db, { ...common, ...oramaHybridParams(vector) }) : await search(db, common)
      return {
        hits: result.hits.map(hit => ({
          id: hit.id,
          score: hit.score,
          ...(withHighlights ? { highlights: fieldHighlights(hit.document, text) } : {}),
        })),
        total: result.count,
      }
    },
    async nearest({ vector, vectorVersion, documentIds, minSimilarity, limit }) {
      if (documentIds.length === 0 || !fits(vector) || vectorVersion !== content.vectorVersion || limit < 1) return []
      const result = await search(content.db, {
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
      // Orama narrows to atoms with a word starting so; the shared helpers count the words themselves. A prefix
      // that is a stop word ("the" of "theory") is no word of the index: then every atom in scope is scanned.
      const result = await search(content.db, {
        term: hasSearchWords(prefix) ? prefix : '',
        properties: ['title', 'terms'],
        where: { documentId: { in: documentIds } },
        limit: suggestionScanLimit,
      })
      const wordLists = result.hits.map(hit => suggestionWords({ title: hit.document.title, terms: [hit.document.terms] }))
      return rankCompletions(countCompletions(wordLists, prefix), limit)
    },
    async count() {
      return count(content.db)
    },
    async clear() {
      content = emptyContent()
      scheduleSave()
    },
    async rebuild(batches, { vectorVersion } = {}) {
      // Loaded beside the content searched now, which answers until the new one replaces it.
      const next = emptyContent(vectorVersion)
      const build = { log: [] as LiveWrite[] }
      building = build
      try {
        for await (const batch of batches) await upsertInto(next, batch)
        // The store's copy is older than what was written meanwhile: replay it, then swap with no wait between.
        while (build.log.length > 0) for (const change of build.log.splice(0)) await apply(next, change)
        content = next
      }
      finally {
        building = undefined
      }
      scheduleSave()
    },
    async outdated(vectorVersion) {
      // A snapshot of another vector size does not load (its schema differs); one of another encoder is outdated.
      return vectorVersion !== undefined && content.vectorVersion !== undefined && content.vectorVersion !== vectorVersion
    },
    async health() {
      return { ok: true }
    },
    flush,
    async close() {
      await flush()
      content = emptyContent()
    },
  }
}

/** Enough hits to count suggestion words well; suggestions need not be exact beyond it. */
const suggestionScanLimit = 10_000

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
