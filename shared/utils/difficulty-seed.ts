import type { FSRS, Grade } from 'ts-fsrs'
import type { CardSchedule, ReviewRating } from '../schemas/study'
import { scheduler } from './study'

// Pure and browser-safe: the server and the offline client seed a new card's difficulty alike.

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value))

/**
 * The FSRS difficulty (1..10) an atom's predicted difficulty (0..1) stands for. The model's targets are the
 * difficulties learners' cards reach, normalised as (D - 1) / 9, so this is the same map read backwards.
 */
export const fsrsDifficultyOf = (atomDifficulty: number): number => 1 + 9 * clamp(atomDifficulty, 0, 1)

/**
 * The first review's difficulty, seeded by the atom. FSRS starts a card at D0(G) = w4 - e^(w5·(G-1)) + 1,
 * the same curve for every card; here the curve is moved so that a first "Good" lands on the atom's
 * predicted difficulty, and the other grades keep their distance from "Good" as FSRS has it. An atom
 * predicted at FSRS's own D0(Good) is scheduled exactly as before; a harder one starts harder, so its
 * stability grows more slowly and its intervals stay shorter. Clamped to 1..10, as FSRS clamps D0.
 */
export function seededInitialDifficulty(rating: ReviewRating, atomDifficulty: number, fsrs: Pick<FSRS, 'init_difficulty'> = scheduler): number {
  const shift = fsrsDifficultyOf(atomDifficulty) - fsrs.init_difficulty(3)
  return Math.round(clamp(fsrs.init_difficulty(rating as Grade) + shift, 1, 10) * 1e8) / 1e8
}

/**
 * A card's schedule after its first review, with the difficulty seeded by its atom; any later review, or
 * an atom without a difficulty, leaves the schedule as FSRS made it.
 */
export function seedFirstReview<T extends CardSchedule>(
  before: CardSchedule | null, after: T, rating: ReviewRating, atomDifficulty: number | undefined, fsrs: Pick<FSRS, 'init_difficulty'> = scheduler,
): T {
  if (before !== null || atomDifficulty === undefined) return after
  return { ...after, difficulty: seededInitialDifficulty(rating, atomDifficulty, fsrs) }
}
