import type { Block } from '../model'
import type { Analysis } from './analyze'
import type { AtomType } from './classify'

export type DifficultyLabel = 'easy' | 'medium' | 'hard'

/** What the difficulty model reads of an atom: the engine's analysis, its blocks, its type and its key terms. */
export interface DifficultyInput {
  analysis: Analysis
  blocks: Block[]
  type: AtomType
  keyTermCount: number
  definitionCount: number
}

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

/** The label of a 0..1 difficulty: easy below 0.35, hard from 0.65. */
export const difficultyLabel = (score: number): DifficultyLabel => (score < 0.35 ? 'easy' : score < 0.65 ? 'medium' : 'hard')

/** A difficulty as stored on an atom: two decimals and its label. */
export function difficultyOfScore(score: number): { score: number, label: DifficultyLabel } {
  const rounded = Math.round(Math.min(1, Math.max(0, score)) * 100) / 100
  return { score: rounded, label: difficultyLabel(rounded) }
}

/**
 * The text heuristic: 0..1 from readability (grade 4 → 0, grade 16 → 1) and density of key terms, with a
 * label. The difficulty model's fallback, and its prior where learners have not reviewed an atom enough.
 */
export function difficultyOf(analysis: Analysis, keyTermCount: number): { score: number, label: DifficultyLabel } {
  const readability = Math.min(1, Math.max(0, (gradeLevel(analysis) - 4) / 12))
  const density = Math.min(1, keyTermCount / Math.max(1, analysis.wordCount) * 12)
  return difficultyOfScore(0.75 * readability + 0.25 * density)
}

/** Seconds at 230 words a minute, plus a little for tables, code and figures. */
export function readingSeconds(words: number, slowBlocks: number): number {
  return Math.max(5, Math.round(words / 230 * 60 + slowBlocks * 10))
}
