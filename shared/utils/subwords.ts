/**
 * Words and hashed character n-grams, fastText style: what the text encoder (server/ml/embeddings) looks up
 * in its table. Pure and dependency-free, so the browser can embed a query with the very same rows.
 */

/** Bumped when this file tokenizes or hashes differently: tables trained with another version are refused. */
export const tokenizerVersion = 1

export interface SubwordSettings {
  /** Rows of hashed n-grams after the vocabulary rows. */
  buckets: number
  /** Shortest and longest character n-gram, counted with the `<` and `>` word boundaries. */
  minN: number
  maxN: number
}

/** Longest word that gets n-grams: past this a "word" is a hash, an identifier or noise. */
const maxWordChars = 40
/** A word contributes at most this many n-grams, so one long word cannot outweigh a sentence. */
const maxNgramsPerWord = 32

/** Lower-cased words and numbers, in order (apostrophes kept inside words: "cell's" is one token). */
export function embeddingTokens(text: string): string[] {
  return text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? []
}

/** FNV-1a over UTF-16 code units: stable across processes, the server and the browser. */
export function fnv1a(text: string): number {
  let value = 0x811C9DC5
  for (let i = 0; i < text.length; i++) {
    value ^= text.charCodeAt(i)
    value = Math.imul(value, 0x01000193)
  }
  return value >>> 0
}

/** The character n-grams a word gets rows for: its first `maxNgramsPerWord` n-grams, shortest first. */
export function characterNgrams(word: string, minN: number, maxN: number): string[] {
  return allCharacterNgrams(word, minN, maxN).slice(0, maxNgramsPerWord)
}

/** Every character n-gram of a word with its boundary marks, shortest first, without repeats. */
export function allCharacterNgrams(word: string, minN: number, maxN: number): string[] {
  const marked = `<${word.slice(0, maxWordChars)}>`
  const chars = Array.from(marked)
  const grams = new Set<string>()
  for (let n = minN; n <= maxN; n++) {
    for (let start = 0; start + n <= chars.length; start++) {
      const gram = chars.slice(start, start + n).join('')
      // The whole marked word is the word itself, which has its own row when it is in the vocabulary.
      if (gram !== marked) grams.add(gram)
    }
  }
  return [...grams]
}

/**
 * The table rows whose mean is a word's vector: its own row when it is in the vocabulary (rows
 * 0..vocabulary-1), then one hashed row per n-gram (rows vocabulary..vocabulary+buckets-1).
 */
export function subwordRows(word: string, vocabulary: ReadonlyMap<string, number>, settings: SubwordSettings): number[] {
  const rows: number[] = []
  const own = vocabulary.get(word)
  if (own !== undefined) rows.push(own)
  for (const gram of characterNgrams(word, settings.minN, settings.maxN)) rows.push(vocabulary.size + (fnv1a(gram) % settings.buckets))
  return rows
}

/**
 * Smooth inverse frequency (Arora et al., 2017): a word weighs a / (a + p(word)), so "the" and "of" count
 * little and rare, telling words count most. Words never seen in training weigh as the rarest.
 */
export function sifWeight(probability: number, a = 1e-3): number {
  return a / (a + probability)
}

/** The text an atom is embedded by: its title and its plain text, as a reader meets them. */
export const atomEmbeddingText = (atom: { title: string, text: string }) => `${atom.title}\n${atom.text}`
