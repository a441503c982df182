import type { Analysis } from './analyze'
import type { Block } from '../model'

export const atomTypes = ['concept', 'definition', 'example', 'procedure', 'fact', 'summary', 'exercise', 'other'] as const
export type AtomType = (typeof atomTypes)[number]

export interface ClassifyInput {
  title: string
  trail: string[]
  blocks: Block[]
  analysis: Analysis
  /** Definitions this atom gives of its own key terms. */
  definesKeyTerm: boolean
  definitionCount: number
}

const heading = (input: ClassifyInput) => [input.title, ...input.trail].join(' ').toLowerCase()

const imperativeStart = (analysis: Analysis) => {
  const sentences = analysis.sentences.filter(sentence => sentence.tokens.length > 2)
  if (sentences.length === 0) return 0
  const imperative = sentences.filter((sentence) => {
    const first = sentence.tokens[0]!
    return first.pos === 'VERB' || (first.pos === 'PROPN' && /^(?:mix|add|place|open|click|select|press|heat|stir|measure|repeat|remove|insert|write|run|check|set|use|take|put|turn|cut|pour)$/i.test(first.value))
  })
  return imperative.length / sentences.length
}

/**
 * What the rules look at, as numbers: the rules decide from them, and the type model (server/ml/atom-types)
 * reads the same values as features, so both always see an atom the same way.
 */
export interface TypeSignals {
  exerciseHeading: number
  questionWithAnswer: number
  summaryHeading: number
  summaryOpening: number
  procedureHeading: number
  orderedItems: number
  imperative: number
  exampleHeading: number
  exampleOpening: number
  definesKeyTerm: number
  definitionCount: number
  definitionHeading: number
  words: number
  sentences: number
  onlyNonProse: number
  numericEntities: number
  numericPerSentence: number
  questionMarks: number
}

export function typeSignals(input: ClassifyInput): TypeSignals {
  const title = heading(input)
  const text = input.blocks.map(block => block.text).join('\n')
  const sentences = input.analysis.sentences.length
  const numeric = input.analysis.entities.filter(entity => /DATE|CARDINAL|PERCENT|MONEY|TIME|ORDINAL|QUANTITY|DURATION/.test(entity.type)).length
  const yes = (value: boolean) => (value ? 1 : 0)
  return {
    exerciseHeading: yes(/\b(?:exercises?|problems?|questions?|quiz|practice|self-check|test yourself|review questions)\b/.test(title)),
    questionWithAnswer: yes(/\?/.test(text) && /\b(?:answer|solution)s?\s*[:.]/i.test(text)),
    summaryHeading: yes(/\b(?:summary|conclusions?|recap|key (?:points|takeaways)|in brief|review)\b/.test(title)),
    summaryOpening: yes(/^(?:in summary|to summari[sz]e|in conclusion)\b/i.test(text)),
    procedureHeading: yes(/\b(?:how to|steps?|procedure|method|instructions|protocol|recipe)\b/.test(title)),
    orderedItems: input.blocks.filter(block => block.kind === 'list' && block.ordered).reduce((sum, block) => sum + block.items.length, 0),
    imperative: imperativeStart(input.analysis),
    exampleHeading: yes(/\b(?:examples?|case study|worked|illustration|for instance)\b/.test(title)),
    exampleOpening: yes(/^(?:for example|for instance|example\b|consider\b|suppose\b)/i.test(text)),
    definesKeyTerm: yes(input.definesKeyTerm),
    definitionCount: input.definitionCount,
    definitionHeading: yes(/\b(?:definitions?|glossary|key terms|terminology|what is)\b/.test(title)),
    words: input.analysis.wordCount,
    sentences,
    onlyNonProse: yes(input.blocks.every(block => block.kind === 'code' || block.kind === 'table' || block.kind === 'figure')),
    numericEntities: numeric,
    numericPerSentence: numeric / Math.max(1, sentences),
    questionMarks: (text.match(/\?/g) ?? []).length,
  }
}

/** Rules over headings, wording and structure; the type model refines them (server/ml/atom-types). */
export function classifyAtom(input: ClassifyInput): AtomType {
  return typeFromSignals(typeSignals(input))
}

export function typeFromSignals(signals: TypeSignals): AtomType {
  const s = signals
  if (s.exerciseHeading || s.questionWithAnswer) return 'exercise'
  if (s.summaryHeading || s.summaryOpening) return 'summary'
  // Numbered lists are steps only when they tell the reader what to do ("Kepler's three laws" are not).
  if (s.procedureHeading || (s.orderedItems >= 3 && s.imperative >= 0.3) || s.imperative >= 0.5) return 'procedure'
  if (s.exampleHeading || s.exampleOpening) return 'example'
  // Mostly a definition: short, dense with definitions, or headed as one. Longer atoms carry their definitions as concepts.
  if (s.definesKeyTerm && (s.words < 90 || s.definitionCount >= 3 || s.definitionHeading)) return 'definition'
  if (s.words < 12 && s.onlyNonProse) return 'other'
  if (s.numericEntities >= 3 && s.numericPerSentence >= 0.6) return 'fact'
  if (s.words < 12) return 'other'
  return 'concept'
}
