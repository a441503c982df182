/**
 * What a teacher would check in the atoms of a labelled textbook section (models/data/textbooks): key terms
 * against the book's, definitions against its glossary, cards, titles, prerequisite links against the book's
 * order, and the spread of difficulty and reading time.
 */
import type { EngineDocument } from '../../server/atomizer'
import { genericNouns } from '../../server/atomizer/nlp/generic-words'
import { termKey } from '../../server/atomizer/nlp/term-key'
import { goldKeys, meaningAgrees, meaningMatches, stopWords, type TextbookSection } from '../../server/ml/terms/textbooks'

export { meaningAgrees, meaningMatches }

export { goldKeys }

export interface Counts {
  /** Predicted items that are right. */
  right: number
  predicted: number
  /** Gold items found. */
  found: number
  gold: number
}

export const emptyCounts = (): Counts => ({ right: 0, predicted: 0, found: 0, gold: 0 })
export const addCounts = (a: Counts, b: Counts): Counts => ({ right: a.right + b.right, predicted: a.predicted + b.predicted, found: a.found + b.found, gold: a.gold + b.gold })

export function prf(counts: Counts): { precision: number, recall: number, f1: number } {
  const precision = counts.predicted === 0 ? 0 : counts.right / counts.predicted
  const recall = counts.gold === 0 ? 0 : counts.found / counts.gold
  return { precision, recall, f1: precision + recall === 0 ? 0 : 2 * precision * recall / (precision + recall) }
}

/** Key terms predicted (any order, duplicates by key counted once) against the book's. */
export function keyTermCounts(predicted: string[], gold: string[]): Counts {
  const keys = new Set(predicted.map(termKey).filter(Boolean))
  const goldSets = gold.map(goldKeys)
  const goldAll = new Set(goldSets.flat())
  return {
    right: [...keys].filter(key => goldAll.has(key)).length,
    predicted: keys.size,
    found: goldSets.filter(alternatives => alternatives.some(key => keys.has(key))).length,
    gold: goldSets.length,
  }
}

const label = /\b(?:figure|fig|table|equation|eq|chapter|section|exhibit|box|appendix)\.?\s*\d/i
const pronouns = new Set(['it', 'this', 'that', 'these', 'those', 'they', 'them', 'he', 'she', 'him', 'her', 'we', 'us', 'you', 'i', 'one', 'which', 'who', 'what', 'there', 'here'])

/** A card's subject (a definition card's term, a cloze's answer) that no teacher would ask about: a label, a pronoun, a number, a stop word or a generic word the book does not make a key term. */
export function badCardSubject(subject: string, keyTerms: Set<string> = new Set()): string | undefined {
  const text = subject.trim().replace(/[.,;:]+$/, '')
  const lower = text.toLowerCase()
  if (label.test(text) || /^(?:figure|table|equation)s?$/i.test(text)) return 'label'
  if (pronouns.has(lower)) return 'pronoun'
  if (/^[\d.,%\s-]+$/.test(text) || /^\d{3,4}$/.test(text)) return 'number'
  // A generic word the book itself makes a key term ("argument" in philosophy) is fair to ask about.
  if (!text.includes(' ') && (stopWords.has(lower) || (genericNouns.has(termKey(text)) && !keyTerms.has(termKey(text))))) return 'generic word'
  return undefined
}

/** Kendall's tau-b between two rankings of the same items. */
export function kendallTau(a: number[], b: number[]): number {
  let concordant = 0
  let discordant = 0
  let tiesA = 0
  let tiesB = 0
  for (let i = 0; i < a.length; i++) {
    for (let j = i + 1; j < a.length; j++) {
      const da = Math.sign(a[i]! - a[j]!)
      const db = Math.sign(b[i]! - b[j]!)
      if (da === 0 && db === 0) continue
      if (da === 0) tiesA++
      else if (db === 0) tiesB++
      else if (da === db) concordant++
      else discordant++
    }
  }
  const denominator = Math.sqrt((concordant + discordant + tiesA) * (concordant + discordant + tiesB))
  return denominator === 0 ? 1 : (concordant - discordant) / denominator
}

export interface SectionQuality {
  keyTerms: Counts
  /** Glossary terms with a found meaning (found/gold); found meanings of glossary terms that agree with the glossary's (right/predicted, `meaningAgrees`). */
  definitions: Counts
  /** Definition cards whose back agrees with the glossary (right/predicted; a card on a term the glossary lacks counts as wrong). */
  definitionCards: Counts
  /** The same two by the earlier, stricter measure (`meaningMatches`: half the glossary's words, whole), printed beside for comparison. */
  definitionsByWords: Counts
  definitionCardsByWords: Counts
  badCards: Record<string, number>
  cards: number
  duplicateTitles: number
  labelTitles: number
  links: number
  backwardLinks: number
  /** Kendall's tau between the reading order and the book's order (atoms of a one-atom section count as 1). */
  tau: number
  difficulties: number[]
  readingSeconds: number[]
  words: number[]
  atoms: number
}

