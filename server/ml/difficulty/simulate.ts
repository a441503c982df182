import type { CardSchedule, ReviewRating } from '../../../shared/schemas/study'
import { scheduler, scheduleReview, toFsrsCard } from '../../../shared/utils/study'
import { seededRandom } from '../../../shared/utils/random'
import type { OutcomeReview } from './outcomes'

/**
 * Simulated learners for the repository's dataset, from a stated ground truth: each atom's true difficulty
 * (its hand rating, 1..5, as 0..1). Every assumption is here, so the targets can be regenerated and checked.
 *
 * - A pool of `learnerPool` learners, each with an ability: a normal shift of their true difficulties
 *   (standard deviation 0.1 on the 0..1 scale). Each atom is studied by 2 to 10 of them (uniform).
 * - A learner's true difficulty of an atom is its rating's difficulty plus their shift plus noise
 *   (standard deviation 0.05), in 0..1; as an FSRS difficulty, D* = 1 + 9·that.
 * - Their memory is an FSRS card under the default parameters whose difficulty is held at D*: what the
 *   learner remembers depends on the atom's true difficulty, not on what the app believes.
 * - The app schedules each card with default FSRS and no seeding (as before the model); the learner comes
 *   back when it is due, up to a day late, for at most 10 reviews within 120 days.
 * - The first answer is right with probability 0.95 - 0.6·difficulty; later ones with the true memory's
 *   retrievability at that moment. A right answer is Hard with probability 0.03 + 0.25·difficulty, else Easy
 *   with probability 0.3·(1 - difficulty)², else Good; a wrong one is Again.
 */
export interface SimulationOptions {
  seed: number
  learnerPool?: number
  days?: number
  maxReviews?: number
}

const start = Date.UTC(2026, 0, 5, 9)
const dayMs = 86_400_000
const clamp01 = (value: number) => Math.min(1, Math.max(0, value))

/** A standard normal draw (Box–Muller) from a uniform generator. */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())
}

function grade(recalled: boolean, difficulty: number, random: () => number): ReviewRating {
  if (!recalled) return 1
  if (random() < 0.03 + 0.25 * difficulty) return 2
  return random() < 0.3 * (1 - difficulty) ** 2 ? 4 : 3
}

/** One learner's reviews of one card of an atom whose true difficulty (0..1) for them is `difficulty`. */
function studyCard(userId: string, atomId: string, difficulty: number, random: () => number, options: Required<SimulationOptions>): OutcomeReview[] {
  const trueDifficulty = 1 + 9 * difficulty
  const end = start + options.days * dayMs
  const reviews: OutcomeReview[] = []
  let app: CardSchedule | null = null
  let memory: CardSchedule | null = null
  let at = start + random() * 7 * dayMs
  while (reviews.length < options.maxReviews && at < end) {
    const recalled = memory === null
      ? random() < 0.95 - 0.6 * difficulty
      : random() < scheduler.get_retrievability(toFsrsCard(memory), new Date(at), false)
    const rating = grade(recalled, difficulty, random)
    const reviewedAt = new Date(at).toISOString()
    reviews.push({ userId, cardId: `${atomId}-card`, atomId, rating, reviewedAt })
    app = scheduleReview(app, rating, reviewedAt)
    memory = { ...scheduleReview(memory, rating, reviewedAt), difficulty: trueDifficulty }
    at = Math.max(Date.parse(app.due), at + 60_000) + random() * dayMs
  }
  return reviews
}

/** Review logs of simulated learners for atoms with a known true difficulty (0..1), the same for the same seed. */
export function simulateReviews(atoms: { id: string, trueDifficulty: number }[], options: SimulationOptions): OutcomeReview[] {
  const settings: Required<SimulationOptions> = { learnerPool: 40, days: 120, maxReviews: 10, ...options }
  const random = seededRandom(settings.seed)
  const abilities = Array.from({ length: settings.learnerPool }, () => 0.1 * normal(random))
  const reviews: OutcomeReview[] = []
  for (const atom of atoms) {
    const learners = 2 + Math.floor(random() * 9)
    const chosen = new Set<number>()
    while (chosen.size < learners) chosen.add(Math.floor(random() * settings.learnerPool))
    for (const learner of chosen) {
      const difficulty = clamp01(atom.trueDifficulty + abilities[learner]! + 0.05 * normal(random))
      reviews.push(...studyCard(`learner-${learner}`, atom.id, difficulty, random, settings))
    }
  }
  return reviews
}
