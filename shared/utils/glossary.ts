import type { Card } from '../schemas/atom'
import type { GlossaryEntry } from '../schemas/glossary'

// Pure and browser-safe: the server and the offline client pick a term's cards and merge glossaries alike.

const determiner = /^(?:the|a|an)\s+/

/** Singular of a word by the common English rules; applied to both sides of a comparison, so it need not be perfect. */
function singular(word: string): string {
  if (word.length <= 3 || /(?:ss|us|is)$/.test(word)) return word
  if (/[^aeiou]ies$/.test(word)) return `${word.slice(0, -3)}y`
  if (/(?:sh|ch|x|z|ss)es$/.test(word)) return word.slice(0, -2)
  return word.endsWith('s') ? word.slice(0, -1) : word
}

/** A term as compared with the terms of cards: lower case, no article or punctuation, last word singular. */
export function looseTermKey(term: string): string {
  const words = term.toLowerCase().replace(/[^\p{L}\p{N}'’\s-]+/gu, ' ').trim().replace(determiner, '').split(/\s+/).filter(Boolean)
  if (words.length === 0) return ''
  words[words.length - 1] = singular(words.at(-1)!)
  return words.join(' ')
}

/** The term a card asks about: the front of a definition card, the blanked-out answer of a cloze; none for others. */
export function cardTerm(card: Pick<Card, 'type' | 'front' | 'back'>): string | undefined {
  if (card.type === 'definition') return card.front
  if (card.type === 'cloze') return card.back
  return undefined
}

/** Whether a card is one of the cards of these terms (all cards when no terms are given). */
export function termCardFilter(terms: string[] | undefined): (card: Pick<Card, 'type' | 'front' | 'back'>) => boolean {
  if (!terms || terms.length === 0) return () => true
  const keys = new Set(terms.map(looseTermKey).filter(Boolean))
  return (card) => {
    const term = cardTerm(card)
    return term !== undefined && keys.has(looseTermKey(term))
  }
}

/**
 * The glossaries of several documents (oldest first) as one, each term once: where documents share a term,
 * the entry that defines it wins, then the higher score, then the earlier document. Best first.
 */
export function mergeGlossaries(glossaries: GlossaryEntry[][]): GlossaryEntry[] {
  const byKey = new Map<string, GlossaryEntry>()
  for (const entries of glossaries) {
    for (const entry of entries) {
      const known = byKey.get(entry.key)
      const better = !known
        || (entry.definition !== null && known.definition === null)
        || ((entry.definition === null) === (known.definition === null) && entry.score > known.score)
      if (better) byKey.set(entry.key, entry)
    }
  }
  return [...byKey.values()].sort((a, b) => b.score - a.score)
}

/** Whether an entry matches what a reader typed: every word of it in the term or the definition, any case. */
export function glossaryMatches(entry: Pick<GlossaryEntry, 'term' | 'definition'>, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean)
  const text = `${entry.term} ${entry.definition ?? ''}`.toLowerCase()
  return words.every(word => text.includes(word))
}
