import { fsrs } from 'ts-fsrs'
import { describe, expect, it } from 'vitest'
import type { CardSchedule, ReviewRating } from '../../../shared/schemas/study'
import { fsrsDifficultyOf, seededInitialDifficulty, seedFirstReview } from '../../../shared/utils/difficulty-seed'
import { scheduler, scheduleReview } from '../../../shared/utils/study'

const start = new Date('2026-03-01T08:00:00.000Z')
const dayMs = 86_400_000

/** The same answers, each given when the card falls due, for an atom of this difficulty. */
function study(atomDifficulty: number | undefined, ratings: ReviewRating[]): CardSchedule[] {
  const states: CardSchedule[] = []
  let state: CardSchedule | null = null
  let at = start.toISOString()
  for (const rating of ratings) {
    state = seedFirstReview(state, scheduleReview(state, rating, at), rating, atomDifficulty)
    states.push(state)
    at = state.due
  }
  return states
}

const intervalDays = (state: CardSchedule) => (Date.parse(state.due) - Date.parse(state.lastReview!)) / dayMs

describe('seeding a new card\'s FSRS difficulty from its atom', () => {
  it('maps 0..1 linearly onto FSRS\'s 1..10, the inverse of how the targets are normalised', () => {
    expect(fsrsDifficultyOf(0)).toBe(1)
    expect(fsrsDifficultyOf(1)).toBe(10)
    expect(fsrsDifficultyOf(0.5)).toBe(5.5)
    expect(fsrsDifficultyOf(2)).toBe(10)
  })

  it('puts a first Good on the atom\'s difficulty and keeps FSRS\'s distance between the grades', () => {
    const atomDifficulty = 0.6
    expect(seededInitialDifficulty(3, atomDifficulty)).toBeCloseTo(fsrsDifficultyOf(atomDifficulty), 6)
    const fsrsGap = scheduler.init_difficulty(2) - scheduler.init_difficulty(3)
    expect(seededInitialDifficulty(2, atomDifficulty) - seededInitialDifficulty(3, atomDifficulty)).toBeCloseTo(fsrsGap, 6)
    // Clamped as FSRS clamps D0.
    expect(seededInitialDifficulty(1, 1)).toBe(10)
    expect(seededInitialDifficulty(4, 0)).toBe(1)
  })

  it('leaves the schedule as FSRS makes it for an atom at FSRS\'s own D0(Good), without a difficulty, and after the first review', () => {
    const neutral = (scheduler.init_difficulty(3) - 1) / 9
    const ratings: ReviewRating[] = [3, 3, 2, 3, 1, 3]
    expect(study(neutral, ratings).map(state => state.difficulty)).toEqual(study(undefined, ratings).map(state => state.difficulty).map(d => expect.closeTo(d, 6)))
    const first = scheduleReview(null, 3, start)
    const second = scheduleReview(first, 3, first.due)
    expect(seedFirstReview(first, second, 3, 0.9)).toBe(second)
    expect(seedFirstReview(null, first, 3, undefined)).toBe(first)
  })

  it('gives a harder atom\'s new card a higher difficulty after the same first grade, and shorter intervals after it', () => {
    for (const rating of [1, 2, 3] as ReviewRating[]) {
      const [easy] = study(0.2, [rating])
      const [hard] = study(0.5, [rating])
      expect(hard!.difficulty - easy!.difficulty).toBeCloseTo(9 * 0.3, 6)
      // The first answer's interval comes from FSRS's initial stability, which the seed leaves alone.
      expect(hard!.due).toBe(easy!.due)
    }
    // FSRS's D0(Easy) lies below 1 and is clamped: only a hard enough atom lifts it.
    expect(study(0.9, [4])[0]!.difficulty).toBeGreaterThan(study(0.2, [4])[0]!.difficulty)
    // Good, Good (graduates to review), Good at the due date: stability grows with 11 - D.
    const easy = study(0.2, [3, 3, 3, 3])
    const hard = study(0.8, [3, 3, 3, 3])
    expect(hard[1]!.difficulty).toBeGreaterThan(easy[1]!.difficulty)
    expect(intervalDays(hard[2]!)).toBeLessThan(intervalDays(easy[2]!))
    expect(intervalDays(hard[3]!)).toBeLessThan(intervalDays(easy[3]!))
    expect(hard[3]!.stability).toBeLessThan(easy[3]!.stability)
  })

  it('uses the difficulty curve of the scheduler it is given', () => {
    const other = fsrs({ w: [...scheduler.parameters.w].map((value, i) => (i === 4 ? 7.5 : value)), enable_fuzz: false })
    expect(seededInitialDifficulty(1, 0.5, other) - seededInitialDifficulty(3, 0.5, other)).toBeCloseTo(other.init_difficulty(1) - other.init_difficulty(3), 6)
  })
})
