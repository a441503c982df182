import type { Card } from '../../../shared/schemas/atom'
import type { Sentence } from '../nlp/analyze'
import type { AtomType } from '../nlp/classify'
import type { Definition } from '../nlp/definitions'

export interface CardSource {
  title: string
  type: AtomType
  text: string
  sentences: Sentence[]
  definitions: Definition[]
  /** Key terms of the atom, display form, best first. */
  terms: string[]
  /** Items of ordered lists in the atom. */
  steps: string[]
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length
const blank = '[…]'

function termPattern(term: string) {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(term)}(?:e?s)?(?![\\p{L}\\p{N}])`, 'giu')
}

function definitionCards(source: CardSource): Card[] {
  return source.definitions
    .filter(definition => wordCount(definition.meaning) >= 3)
    .map(definition => ({
      type: 'definition' as const,
      front: definition.term,
      back: definition.meaning.replace(termPattern(definition.term), blank),
    }))
}

/** Cloze deletions of key terms in definition and fact-like sentences (those that say what something is, or give figures). */
function clozeCards(source: CardSource): Card[] {
  const cards: Card[] = []
  const used = new Set<string>()
  for (const sentence of source.sentences) {
    const words = wordCount(sentence.text)
    // A sentence that leans on the one before ("This is called …") makes a card nobody can answer.
    if (words < 6 || words > 45 || /\?$/.test(sentence.text) || /^(?:this|these|that|those|it|they|such)\b/i.test(sentence.text)) continue
    const informative = /\b(?:is|are|was|were|means|refers to|called|known as|consists? of|contains?|produces?|causes?)\b/i.test(sentence.text)
      || /\d/.test(sentence.text)
    if (!informative) continue
    const term = source.terms.find(candidate => !used.has(candidate) && termPattern(candidate).test(sentence.text))
    if (!term || wordCount(term) * 2 > words) continue
    const front = sentence.text.replace(termPattern(term), blank)
    // A term that stays readable elsewhere in the sentence (in another form) gives the answer away.
    if (new RegExp(escapeRegExp(term.split(' ').at(-1)!), 'i').test(front)) continue
    used.add(term)
    cards.push({ type: 'cloze', front, back: term })
    if (cards.length >= 3) break
  }
  return cards
}

function stepCards(source: CardSource): Card[] {
  if (source.type !== 'procedure' || source.steps.length < 2) return []
  return [{ type: 'steps', front: `What are the steps of: ${source.title}?`, back: source.steps.map((step, i) => `${i + 1}. ${step}`).join('\n'), steps: source.steps }]
}

const questionAnswer = /(?:^|\n)\s*(?:(?:Q(?:uestion)?\s*\d*|\d+)\s*[:.)]\s*)?([^\n?]{6,300}\?)\s*(?:\n\s*)?(?:A(?:nswer)?|Solution)\s*[:.)]\s*([^\n]{1,400})/gi

function questionCards(source: CardSource): Card[] {
  if (source.type !== 'exercise') return []
  return [...source.text.matchAll(questionAnswer)].map(match => ({ type: 'qa' as const, front: match[1]!.trim(), back: match[2]!.trim() }))
}

const normalise = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()

/** Review cards from an atom: term → definition, cloze, ordered steps, question → answer; trivial and duplicate cards dropped. */
export function cardsFor(source: CardSource): Card[] {
  const cards = [...definitionCards(source), ...stepCards(source), ...questionCards(source), ...clozeCards(source)]
  const seen = new Set<string>()
  return cards.filter((card) => {
    const key = `${normalise(card.front)}→${normalise(card.back)}`
    const trivial = normalise(card.front) === normalise(card.back) || normalise(card.back) === '' || wordCount(card.front) === 0
    if (trivial || seen.has(key)) return false
    seen.add(key)
    return true
  })
}
