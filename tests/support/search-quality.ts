import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { atomizeCollection } from '../../server/atomizer'
import { configDefaults } from '../../server/config'
import type { SearchDocument, SearchIndex } from '../../server/drivers/search/types'
import type { Embedder } from '../../server/ml/embeddings/embedder'
import { modelsRoot } from '../../server/ml/models'
import { hasMeaning } from '../../shared/utils/text-encoder'
import { loadCorpus } from './corpus'

/** One line of models/data/search-queries.jsonl: a question a learner might type, and the atoms that answer it. */
const querySchema = z.object({
  query: z.string().min(1),
  relevant: z.array(z.object({ document: z.string(), title: z.string() })).min(1),
})
export type SearchQueryCase = z.infer<typeof querySchema>

export function readSearchQueries(): SearchQueryCase[] {
  return readFileSync(join(modelsRoot(), 'data', 'search-queries.jsonl'), 'utf8').split('\n').filter(line => line.trim())
    .map(line => querySchema.parse(JSON.parse(line)))
}

/** The fixture corpus atomized one document at a time (with embeddings), as search documents; ids by document and title. */
export async function corpusSearchDocuments(embed: Embedder): Promise<{ documents: SearchDocument[], idOf: (document: string, title: string) => string | undefined }> {
  const documents: SearchDocument[] = []
  const ids = new Map<string, string>()
  for (const doc of loadCorpus()) {
    const [result] = await atomizeCollection([{ key: doc.name, format: doc.format, data: doc.data }],
      { minWords: configDefaults.atomMinWords, maxWords: configDefaults.atomMaxWords, embedAtoms: embed })
    for (const atom of result!.atoms) {
      ids.set(`${doc.name}\u001F${atom.title}`, atom.id)
      documents.push({
        id: atom.id, documentId: doc.name, title: atom.title, body: atom.text, headingTrail: atom.headingTrail,
        terms: atom.terms.map(term => term.term), type: atom.type, difficulty: atom.difficultyLabel,
        ...(atom.embedding && { embedding: atom.embedding, embeddingVersion: atom.embeddingVersion }),
      })
    }
  }
  return { documents, idOf: (document, title) => ids.get(`${document}\u001F${title}`) }
}

export type SearchMode = 'keyword' | 'vector' | 'hybrid'

/**
 * Mean recall@k of each mode over the query set, through a real index: keyword (text only), vector (the
 * nearest atoms to the query's embedding) and hybrid (text and vector together, as the search service asks).
 */
export async function recallAtK(index: SearchIndex, queries: SearchQueryCase[], embed: Embedder, idOf: (document: string, title: string) => string | undefined, documentIds: string[], k = 10): Promise<Record<SearchMode, number>> {
  const embedded = await embed(queries.map(query => query.query), { queries: true })
  const vectors = embedded?.vectors
  if (!embedded || !vectors) throw new Error('no text encoder: vector and hybrid search cannot be measured')
  const sums: Record<SearchMode, number> = { keyword: 0, vector: 0, hybrid: 0 }
  for (const [i, { query, relevant }] of queries.entries()) {
    const wanted = relevant.map(({ document, title }) => {
      const id = idOf(document, title)
      if (!id) throw new Error(`search-queries.jsonl: no atom "${title}" in ${document} (the atomizer's titles changed?)`)
      return id
    })
    const found: Record<SearchMode, string[]> = {
      keyword: (await index.search({ text: query, documentIds, limit: k, offset: 0 })).hits.map(hit => hit.id),
      vector: (await index.nearest({ vector: vectors[i]!, vectorVersion: embedded.version, documentIds, minSimilarity: -1, limit: k })).map(hit => hit.id),
      // As the search service asks: without a vector when the query has no meaning to search by.
      hybrid: (await index.search({ text: query, documentIds, ...(hasMeaning(vectors[i]!) && { vector: vectors[i]!, vectorVersion: embedded.version }), limit: k, offset: 0 })).hits.map(hit => hit.id),
    }
    for (const mode of Object.keys(sums) as SearchMode[]) {
      sums[mode] += wanted.filter(id => found[mode].includes(id)).length / wanted.length
    }
  }
  return { keyword: sums.keyword / queries.length, vector: sums.vector / queries.length, hybrid: sums.hybrid / queries.length }
}
