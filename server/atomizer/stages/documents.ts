import { glossaryOf } from '../glossary'
import { readingOrder } from '../link/prerequisites'
import type { PipelineRun } from './state'

/** The result, one document per source: its atoms, a reading order with prerequisites first, key terms and glossary. */
export function assembleDocuments(run: PipelineRun) {
  const { atoms, drafts } = run
  run.documents = run.sources.map((source, index) => {
    const own = atoms.filter((_, i) => drafts[i]!.source === index)
    const positions = new Map(own.map((atom, i) => [atom.id, i]))
    const order = readingOrder(own.map(atom => atom.prerequisites.flatMap(id => positions.get(id) ?? [])))
    const rankedTerms = [...run.keyTerms[index]!].map(([key, term]) => ({ term: term.display, key, score: term.score }))
    // A document's own glossary says what its terms mean, before any sentence of its text.
    const glossaryMeanings = new Map(drafts.flatMap(draft => (draft.source === index ? draft.definitions.filter(d => d.kind === 'glossary').map(d => [d.key, d.meaning] as const) : [])))
    return {
      key: source.key, title: run.titles[index]!, atoms: own, keyTerms: rankedTerms.map(term => term.term), rankedTerms,
      glossary: glossaryOf(own, rankedTerms.map(term => ({ ...term, definition: glossaryMeanings.get(term.key) }))), readingOrder: order.map(i => own[i]!.id),
    }
  })
}
