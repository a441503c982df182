import { Client, errors } from '@elastic/elasticsearch'
import { BulkIndexError, bulkWrite, defaultBulkTuning, type BulkTuning } from './elasticsearch-bulk'
import { embeddingVersionMapping, mappingVersion, mappingVersionOf, putIndexTemplate, resolveTextAnalysis, shownMapping, versionName, versionOf, versionPattern } from './elasticsearch-mapping'
import { completionsOf, cosineOfScore, nearestBody, searchBody, suggestBody, toHit, toSource } from './elasticsearch-query'
import { hasSearchWords } from '../../../shared/utils/search-words'
import { lastWord } from './suggestions'
import type { SearchDocument, SearchIndex } from './types'
import { WriteBarrier } from './write-barrier'

type Refresh = 'wait_for' | boolean

export interface ElasticsearchIndexOptions {
  /** Where the cluster answers; or pass a `client`, which `close()` then leaves open. */
  url?: string
  client?: Client
  /** The name searched and written; the data lives in versioned indices `<alias>-v<n>` behind it. */
  alias: string
  /** Analyzer of the text fields (see `resolveTextAnalysis`); `standard`, with a warning, when the cluster lacks it. */
  analyzer?: string
  /** Size of the atoms' `embedding` vectors (the text encoder's); vectors of another size are not indexed. */
  vectorDims?: number
  /**
   * When writes become searchable: `wait_for` (each write waits for the next refresh), `true` (each write
   * refreshes at once) or `false` (at the next periodic refresh, within a second, or at `flush()`).
   */
  refresh?: Refresh
  bulk?: Partial<BulkTuning>
}

/** A write that arrived while a rebuild was loading: replayed on the new index, in order, before the swap. */
type LiveWrite
  = | { kind: 'upsert', documents: SearchDocument[] }
    | { kind: 'remove', ids: string[] }
    | { kind: 'removeDocument', documentId: string }

interface Build {
  index: string
  log: LiveWrite[]
}

