import { stopwords as englishStopWords } from '@orama/stopwords/english'

/**
 * The words a search matches on, the same in every index (Orama on the server and in the browser,
 * Elasticsearch) and in the highlights: diacritics folded, lower case, common words left out.
 */

/** Letters that Unicode does not decompose into a base letter and a mark. */
const unsplitLetters: Record<string, string> = { ß: 'ss', æ: 'ae', Æ: 'Ae', œ: 'oe', Œ: 'Oe', ø: 'o', Ø: 'O', đ: 'd', Đ: 'D', ł: 'l', Ł: 'L', þ: 'th', Þ: 'Th', ı: 'i' }
const unsplitPattern = new RegExp(`[${Object.keys(unsplitLetters).join('')}]`, 'g')

/** The text without diacritics ("Tenochtitlán" → "Tenochtitlan", "Straße" → "Strasse"); case is kept. */
export function foldDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}+/gu, '').replace(unsplitPattern, letter => unsplitLetters[letter]!)
}

/** A run of letters and digits: apostrophes split words ("d'état" → "d", "état"), as hyphens do. */
const wordPattern = /[\p{L}\p{N}]+/gu

/**
 * Words too common to tell atoms apart: English stop words (Orama's list), with their contractions split as
 * the word pattern splits them ("don't" → "don", "t"), and every single letter or digit.
 */
export const stopWords: ReadonlySet<string> = new Set(englishStopWords.flatMap(word => word.match(wordPattern) ?? []))

export const isStopWord = (word: string) => word.length < 2 || stopWords.has(word)

/** Every word of a text, folded and in lower case, stop words included: what an index stores positions of. */
export function foldedWords(text: string): string[] {
  return foldDiacritics(text).toLowerCase().match(wordPattern) ?? []
}

/** The words of a text that a search matches on: folded, in lower case, without stop words, each once. */
export function searchWords(text: string): string[] {
  return [...new Set(foldedWords(text).filter(word => !isStopWord(word)))]
}

/** Whether a query has anything to search for: one made only of stop words has not, and finds nothing. */
export const hasSearchWords = (query: string) => searchWords(query).length > 0

/** The text with diacritics folded and apostrophes between letters made spaces, for engines that split words on their own. */
export function foldForSearch(text: string): string {
  return foldDiacritics(text).replace(/(?<=[\p{L}\p{N}])['’](?=[\p{L}\p{N}])/gu, ' ')
}
