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

/** Rules over headings, wording and structure; the ML model refines this later. */
export function classifyAtom(input: ClassifyInput): AtomType {
  const title = heading(input)
  const text = input.blocks.map(block => block.text).join('\n')
  const words = input.analysis.wordCount
  if (/\b(?:exercises?|problems?|questions?|quiz|practice|self-check|test yourself|review questions)\b/.test(title)
    || (/\?/.test(text) && /\b(?:answer|solution)s?\s*[:.]/i.test(text))) return 'exercise'
  if (/\b(?:summary|conclusions?|recap|key (?:points|takeaways)|in brief|review)\b/.test(title) || /^(?:in summary|to summari[sz]e|in conclusion)\b/i.test(text)) return 'summary'
  const orderedItems = input.blocks.filter(block => block.kind === 'list' && block.ordered).reduce((sum, block) => sum + block.items.length, 0)
  const imperative = imperativeStart(input.analysis)
  // Numbered lists are steps only when they tell the reader what to do ("Kepler's three laws" are not).
  if (/\b(?:how to|steps?|procedure|method|instructions|protocol|recipe)\b/.test(title) || (orderedItems >= 3 && imperative >= 0.3) || imperative >= 0.5) return 'procedure'
  if (/\b(?:examples?|case study|worked|illustration|for instance)\b/.test(title) || /^(?:for example|for instance|example\b|consider\b|suppose\b)/i.test(text)) return 'example'
  // Mostly a definition: short, dense with definitions, or headed as one. Longer atoms carry their definitions as concepts.
  if (input.definesKeyTerm && (words < 90 || input.definitionCount >= 3 || /\b(?:definitions?|glossary|key terms|terminology|what is)\b/.test(title))) return 'definition'
  if (words < 12 && input.blocks.every(block => block.kind === 'code' || block.kind === 'table' || block.kind === 'figure')) return 'other'
  const numeric = input.analysis.entities.filter(entity => /DATE|CARDINAL|PERCENT|MONEY|TIME|ORDINAL|QUANTITY|DURATION/.test(entity.type)).length
  if (numeric >= 3 && numeric / Math.max(1, input.analysis.sentences.length) >= 0.6) return 'fact'
  if (words < 12) return 'other'
  return 'concept'
}
