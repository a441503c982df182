import type { Analysis } from './analyze'

export type DifficultyLabel = 'easy' | 'medium' | 'hard'

const syllableCache = new Map<string, number>()

/** Syllables of an English word, by vowel groups (remembered: texts repeat their words). */
export function syllables(word: string): number {
  let count = syllableCache.get(word)
  if (count === undefined) {
    count = countSyllables(word)
    if (syllableCache.size < 50_000) syllableCache.set(word, count)
  }
  return count
}

function countSyllables(word: string): number {
  const lower = word.toLowerCase().replace(/[^a-z]/g, '')
  if (lower.length <= 3) return 1
  const groups = lower.replace(/(?:[^laeiouy]es|ed|[^laeiouy]e)$/, '').replace(/^y/, '').match(/[aeiouy]{1,2}/g)
  return Math.max(1, groups?.length ?? 1)
}

/** Flesch–Kincaid grade level. */
export function gradeLevel(analysis: Analysis): number {
  const words = analysis.sentences.flatMap(sentence => sentence.tokens.filter(token => token.type === 'word'))
  if (words.length === 0) return 0
  const sentenceCount = Math.max(1, analysis.sentences.length)
  const syllableCount = words.reduce((sum, token) => sum + syllables(token.value), 0)
  return 0.39 * (words.length / sentenceCount) + 11.8 * (syllableCount / words.length) - 15.59
}

/** 0..1 from readability (grade 4 → 0, grade 16 → 1) and density of key terms, with a label. */
export function difficultyOf(analysis: Analysis, keyTermCount: number): { score: number, label: DifficultyLabel } {
  const readability = Math.min(1, Math.max(0, (gradeLevel(analysis) - 4) / 12))
  const density = Math.min(1, keyTermCount / Math.max(1, analysis.wordCount) * 12)
  const score = Math.round((0.75 * readability + 0.25 * density) * 100) / 100
  return { score, label: score < 0.35 ? 'easy' : score < 0.65 ? 'medium' : 'hard' }
}

/** Seconds at 230 words a minute, plus a little for tables, code and figures. */
export function readingSeconds(words: number, slowBlocks: number): number {
  return Math.max(5, Math.round(words / 230 * 60 + slowBlocks * 10))
}
