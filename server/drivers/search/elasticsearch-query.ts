import type { estypes } from '@elastic/elasticsearch'
import { z } from 'zod'
import { fieldHighlights } from '../../../shared/utils/highlight'
import { foldForSearch, searchWords } from '../../../shared/utils/search-words'
import { textFields } from './elasticsearch-mapping'
import { suggestionWords } from './suggestions'
import { hybridSearch, type NearestRequest, type SearchDocument, type SearchFilters, type SearchHit, type SearchRequest } from './types'

/** A typical best BM25 score of a query here: dividing by it brings the keyword part near the kNN part's 0..1. */
const textScale = 10

/** Enough words of a query to match each as a prefix; the rest still count in the full-text match. */
const maxPrefixWords = 16

/**
 * The stored form of an atom. The searched fields hold the text folded (the driver folds rather than rely on
 * the cluster's `asciifolding`, which some builds lack); `shown` keeps the title and body as written, for highlights.
 */
export function toSource(doc: SearchDocument, vectorDims?: number): Record<string, unknown> {
  return {
    id: doc.id,
    documentId: doc.documentId,
    title: foldForSearch(doc.title),
    body: foldForSearch(doc.body),
    headingTrail: doc.headingTrail.map(foldForSearch),
    terms: (doc.terms ?? []).map(foldForSearch),
    shown: { title: doc.title, body: doc.body },
    words: suggestionWords(doc),
    ...(doc.type === undefined ? {} : { type: doc.type }),
    ...(doc.difficulty === undefined ? {} : { difficulty: doc.difficulty }),
    ...(doc.embedding?.length === vectorDims ? { embedding: doc.embedding, ...(doc.embeddingVersion && { embeddingVersion: doc.embeddingVersion }) } : {}),
  }
}

/** Only atoms whose vectors the same encoder made are compared with a query vector. */
const sameEncoder = (vectorVersion: string | undefined): estypes.QueryDslQueryContainer[] =>
  vectorVersion === undefined ? [] : [{ term: { embeddingVersion: vectorVersion } }]

export function scopeFilters(documentIds: string[], filters: SearchFilters = {}): estypes.QueryDslQueryContainer[] {
  return [
    { terms: { documentId: documentIds } },
    ...(filters.type?.length ? [{ terms: { type: filters.type } }] : []),
    ...(filters.difficulty?.length ? [{ terms: { difficulty: filters.difficulty } }] : []),
  ]
}

/**
 * Ranked by BM25 over the weighted fields, with every word of the query also matching as a word start; with
 * a query vector, plus a kNN match on the embeddings (hybrid). Elasticsearch adds the two scores; RRF would
 * need a paid licence, so each part is weighed here: BM25 by `1 / textScale` (a typical best score here)
 * and the kNN score ((1 + cosine) / 2) stretched so that `hybridSearch.minSimilarity` scores 0.
 */
export function searchBody({ text, documentIds, filters, highlight, vector, vectorVersion, limit, offset }: SearchRequest, vectorDims?: number): estypes.SearchRequest {
  // The words the embedded index matches on: folded, without stop words (a query of these alone is not sent).
  const words = searchWords(text)
  const withVector = vector !== undefined && vector.length === vectorDims
  return {
    query: {
      bool: {
        filter: scopeFilters(documentIds, filters),
        should: [
          { multi_match: { query: words.join(' '), fields: textFields, type: 'best_fields', tie_breaker: 0.3 } },
          ...words.slice(0, maxPrefixWords).map(word => ({ multi_match: { query: word, fields: textFields, type: 'bool_prefix' as const } })),
        ],
        minimum_should_match: 1,
        ...(withVector ? { boost: hybridSearch.textWeight / textScale } : {}),
      },
    },
    ...(withVector
      ? {
          knn: {
            field: 'embedding',
            query_vector: vector,
            k: hybridSearch.vectorCandidates,
            num_candidates: hybridSearch.vectorCandidates * 2,
            similarity: hybridSearch.minSimilarity,
            filter: [...scopeFilters(documentIds, filters), ...sameEncoder(vectorVersion)],
            boost: hybridSearch.vectorWeight,
          },
        }
      : {}),
    // The id breaks ties, so pages of equal scores neither repeat nor skip hits.
    sort: ['_score', { id: 'asc' }],
    track_total_hits: true,
    // Highlights are made from the text as written by the shared helper, as every index and the offline one make them.
    _source: highlight ? ['shown'] : false,
    from: offset,
    size: limit,
  }
}

/** What a hit's source holds when highlights were asked for; an atom written before `shown` existed has none to mark. */
const shownSource = z.object({ shown: z.object({ title: z.string(), body: z.string() }) })
const shownText = (source: unknown) => shownSource.safeParse(source).data?.shown ?? { title: '', body: '' }

export function toHit(hit: estypes.SearchHit<unknown>, query: string, withHighlights: boolean | undefined): SearchHit {
  const result: SearchHit = { id: hit._id!, score: hit._score ?? 0 }
  if (withHighlights) result.highlights = fieldHighlights(shownText(hit._source), query)
  return result
}

/** The atoms nearest to a vector among the documents: kNN with a similarity floor, scored by cosine. */
export function nearestBody({ vector, vectorVersion, documentIds, minSimilarity, limit }: NearestRequest): estypes.SearchRequest {
  return {
    knn: {
      field: 'embedding', query_vector: vector, k: limit, num_candidates: Math.max(limit * 4, 50), similarity: minSimilarity,
      filter: [...scopeFilters(documentIds), ...sameEncoder(vectorVersion)],
    },
    size: limit,
    _source: false,
  }
}

/** Elasticsearch scores a cosine kNN match (1 + cosine) / 2; the cosine back. */
export const cosineOfScore = (score: number) => Math.round((score * 2 - 1) * 1e6) / 1e6

/** Words of the atoms in scope that start with `prefix`, counted per atom, most frequent first. */
export function suggestBody(prefix: string, documentIds: string[], limit: number): estypes.SearchRequest {
  return {
    size: 0,
    query: { bool: { filter: [...scopeFilters(documentIds), { prefix: { words: prefix } }] } },
    aggs: {
      completions: {
        terms: {
          field: 'words',
          // Lucene regular expression: the prefix, escaped, then at least one more character.
          include: `${prefix.replace(/[^\p{L}\p{N}]/gu, char => `\\${char}`)}.+`,
          size: limit,
          order: [{ _count: 'desc' }, { _key: 'asc' }],
        },
      },
    },
  }
}

export function completionsOf(response: estypes.SearchResponse): string[] {
  const aggregation = response.aggregations?.completions as estypes.AggregationsStringTermsAggregate | undefined
  const buckets = aggregation?.buckets
  return Array.isArray(buckets) ? buckets.map(bucket => String(bucket.key)) : []
}
