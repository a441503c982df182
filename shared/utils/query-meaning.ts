/**
 * When a search query is also searched by meaning: one rule for the server's search service and the
 * browser's offline search.
 *
 * The text encoder learned its vocabulary words and the character n-grams of the words in its training text.
 * A word it never read still gets a vector from its n-grams, and that vector means something only as far as
 * those n-grams are pieces the encoder learned ("orbiting" from "orbit", "orbits"). Pieces it never met fall
 * into hashed rows trained for other n-grams, so a made-up word, a name or a code gets a vector from
 * unrelated pieces, and such vectors can lie as close to an atom as real matches do. Measured, not assumed:
 * see the search section of docs/usage.md and tests/unit/shared/query-meaning.test.ts.
 */
import { allCharacterNgrams, embeddingTokens, type SubwordSettings } from './subwords'

/**
 * The query's vector takes part when the encoder learned at least this share of the query. Calibrated on the
 * built-in encoder: the 60 paraphrase queries of models/data/search-queries.jsonl score 0.84 and above;
 * made-up words (random letters, alone or after a real word, as the API tests make them) score at most 0.76
 * over hundreds of thousands drawn.
 */
export const minLearnedShare = 0.8

/** What the encoder learned, as the rule asks it. */
export interface LearnedPieces {
  /** Words with their own row. */
  vocabulary: ReadonlyMap<string, number>
  /** Whether an n-gram occurred in the training text; unknown (no record in the model) counts as not learned. */
  hasNgram?: (gram: string) => boolean
  subwords: Pick<SubwordSettings, 'minN' | 'maxN'>
}

/** How much of a word the encoder learned: all of a vocabulary word; of another, the share of its n-grams it met in training. */
export function learnedShareOfWord(word: string, learned: LearnedPieces): number {
  if (learned.vocabulary.has(word)) return 1
  const grams = allCharacterNgrams(word, learned.subwords.minN, learned.subwords.maxN)
  if (grams.length === 0 || !learned.hasNgram) return 0
  return grams.filter(gram => learned.hasNgram!(gram)).length / grams.length
}

/**
 * How much of a query the encoder learned: each word's learned share, weighed as the encoder weighs the word
 * in the query's vector (`weightOf`, its SIF weight), so "the" next to a made-up word counts for little.
 */
export function learnedShare(text: string, learned: LearnedPieces, weightOf: (word: string) => number): number {
  let learnedWeight = 0
  let totalWeight = 0
  for (const word of embeddingTokens(text)) {
    const weight = weightOf(word)
    learnedWeight += weight * learnedShareOfWord(word, learned)
    totalWeight += weight
  }
  return totalWeight > 0 ? learnedWeight / totalWeight : 0
}
