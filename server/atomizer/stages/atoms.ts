import { cardWorthy } from '../cards'
import type { EngineAtom } from '../engine'
import { classifyAtom } from '../nlp/classify'
import { difficultyOf, readingSeconds } from '../nlp/difficulty'
import type { Segment } from '../segment'
import type { PipelineRun } from './state'

/**
 * An atom from every draft: its key terms (those it defines first) and definitions, title, text, reading
 * time and source span, with the rules' type and the text's difficulty for later stages to refine. Ids come next.
 */
export function draftAtoms(run: PipelineRun) {
  const { drafts } = run
  const usedTitles = run.sources.map(() => new Set<string>())
  run.atoms = drafts.map((draft, index): EngineAtom => {
    const keyTerms = run.keyTerms[draft.source]!
    const seen = new Set<string>()
    const definitions = draft.definitions.filter(definition => (keyTerms.has(definition.key) || definition.kind === 'glossary')
      && !seen.has(definition.key) && seen.add(definition.key))
    const defines = new Set(definitions.map(definition => definition.key))
    const terms = [...draft.keys]
      .filter(([key]) => keyTerms.has(key))
      .sort((a, b) => Number(defines.has(b[0])) - Number(defines.has(a[0])) || b[1] * keyTerms.get(b[0])!.score - a[1] * keyTerms.get(a[0])!.score)
      .slice(0, 12)
      .map(([key]) => ({ term: keyTerms.get(key)!.display, key }))
    const first = index === 0 || drafts[index - 1]!.source !== draft.source
    const title = titleOf(draft.segment, terms.map(term => term.term), run.titles[draft.source]!, first, usedTitles[draft.source]!)
    const text = draft.blocks.map(block => block.text).join('\n\n')
    const difficulty = difficultyOf(draft.analysis, terms.length)
    const slowBlocks = draft.blocks.filter(block => ['table', 'code', 'figure', 'math'].includes(block.kind)).length
    const pages = draft.blocks.map(block => block.page).filter((page): page is number => page !== undefined)
    const typeInput = { title, trail: draft.segment.trail, blocks: draft.blocks, analysis: draft.analysis, definesKeyTerm: definitions.length > 0, definitionCount: definitions.length }
    run.typeInputs.push(typeInput)
    return {
      id: '',
      order: 0,
      title,
      type: classifyAtom(typeInput),
      body: draft.blocks.map(block => block.markdown).join('\n\n'),
      text,
      headingTrail: draft.segment.trail,
      wordCount: draft.segment.words,
      readingTimeSec: readingSeconds(draft.segment.words, slowBlocks),
      difficulty: difficulty.score,
      difficultyLabel: difficulty.label,
      terms,
      definitions: definitions.map(({ term, meaning }) => ({ term, meaning })),
      prerequisites: [],
      related: [],
      cards: [],
      source: { start: draft.blocks[0]!.start, end: draft.blocks.at(-1)!.end, ...(pages.length > 0 && { page: pages[0] }) },
    }
  })
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1)

/**
 * An atom's title: its heading, or, for one of several parts under a heading, the heading and the key term
 * the part is most about (a term it defines first); without a heading, its main key terms. Titles are unique
 * within a document (`used`), and never name a figure or table label.
 */
function titleOf(segmentOfSource: Segment, terms: string[], documentTitle: string, first: boolean, used: Set<string>): string {
  const heading = segmentOfSource.trail.at(-1)
  const focus = terms.filter(term => cardWorthy(term, true) && !heading?.toLowerCase().includes(term.toLowerCase()))
  const candidates: string[] = []
  if (!heading) {
    if (first) candidates.push(documentTitle)
    candidates.push(...focus.slice(0, 2).map((term, i) => capitalise(i === 0 && focus[1] ? `${term} and ${focus[1]}` : term)), ...focus.map(capitalise))
    if (candidates.length === 0) candidates.push('Untitled')
  }
  else {
    if (segmentOfSource.parts === 1) candidates.push(heading)
    candidates.push(...focus.map(term => `${heading}: ${term}`))
    if (segmentOfSource.parts > 1) candidates.push(`${heading} (${segmentOfSource.part}/${segmentOfSource.parts})`)
    else candidates.push(heading)
  }
  let title = candidates.find(candidate => !used.has(candidate.toLowerCase())) ?? candidates[0]!
  for (let n = 2; used.has(title.toLowerCase()); n++) title = `${candidates[0]!} (${n})`
  used.add(title.toLowerCase())
  return title
}
