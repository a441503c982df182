import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { modelsRoot } from '../../server/ml/models'
import { readSearchQueries } from './search-quality'

/**
 * The graded relevance set of the fixture corpus: models/data/search-relevance.jsonl (keyword, stop-word,
 * accent and "nothing relevant" queries, each atom graded 0–3) and the 60 paraphrase questions of
 * search-queries.jsonl, whose answering atoms count as grade 3.
 */
const judgementSchema = z.object({ document: z.string(), title: z.string(), grade: z.number().int().min(1).max(3) })
const relevanceCaseSchema = z.object({
  query: z.string().min(1),
  /** What the query tests: "nothing" queries have no relevant atom and should answer no results. */
  kind: z.enum(['paraphrase', 'keyword', 'stop words', 'accents', 'nothing']),
  judgements: z.array(judgementSchema).default([]),
}).refine(({ kind, judgements }) => (kind === 'nothing') === (judgements.length === 0), 'only "nothing" queries have no judgements')
export type RelevanceCase = z.infer<typeof relevanceCaseSchema>
export type RelevanceKind = RelevanceCase['kind']

export function readRelevanceSet(): RelevanceCase[] {
  const graded = readFileSync(join(modelsRoot(), 'data', 'search-relevance.jsonl'), 'utf8').split('\n').filter(line => line.trim())
    .map(line => relevanceCaseSchema.parse(JSON.parse(line)))
  const paraphrases = readSearchQueries().map(({ query, relevant }): RelevanceCase => ({
    query, kind: 'paraphrase', judgements: relevant.map(atom => ({ ...atom, grade: 3 })),
  }))
  return [...paraphrases, ...graded]
}

/** Discounted cumulative gain of graded results, gain 2^grade − 1, in rank order. */
const dcg = (grades: number[]) => grades.reduce((sum, grade, rank) => sum + (2 ** grade - 1) / Math.log2(rank + 2), 0)

/** nDCG@k of a ranked list of atom ids against graded judgements (ids to grades). */
export function ndcgAt(k: number, ranked: string[], grades: ReadonlyMap<string, number>): number {
  const ideal = dcg([...grades.values()].sort((a, b) => b - a).slice(0, k))
  return ideal === 0 ? 0 : dcg(ranked.slice(0, k).map(id => grades.get(id) ?? 0)) / ideal
}

/** One search as measured: the ids of the first page, best first, and the count the search reports. */
export interface MeasuredSearch {
  ids: string[]
  total: number
}

export interface RelevanceFigures {
  /** Mean nDCG@10 over the queries with relevant atoms, and per kind. */
  ndcg: number
  ndcgByKind: Partial<Record<RelevanceKind, number>>
  /** Share of "nothing relevant" queries answered with no results. */
  noResults: number
  /** Mean count reported for the queries with relevant atoms (what the page says "N results" of). */
  meanTotal: number
}

const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length)

/** Runs every query of the set through `search` (ids resolved by document and title with `idOf`) and scores it. */
export async function relevanceFigures(cases: RelevanceCase[], idOf: (document: string, title: string) => string | undefined, search: (query: string) => Promise<MeasuredSearch>, k = 10): Promise<RelevanceFigures> {
  const scores = new Map<RelevanceKind, number[]>()
  const totals: number[] = []
  let emptyAnswers = 0
  let nothingQueries = 0
  for (const { query, kind, judgements } of cases) {
    const result = await search(query)
    if (kind === 'nothing') {
      nothingQueries++
      if (result.total === 0) emptyAnswers++
      continue
    }
    const grades = new Map(judgements.map(({ document, title, grade }) => {
      const id = idOf(document, title)
      if (!id) throw new Error(`search-relevance: no atom "${title}" in ${document} (the atomizer's titles changed?)`)
      return [id, grade]
    }))
    scores.set(kind, [...scores.get(kind) ?? [], ndcgAt(k, result.ids, grades)])
    totals.push(result.total)
  }
  return {
    ndcg: mean([...scores.values()].flat()),
    ndcgByKind: Object.fromEntries([...scores].map(([kind, values]) => [kind, mean(values)])),
    noResults: nothingQueries === 0 ? 1 : emptyAnswers / nothingQueries,
    meanTotal: mean(totals),
  }
}
