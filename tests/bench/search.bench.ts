/**
 * Search precision on the graded relevance set of the fixture corpus (tests/support/search-relevance.ts):
 * nDCG@10 and the share of "nothing relevant" queries answered with no results, through the real Orama
 * driver, Elasticsearch when ELASTICSEARCH_URL is set, and the browser's offline index (run here in Node on
 * the same atoms and vectors), each searched as the app searches: by keywords, and by meaning when the
 * encoder learned enough of the query.
 */
import { Client } from '@elastic/elasticsearch'
import { buildOfflineIndex } from '../../app/offline/atom-index'
import { createElasticsearchIndex } from '../../server/drivers/search/elasticsearch'
import { createOramaIndex } from '../../server/drivers/search/orama'
import type { SearchDocument, SearchIndex } from '../../server/drivers/search/types'
import { createEmbedder, type Embedder } from '../../server/ml/embeddings/embedder'
import type { AtomWithEmbedding } from '../../shared/schemas/atom'
import { hasMeaning } from '../../shared/utils/text-encoder'
import { deleteSearchIndices } from '../support/cleanup'
import { corpusSearchDocuments } from '../support/search-quality'
import { readRelevanceSet, relevanceFigures, type MeasuredSearch, type RelevanceFigures, type RelevanceKind } from '../support/search-relevance'

const pageSize = 10
const targets = { ndcg: 0.7, noResults: 0.9 }

/** The query's vector as the search service makes it: none when the encoder learned too little of the query. */
async function queryVector(embed: Embedder, text: string) {
  const embedded = await embed([text], { queries: true })
  const vector = embedded?.vectors[0]
  return embedded && vector && hasMeaning(vector) ? { vector, vectorVersion: embedded.version } : undefined
}

const throughIndex = (index: SearchIndex, embed: Embedder, documentIds: string[]) => async (text: string): Promise<MeasuredSearch> => {
  const { hits, total } = await index.search({ text, documentIds, ...await queryVector(embed, text), limit: pageSize, offset: 0 })
  return { ids: hits.map(hit => hit.id), total }
}

/** The device's copy of an atom, as far as its offline index reads it. */
const deviceAtom = (doc: SearchDocument) => ({
  id: doc.id, documentId: doc.documentId, title: doc.title, text: doc.body, headingTrail: doc.headingTrail,
  terms: (doc.terms ?? []).map(term => ({ term })), type: doc.type, difficultyLabel: doc.difficulty,
  embedding: doc.embedding, embeddingVersion: doc.embeddingVersion,
}) as unknown as AtomWithEmbedding

async function offlineSearch(documents: SearchDocument[], embed: Embedder) {
  const version = documents.find(doc => doc.embeddingVersion)?.embeddingVersion
  const dims = documents.find(doc => doc.embedding)?.embedding?.length
  const encoder = version && dims
    ? { version, dims, embedQuery: async (text: string) => (await queryVector(embed, text))?.vector }
    : undefined
  const search = await buildOfflineIndex(documents.map(deviceAtom), encoder)
  return async (text: string): Promise<MeasuredSearch> => {
    const { items, total } = await search(text, { limit: pageSize, offset: 0 })
    return { ids: items.map(item => item.atom.id), total }
  }
}

const percent = (value: number | undefined) => (value === undefined ? '—' : `${(value * 100).toFixed(1)} %`)
const kinds: RelevanceKind[] = ['paraphrase', 'keyword', 'stop words', 'accents']

function printRow(name: string, figures: RelevanceFigures) {
  const byKind = kinds.map(kind => percent(figures.ndcgByKind[kind]).padStart(10)).join(' | ')
  console.log(`| ${name.padEnd(13)} | ${percent(figures.ndcg).padStart(7)} | ${byKind} | ${percent(figures.noResults).padStart(10)} | ${figures.meanTotal.toFixed(1).padStart(10)} |`)
}

const embed = createEmbedder({ mlBackend: 'auto', embeddingsModel: undefined, embeddingsDims: 64 })
const { documents, idOf } = await corpusSearchDocuments(embed)
const cases = readRelevanceSet()
const documentIds = [...new Set(documents.map(doc => doc.documentId))]
const count = (kind: RelevanceKind) => cases.filter(entry => entry.kind === kind).length

console.log(`\nSearch precision on ${cases.length} queries over the ${documents.length} atoms of the fixture corpus: ${kinds.map(kind => `${count(kind)} ${kind}`).join(', ')}, ${count('nothing')} with nothing relevant.`)
console.log(`nDCG@10 (gain 2^grade − 1) over the queries with relevant atoms, and the share of "nothing relevant" queries answered with no results.\n`)
console.log(`| index         | nDCG@10 | ${kinds.map(kind => kind.padStart(10)).join(' | ')} | no results | mean count |`)
console.log(`|---------------|--------:|${kinds.map(() => '-----------:').join('|')}|-----------:|-----------:|`)

/** Each index with what removes it afterwards: the Elasticsearch cluster is shared, and keeps nothing of the bench. */
const indices: [string, () => { index: SearchIndex, drop: () => Promise<void> }][] = [['orama', () => {
  const index = createOramaIndex()
  return { index, drop: () => index.close() }
}]]
if (process.env.ELASTICSEARCH_URL) {
  indices.push(['elasticsearch', () => {
    const client = new Client({ node: process.env.ELASTICSEARCH_URL! })
    const alias = `bench-search-${Date.now()}`
    const index = createElasticsearchIndex({ client, alias, refresh: true })
    return { index, drop: async () => {
      await index.close()
      await deleteSearchIndices(client, alias)
      await client.close()
    } }
  }])
}
const results: [string, RelevanceFigures][] = []
for (const [name, create] of indices) {
  const { index, drop } = create()
  try {
    await index.upsert(documents)
    await index.flush()
    results.push([name, await relevanceFigures(cases, idOf, throughIndex(index, embed, documentIds))])
  }
  finally {
    await drop()
  }
}
results.push(['offline', await relevanceFigures(cases, idOf, await offlineSearch(documents, embed))])
for (const [name, figures] of results) printRow(name, figures)

const met = results.every(([, figures]) => figures.ndcg >= targets.ndcg && figures.noResults >= targets.noResults)
console.log(`\ntarget: nDCG@10 ≥ ${percent(targets.ndcg)} and no results for ≥ ${percent(targets.noResults)} of "nothing relevant" queries on every index → ${met ? 'met' : 'NOT met'}`)
if (!process.env.ELASTICSEARCH_URL) console.log('(Elasticsearch left out: set ELASTICSEARCH_URL, or start the services with `npm run services:start` and source .env.services)')
