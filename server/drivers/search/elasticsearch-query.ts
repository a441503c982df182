import type { estypes } from '@elastic/elasticsearch'
import { textFields } from './elasticsearch-mapping'
import { suggestionWords } from './suggestions'
import type { SearchDocument, SearchFilters, SearchHighlights, SearchHit, SearchRequest } from './types'

/** Enough words of a query to match each as a prefix; the rest still count in the full-text match. */
const maxPrefixWords = 16

/** The stored form of an atom. */
export function toSource(doc: SearchDocument): Record<string, unknown> {
  return {
    id: doc.id,
    documentId: doc.documentId,
    title: doc.title,
    body: doc.body,
    headingTrail: doc.headingTrail,
    terms: doc.terms ?? [],
    words: suggestionWords(doc),
    ...(doc.type === undefined ? {} : { type: doc.type }),
    ...(doc.difficulty === undefined ? {} : { difficulty: doc.difficulty }),
    ...(doc.embedding === undefined ? {} : { embedding: doc.embedding }),
  }
}

export function scopeFilters(documentIds: string[], filters: SearchFilters = {}): estypes.QueryDslQueryContainer[] {
  return [
    { terms: { documentId: documentIds } },
    ...(filters.type?.length ? [{ terms: { type: filters.type } }] : []),
    ...(filters.difficulty?.length ? [{ terms: { difficulty: filters.difficulty } }] : []),
  ]
}

/** Ranked by BM25 over the weighted fields, with every word of the query also matching as a word start. */
export function searchBody({ text, documentIds, filters, highlight, limit, offset }: SearchRequest): estypes.SearchRequest {
  // One-letter prefixes would expand to most of the vocabulary; they still count in the full-text match.
  const words = (text.match(/[\p{L}\p{N}]+/gu) ?? []).filter(word => word.length > 1).slice(0, maxPrefixWords)
  return {
    query: {
      bool: {
        filter: scopeFilters(documentIds, filters),
        should: [
          { multi_match: { query: text, fields: textFields, type: 'best_fields', tie_breaker: 0.3 } },
          ...words.map(word => ({ multi_match: { query: word, fields: textFields, type: 'bool_prefix' as const } })),
        ],
        minimum_should_match: 1,
      },
    },
    // The id breaks ties, so pages of equal scores neither repeat nor skip hits.
    sort: ['_score', { id: 'asc' }],
    track_total_hits: true,
    _source: false,
    from: offset,
    size: limit,
    ...(highlight ? { highlight: highlightRequest } : {}),
  }
}

const highlightRequest: estypes.SearchHighlight = {
  // Escapes the text, then adds the tags: only <mark> is markup.
  encoder: 'html',
  pre_tags: ['<mark>'],
  post_tags: ['</mark>'],
  require_field_match: true,
  fields: {
    title: { number_of_fragments: 0 },
    body: { fragment_size: 160, number_of_fragments: 2 },
  },
}

export function toHit(hit: estypes.SearchHit<unknown>, withHighlights: boolean | undefined): SearchHit {
  const result: SearchHit = { id: hit._id!, score: hit._score ?? 0 }
  if (withHighlights) {
    const title = hit.highlight?.title?.[0]
    const highlights: SearchHighlights = { ...(title ? { title } : {}), body: hit.highlight?.body ?? [] }
    result.highlights = highlights
  }
  return result
}

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
