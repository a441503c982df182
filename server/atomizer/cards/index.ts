import type { Card } from '../../../shared/schemas/atom'
import type { Sentence } from '../nlp/analyze'
import type { AtomType } from '../nlp/classify'
import type { Definition } from '../nlp/definitions'
import { genericNouns } from '../nlp/generic-words'
import { termKey } from '../nlp/term-key'

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

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length
const blank = '[…]'

const wordChar = /[\p{L}\p{N}]/u
const isWordChar = (char: string | undefined) => char !== undefined && wordChar.test(char)

/** Where the term (or its plural) stands as whole words in `text`, from `from` on; -1 if nowhere. No regex per term: terms are many. */
function findTerm(text: string, term: string, from = 0): { index: number, length: number } | undefined {
  const lowerText = text.toLowerCase()
  const lowerTerm = term.toLowerCase()
  for (let index = lowerText.indexOf(lowerTerm, from); index >= 0; index = lowerText.indexOf(lowerTerm, index + 1)) {
    let end = index + lowerTerm.length
    if (lowerText.startsWith('es', end) && !isWordChar(lowerText[end + 2])) end += 2
    else if (lowerText[end] === 's' && !isWordChar(lowerText[end + 1])) end += 1
    if (!isWordChar(lowerText[index - 1]) && !isWordChar(lowerText[end])) return { index, length: end - index }
  }
  return undefined
}

/** The text with every whole-word occurrence of the term blanked. */
function blankTerm(text: string, term: string): string {
  let result = ''
  let from = 0
  for (let found = findTerm(text, term); found; found = findTerm(text, term, found.index + found.length)) {
    result += text.slice(from, found.index) + blank
    from = found.index + found.length
  }
  return result + text.slice(from)
}

/** Labels of figures, tables and the like ("Figure 2.", "Table 4.1"): never what a card asks about. */
const label = /^(?:figure|fig|table|equation|eq|chapter|section|unit|part|box|exhibit|appendix|example|exercise|step|page)s?\b\.?\s*[\d.]*$|\d/i
const pronouns = new Set(['it', 'its', 'this', 'that', 'these', 'those', 'they', 'them', 'their', 'he', 'she', 'him', 'her', 'his', 'we', 'us', 'our', 'you', 'your',
  'i', 'me', 'one', 'which', 'who', 'whom', 'what', 'there', 'here', 'something', 'someone', 'anything', 'everything'])
const stopWords = new Set(['a', 'an', 'the', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'with', 'from', 'and', 'or', 'but', 'as', 'is', 'are', 'was', 'were', 'be',
  'do', 'does', 'did', 'done', 'have', 'has', 'had', 'can', 'will', 'would', 'not', 'no', 'so', 'than', 'then', 'more', 'most', 'test'])

/**
 * Whether a card may ask about this term: never a label, a pronoun, a number, a stop word, nor a single
 * generic word ("example", "process") unless the text defines it.
 */
export function cardWorthy(term: string, defined: boolean): boolean {
  const text = term.trim().replace(/[.,;:]+$/, '')
  const lower = text.toLowerCase()
  if (text.length < 2 || label.test(text) || pronouns.has(lower) || stopWords.has(lower) || !/\p{L}/u.test(text)) return false
  return text.includes(' ') || defined || !genericNouns.has(termKey(text))
}

const informative = /\b(?:is|are|was|were|means|refers to|called|known as|consists? of|contains?|produces?|causes?)\b/i

/**
 * A sentence of the text rather than a meaning: it opens with a capitalised word or phrase and a comma ("Later,
 * in the 1803 case …", "In 1912, former president …", "Second, delegates …"). A pattern that takes what a
 * sentence describes as the meaning of the term it names sometimes gets such a sentence whole; as a card's
 * back it tells a learner about the text's story, not what the term means.
 */
const sentenceOpening = /^(?!(?:an?|the)\s)\p{Lu}[\p{L}\p{N}’'-]*(?:\s[\p{L}\p{N}’'-]+){0,3},\s/u

