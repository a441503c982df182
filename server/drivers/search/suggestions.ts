import type { SearchDocument } from './types'

/** Shared by every search driver, so each suggests the same words for the same atoms. */

const wordPattern = /[\p{L}\p{N}]+/gu

/** The word being typed: the letters and digits ending `text`, lower-cased; empty after a space or punctuation. */
export function lastWord(text: string): string {
  return text.toLowerCase().match(/[\p{L}\p{N}]+$/u)?.[0] ?? ''
}

/** The words of an atom that suggestions may offer: those of its title and key terms, lower-cased, once each. */
export function suggestionWords(doc: Pick<SearchDocument, 'title' | 'terms'>): string[] {
  const text = [doc.title, ...(doc.terms ?? [])].join(' ').toLowerCase()
  return [...new Set(text.match(wordPattern) ?? [])].filter(word => word.length > 1)
}

/** Words completing `prefix`, by the number of atoms that have them, then alphabetically. */
export function rankCompletions(atomsPerWord: Map<string, number>, limit: number): string[] {
  return [...atomsPerWord]
    .sort(([a, countA], [b, countB]) => countB - countA || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, limit)
    .map(([word]) => word)
}

/** Counts, over the word lists of some atoms, those that complete `prefix` (longer than it). */
export function countCompletions(wordLists: Iterable<string[]>, prefix: string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const words of wordLists) {
    for (const word of words) {
      if (word.length > prefix.length && word.startsWith(prefix)) counts.set(word, (counts.get(word) ?? 0) + 1)
    }
  }
  return counts
}