const cardSubject = (card: { type: string, front: string, back: string }) => (card.type === 'definition' ? card.front : card.type === 'cloze' ? card.back : undefined)

/** Everything measured on one section's atoms. */
export function sectionQuality(section: TextbookSection, result: EngineDocument, keyTerms: string[] = result.keyTerms): SectionQuality {
  const glossary = new Map(section.glossary.map(entry => [termKey(entry.term), entry.meaning]))
  const glossaryOf = (term: string) => goldKeys(term).map(key => glossary.get(key)).find(Boolean)
  // What the document says a term means: its glossary page's definition, else the first an atom gives.
  const found = new Map<string, string>()
  const given = [
    ...result.glossary.flatMap(term => (term.definition ? [{ term: term.term, meaning: term.definition }] : [])),
    ...result.atoms.flatMap(atom => atom.definitions),
  ]
  for (const definition of given) {
    const key = section.glossary.map(entry => entry.term).find(term => goldKeys(term).includes(termKey(definition.term)))
    if (key && !found.has(key)) found.set(key, definition.meaning)
  }
  const definitionCounts = (agrees: (found: string, glossary: string) => boolean): Counts => ({
    right: [...found].filter(([term, meaning]) => agrees(meaning, glossaryOf(term)!)).length,
    predicted: found.size, found: found.size, gold: section.glossary.length,
  })
  const cards = result.atoms.flatMap(atom => atom.cards)
  const definitionCards = cards.filter(card => card.type === 'definition')
  const cardCounts = (agrees: (found: string, glossary: string) => boolean): Counts => ({
    right: definitionCards.filter((card) => {
      const meaning = glossaryOf(card.front)
      return meaning !== undefined && agrees(card.back, meaning)
    }).length,
    predicted: definitionCards.length, found: 0, gold: 0,
  })
  const badCards: Record<string, number> = {}
  const bookTerms = new Set(section.keyTerms.flatMap(goldKeys))
  for (const card of cards) {
    const subject = cardSubject(card)
    const bad = subject === undefined ? undefined : badCardSubject(subject, bookTerms)
    if (bad) badCards[bad] = (badCards[bad] ?? 0) + 1
    if (card.type === 'cloze' && /\(\s*\[…\][^)]*\d{4}\s*\)/.test(card.front)) badCards.citation = (badCards.citation ?? 0) + 1
  }
  const titles = result.atoms.map(atom => atom.title.trim().toLowerCase())
  const order = new Map(result.atoms.map(atom => [atom.id, atom.order]))
  const links = result.atoms.flatMap(atom => atom.prerequisites.map(id => [order.get(id)!, atom.order] as const))
  const reading = result.readingOrder.map(id => order.get(id)!)
  return {
    keyTerms: keyTermCounts(keyTerms, section.keyTerms),
    definitions: definitionCounts(meaningAgrees),
    definitionCards: cardCounts(meaningAgrees),
    definitionsByWords: definitionCounts(meaningMatches),
    definitionCardsByWords: cardCounts(meaningMatches),
    badCards,
    cards: cards.length,
    duplicateTitles: titles.length - new Set(titles).size,
    labelTitles: titles.filter(title => label.test(title)).length,
    links: links.length,
    backwardLinks: links.filter(([from, to]) => from < to).length,
    tau: reading.length < 2 ? 1 : kendallTau(reading.map((_, i) => i), reading),
    difficulties: result.atoms.map(atom => atom.difficulty),
    readingSeconds: result.atoms.map(atom => atom.readingTimeSec),
    words: result.atoms.map(atom => atom.wordCount),
    atoms: result.atoms.length,
  }
}

export const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length)
export const standardDeviation = (values: number[]) => {
  const m = mean(values)
  return Math.sqrt(mean(values.map(value => (value - m) ** 2)))
}

/** Pearson's correlation. */
export function correlation(a: number[], b: number[]): number {
  const ma = mean(a)
  const mb = mean(b)
  const cov = a.reduce((sum, value, i) => sum + (value - ma) * (b[i]! - mb), 0)
  const denominator = Math.sqrt(a.reduce((sum, value) => sum + (value - ma) ** 2, 0) * b.reduce((sum, value) => sum + (value - mb) ** 2, 0))
  return denominator === 0 ? 0 : cov / denominator
}