function definitionCards(source: CardSource): Card[] {
  return source.definitions
    .filter(definition => wordCount(definition.meaning) >= 3 && cardWorthy(definition.term, true)
      && (definition.kind === 'glossary' || !sentenceOpening.test(definition.meaning)))
    .map(definition => ({
      type: 'definition' as const,
      front: definition.term,
      back: blankTerm(definition.meaning, definition.term),
    }))
}

/** A citation around a place in the text: "(Tulving, 1972)", "Smith (1984)", "Smith et al., 1984". */
function inCitation(text: string, index: number, length: number): boolean {
  const after = text.slice(index + length, index + length + 30)
  if (/^(?:\s+et al\.?)?,?\s*\(?(?:1[5-9]|20)\d\d\b/.test(after)) return true
  const open = text.lastIndexOf('(', index)
  const close = text.indexOf(')', index)
  return open >= 0 && close > index && text.lastIndexOf(')', index) < open && /\b(?:1[5-9]|20)\d\d\b/.test(text.slice(open, close))
}

/**
 * Cloze deletions of key terms in definition and fact-like sentences (those that say what something is, or
 * give figures). The blank takes the term exactly as the sentence writes it ("links", not "link"), and the
 * answer is that form; never a term inside a citation.
 */
function clozeCards(source: CardSource): Card[] {
  const cards: Card[] = []
  const used = new Set<string>()
  const defined = new Set(source.definitions.map(definition => definition.key))
  const terms = source.terms.filter(term => cardWorthy(term, defined.has(termKey(term))))
  for (const sentence of source.sentences) {
    const words = sentence.tokens.length
    // A sentence that leans on the one before ("This is called …") makes a card nobody can answer.
    if (words < 6 || words > 50 || sentence.text.endsWith('?') || /^(?:this|these|that|those|it|they|such)\b/i.test(sentence.text)) continue
    // Captions ("Figure 2.8 (a) …"), panels and review questions are not sentences to learn from.
    if (/^(?:(?:figure|fig\.|table)\s*\d|\(?[a-h]\)\s|question\s*\d*\s*:|answer\s*:)/i.test(sentence.text) || sentence.text.includes(' | ')) continue
    if (!informative.test(sentence.text) && !/\d/.test(sentence.text)) continue
    // The longest key term the sentence holds ("polar molecule" before "molecule"), then the atom's best.
    let found: { term: string, index: number, length: number } | undefined
    for (const candidate of terms) {
      if (used.has(candidate) || (found && wordCount(candidate) <= wordCount(found.term))) continue
      const at = findTerm(sentence.text, candidate)
      if (at && !inCitation(sentence.text, at.index, at.length)) found = { term: candidate, ...at }
    }
    if (!found || wordCount(found.term) * 2 > words) continue
    const front = blankTerm(sentence.text, found.term)
    // A term that stays readable elsewhere in the sentence (in another form) gives the answer away.
    if (front.toLowerCase().includes(found.term.split(' ').at(-1)!.toLowerCase())) continue
    used.add(found.term)
    cards.push({ type: 'cloze', front, back: sentence.text.slice(found.index, found.index + found.length) })
    if (cards.length >= 3) break
  }
  return cards
}

function stepCards(source: CardSource): Card[] {
  if (source.type !== 'procedure' || source.steps.length < 2) return []
  return [{ type: 'steps', front: `What are the steps of: ${source.title}?`, back: source.steps.map((step, i) => `${i + 1}. ${step}`).join('\n'), steps: source.steps }]
}

const questionAnswer = /(?:^|\n)\s*(?:(?:Q(?:uestion)?\s*\d*|\d+)\s*[:.)]\s*)?([^\n?]{6,300}\?)\s*(?:\n\s*)?(?:A(?:nswer)?|Solution)\s*[:.)]\s*([^\n]{1,400})/gi
/** "Question: … / Answer: …" as review sections write them: the question need not end in "?" (fill in the blank). */
const labelledQuestion = /(?:^|\n)\s*Question\s*\d*\s*[:.)]\s*([^\n]{6,600}?)\s*\n\s*Answer\s*[:.)]\s*([^\n]{1,600})/g

function questionCards(source: CardSource): Card[] {
  const labelled = [...source.text.matchAll(labelledQuestion)].map(match => ({ type: 'qa' as const, front: match[1]!.trim(), back: match[2]!.trim() }))
  if (labelled.length > 0) return labelled
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