/** Atoms in Elasticsearch, behind an alias that a rebuild swaps atomically to a freshly loaded index. */
export function createElasticsearchIndex(options: ElasticsearchIndexOptions): SearchIndex {
  const { alias, analyzer = 'standard', vectorDims = 64, refresh = 'wait_for' } = options
  if (!options.client && !options.url) throw new Error('createElasticsearchIndex needs a url or a client')
  const client = options.client ?? new Client({ node: options.url! })
  const tuning: BulkTuning = { ...defaultBulkTuning, ...options.bulk }

  let building: Build | undefined
  const barrier = new WriteBarrier()
  let rebuilding: Promise<void> = Promise.resolve()
  let starting: Promise<void> | undefined

  const versions = async () => {
    const indices = await client.indices.get({
      index: versionPattern(alias), features: ['aliases'], allow_no_indices: true, ignore_unavailable: true,
    })
    return Object.entries(indices).flatMap(([index, state]) => {
      const version = versionOf(alias, index)
      return version === undefined ? [] : [{ index, version, aliased: alias in (state.aliases ?? {}) }]
    })
  }

  const deleteIndices = async (indices: string[]) => {
    if (indices.length > 0) await client.indices.delete({ index: indices, ignore_unavailable: true })
  }

  /** The template (always, so mapping changes reach the next version), then an index behind the alias if none is. */
  /**
   * The vector size of the index behind the alias: an index made before the encoder changed (or before
   * embeddings) may hold another. Until a rebuild replaces it, its atoms are written without vectors and
   * searched by keywords alone, rather than refused.
   */
  let servedDims = vectorDims
  /** The mapping version of the index behind the alias: an older one is outdated until a rebuild replaces it. */
  let servedMapping = mappingVersion
  const dimsOf = (index: string) => (building && index === building.index ? vectorDims : servedDims)

  const start = async () => {
    await putIndexTemplate(client, alias, { ...await resolveTextAnalysis(client, analyzer), vectorDims })
    const existing = await versions()
    const served = existing.find(version => version.aliased)
    if (served) {
      // Adding a field is allowed on a live index: one made before these fields gets them here, so writes succeed until a rebuild.
      await client.indices.putMapping({ index: served.index, properties: { ...embeddingVersionMapping, ...shownMapping } })
      servedDims = await embeddingDims(served.index)
      servedMapping = mappingVersionOf(Object.values(await client.indices.getMapping({ index: served.index }))[0]?.mappings)
      if (servedMapping < mappingVersion) console.warn(`[search] the index ${served.index} was made by an older version of this driver: it is outdated until it is rebuilt`)
      if (servedDims !== vectorDims) console.warn(`[search] the index ${served.index} holds ${servedDims}-dimensional vectors, not ${vectorDims}: keyword search only until it is rebuilt`)
      return
    }
    if (await client.indices.exists({ index: alias })) {
      throw new Error(`Elasticsearch already has an index or alias "${alias}" that is not a version of this search index`)
    }
    // A start that stopped before adding the alias left an index: serve the newest. Otherwise the first version.
    const newest = existing.sort((a, b) => b.version - a.version)[0]?.index
    const index = newest ?? versionName(alias, 1)
    if (newest) {
      // It may be a rebuild's index, created not to refresh: searches must see writes.
      await client.indices.putSettings({ index, settings: { index: { refresh_interval: null as unknown as string } } })
    }
    else {
      await createIndex(index)
    }
    await client.indices.updateAliases({ actions: [{ add: { index, alias } }] })
  }

  /** Creates an index; false when it exists already (another process made it first). */
  const createIndex = async (index: string, settings: Record<string, unknown> = {}) => {
    try {
      await client.indices.create({ index, settings })
      return true
    }
    catch (error) {
      if (error instanceof errors.ResponseError && error.body?.error?.type === 'resource_already_exists_exception') return false
      throw error
    }
  }

  const ready = () => {
    starting ??= start().catch((error) => {
      starting = undefined
      throw error
    })
    return starting
  }

  const embeddingDims = async (index: string) => {
    const mappings = await client.indices.getMapping({ index })
    const field = Object.values(mappings)[0]?.mappings.properties?.embedding as { dims?: number } | undefined
    return field?.dims ?? 0
  }

  const write = (index: string, documents: SearchDocument[], refreshPolicy?: Refresh) =>
    bulkWrite(client, tuning, {
      items: documents,
      toAction: doc => [{ index: { _index: index, _id: doc.id } }, toSource(doc, index === alias ? servedDims : dimsOf(index))],
      refresh: refreshPolicy,
    })

  const deleteIds = (index: string, ids: string[], refreshPolicy?: Refresh) =>
    ids.length === 0
      ? Promise.resolve()
      : bulkWrite(client, tuning, {
          items: ids,
          toAction: id => ({ delete: { _index: index, _id: id } }),
          refresh: refreshPolicy,
          tolerate: (status, operation) => operation === 'delete' && status === 404,
        })

  /** Ids of a document's atoms, a page at a time in id order (this cluster may lack delete-by-query). */
  const idsOfDocument = async (index: string, documentId: string) => {
    const ids: string[] = []
    const pageSize = 1000
    let after: (string | number)[] | undefined
    for (;;) {
      const page = await client.search({
        index, size: pageSize, _source: false, query: { term: { documentId } }, sort: [{ id: 'asc' }],
        ...(after ? { search_after: after } : {}),
      })
      ids.push(...page.hits.hits.map(hit => hit._id!))
      if (page.hits.hits.length < pageSize) return ids
      after = page.hits.hits.at(-1)!.sort as (string | number)[]
    }
  }

  const apply = async (index: string, change: LiveWrite, refreshPolicy?: Refresh) => {
    if (change.kind === 'upsert') await write(index, change.documents, refreshPolicy)
    else if (change.kind === 'remove') await deleteIds(index, change.ids, refreshPolicy)
    else await deleteIds(index, await idsOfDocument(index, change.documentId), refreshPolicy)
  }

  /** Every write goes to the alias; during a rebuild it is also logged, to be replayed on the new index. */
  const liveWrite = (change: LiveWrite) => barrier.write(async () => {
    await ready()
    building?.log.push(change)
    await apply(alias, change, refresh)
  })

  const replay = async (build: Build) => {
    while (build.log.length > 0) {
      for (const change of build.log.splice(0)) {
        // Finding a document's atoms is a search: it sees what was loaded only after a refresh.
        if (change.kind === 'removeDocument') await client.indices.refresh({ index: build.index })
        try {
          await apply(build.index, change)
        }
        catch (error) {
          // Documents the cluster refused were reported to the live write's caller; the rest of it stands.
          if (!(error instanceof BulkIndexError)) throw error
        }
      }
    }
  }

  /** The next version's index, empty and not refreshing while it loads; past any another process just made. */
  const createNextVersion = async (newest: number) => {
    for (let version = newest + 1; version <= newest + 5; version++) {
      const index = versionName(alias, version)
      if (await createIndex(index, { refresh_interval: '-1' })) return { index, version }
    }
    throw new Error(`could not create a new version of the search index ${alias}: versions up to ${newest + 5} exist`)
  }

  const rebuildNow = async (batches: AsyncIterable<SearchDocument[]>) => {
    await ready()
    const { index: next, version: nextVersion } = await createNextVersion(Math.max(0, ...(await versions()).map(version => version.version)))
    const build: Build = { index: next, log: [] }
    building = build
    let replaced: string[] = []
    let stale: string[] = []
    try {
      await bulkWrite(client, tuning, {
        items: flatten(batches),
        toAction: doc => [{ index: { _index: next, _id: doc.id } }, toSource(doc, vectorDims)],
      })
      // The store's copy is older than what was written meanwhile: catch up while writes go on, ...
      await replay(build)
      // null restores the default (the client's types do not say so).
      await client.indices.putSettings({ index: next, settings: { index: { refresh_interval: null as unknown as string } } })
      // ... then hold writes for the last few and the swap, so none lands in the old index unreplayed.
      await barrier.exclusive(async () => {
        await replay(build)
        await client.indices.refresh({ index: next })
        // Read again just before the swap: another process may have swapped meanwhile.
        const existing = await versions()
        replaced = existing.filter(version => version.aliased).map(version => version.index)
        // Also older versions no alias serves: left by rebuilds that never finished.
        stale = existing.filter(version => !version.aliased && version.version < nextVersion).map(version => version.index)
        // One request: searches see the old index, then the new one, never neither.
        await client.indices.updateAliases({
          actions: [...replaced.map(index => ({ remove: { index, alias, must_exist: false } })), { add: { index: next, alias } }],
        })
        building = undefined
        servedDims = vectorDims
        servedMapping = mappingVersion
      })
    }
    catch (error) {
      building = undefined
      await deleteIndices([next]).catch(() => {})
      throw error
    }
    await deleteIndices([...replaced, ...stale])
  }

  const rebuild = (batches: AsyncIterable<SearchDocument[]>) => {
    const run = rebuilding.then(() => rebuildNow(batches))
    rebuilding = run.catch(() => {})
    return run
  }

  return {
    kind: 'elasticsearch',
    async upsert(batch) {
      // The last of repeated ids wins, as for upserts one at a time.
      const documents = [...new Map(batch.map(doc => [doc.id, doc])).values()]
      if (documents.length > 0) await liveWrite({ kind: 'upsert', documents })
    },
    async remove(ids) {
      if (ids.length > 0) await liveWrite({ kind: 'remove', ids })
    },
    async removeDocument(documentId) {
      await liveWrite({ kind: 'removeDocument', documentId })
    },
    async search(request) {
      // A query of stop words alone matches nothing.
      if (request.documentIds.length === 0 || !hasSearchWords(request.text)) return { hits: [], total: 0 }
      await ready()
      const response = await client.search({ index: alias, ...searchBody(request, servedDims) })
      const total = response.hits.total
      return {
        hits: response.hits.hits.map(hit => toHit(hit, request.text, request.highlight)),
        total: typeof total === 'number' ? total : total?.value ?? 0,
      }
    },
    async nearest(request) {
      if (request.documentIds.length === 0 || request.limit < 1) return []
      await ready()
      if (request.vector.length !== servedDims) return []
      const response = await client.search({ index: alias, ...nearestBody(request) })
      return response.hits.hits.map(hit => ({ id: hit._id!, score: cosineOfScore(hit._score ?? 0) }))
    },
    async suggest(text, documentIds, limit) {
      const prefix = lastWord(text)
      if (!prefix || documentIds.length === 0 || limit < 1) return []
      await ready()
      return completionsOf(await client.search({ index: alias, ...suggestBody(prefix, documentIds, limit) }))
    },
    async count() {
      await ready()
      return (await client.count({ index: alias })).count
    },
    async clear() {
      await rebuild(noBatches())
    },
    rebuild,
    async outdated() {
      await ready()
      return servedDims !== vectorDims || servedMapping < mappingVersion
    },
    async health() {
      // Short and without retries: a health check must answer quickly, above all when the cluster does not.
      const quick = { requestTimeout: 5000, maxRetries: 0 }
      try {
        await client.cluster.health({}, quick)
        await ready()
        const health = await client.cluster.health({ index: alias }, quick)
        return { ok: health.status !== 'red', detail: `index ${alias} is ${health.status}` }
      }
      catch (error) {
        return { ok: false, detail: error instanceof Error ? error.message : String(error) }
      }
    },
    async flush() {
      // Nothing is buffered here (Elasticsearch acknowledges a write once it is in its translog), but
      // writes made without a refresh become searchable now.
      if (refresh === false) await client.indices.refresh({ index: alias })
    },
    async close() {
      await rebuilding
      if (!options.client) await client.close()
    },
  }
}

async function* noBatches(): AsyncGenerator<SearchDocument[]> {}

async function* flatten(batches: AsyncIterable<SearchDocument[]>): AsyncGenerator<SearchDocument> {
  for await (const batch of batches) yield* batch
}
