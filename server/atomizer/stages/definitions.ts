import type { Definition, DefinitionCandidate } from '../nlp/definitions'
import { termKey } from '../nlp/term-key'
import type { TermStats } from '../nlp/terms'
import type { Draft, PipelineRun } from './state'

/** Whether the block that gives a sentence emphasises the term: a book sets a term in bold where it defines it. */
const emphasisedWith = (draft: Draft, key: string, sentence: string) => {
  const opening = sentence.slice(0, 60)
  return draft.blocks.some(block => block.emphasis.length > 0 && block.text.includes(opening) && block.emphasis.some(phrase => termKey(phrase) === key))
}

/** Each definition the patterns found (not the glossary's), as the judge sees it, with where it stands. */
export function definitionCandidates(drafts: Draft[], termStats: Map<string, TermStats>[], keyTerms: Map<string, { score: number }>[]) {
  const candidates: DefinitionCandidate[] = []
  const places: { draft: Draft, definition: Definition, place: string }[] = []
  const seen = new Map<string, number>()
  for (const draft of drafts) {
    for (const definition of draft.definitions) {
      if (definition.kind === 'glossary') continue
      const place = `${draft.source}\n${definition.key}`
      const rank = seen.get(place) ?? 0
      seen.set(place, rank + 1)
      const sentence = draft.analysis.sentences[definition.sentence ?? 0]?.text ?? ''
      candidates.push({
        definition, sentence, sentenceCount: draft.analysis.sentences.length, emphasised: emphasisedWith(draft, definition.key, sentence),
        stats: termStats[draft.source]!.get(definition.key), keyTermScore: keyTerms[draft.source]!.get(definition.key)?.score, rank, rivals: 0,
      })
      places.push({ draft, definition, place })
    }
  }
  candidates.forEach((candidate, i) => candidate.rivals = seen.get(places[i]!.place)!)
  return candidates.map((candidate, i) => ({ candidate, draft: places[i]!.draft }))
}

/**
 * Drops the definitions the `judgeDefinitions` hook (the definitions model) rejects from each draft, once key
 * terms are chosen; without the hook every one found stays. Glossary entries are the document's own and stay.
 */
export async function judgeDefinitions(run: PipelineRun) {
  const judge = run.options.judgeDefinitions
  if (!judge) return
  const found = definitionCandidates(run.drafts, run.termStats, run.keyTerms)
  const verdicts = found.length > 0 ? await judge(found.map(({ candidate }) => candidate)) : undefined
  if (!verdicts) return
  const dropped = new Set(found.filter((_, i) => !verdicts[i]).map(({ candidate }) => candidate.definition))
  for (const draft of run.drafts) draft.definitions = draft.definitions.filter(definition => !dropped.has(definition))
}
