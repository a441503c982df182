import { createEmptyCard, fsrs, State, type Card as FsrsCard, type FSRS, type Grade } from 'ts-fsrs'
import type { Atom, Card } from '../schemas/atom'
import type { CardPhase, CardRef, CardSchedule, CardState, ReviewRating, StudyCard } from '../schemas/study'
import { cardPhases } from './vocabulary'

// Pure and browser-safe: the server and the offline client schedule with this same code and must agree exactly.

/** FSRS with its default parameters; no fuzz, so every device computes the same intervals. */
export const scheduler = fsrs({ enable_fuzz: false })

/** A card counts as mastered from this stability (days) on. */
export const masteredStabilityDays = 21

/** cyrb53: a small, fast 53-bit string hash, the same in every JavaScript engine. */
export function cyrb53(text: string, seed = 0): number {
  let h1 = 0xDEADBEEF ^ seed
  let h2 = 0x41C6CE57 ^ seed
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ code, 2654435761)
    h2 = Math.imul(h2 ^ code, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

/**
 * A card's id: its atom's id and a hash of its type and front. Atoms keep their ids across re-atomizing, and
 * an unchanged card keeps its front, so a learner's progress on it survives a new version of the document.
 */
export function cardId(atomId: string, card: Pick<Card, 'type' | 'front'>): string {
  return `${atomId}-${cyrb53(`${card.type}\n${card.front}`).toString(36)}`
}

/** The atom's cards with their ids, ready to study (without state); a repeated card is listed once. */
export function cardsOfAtom(atom: Pick<Atom, 'id' | 'documentId' | 'title' | 'cards'> & Partial<Pick<Atom, 'difficulty'>>): StudyCard[] {
  const seen = new Set<string>()
  return atom.cards.flatMap((card) => {
    const id = cardId(atom.id, card)
    if (seen.has(id)) return []
    seen.add(id)
    return [{
      cardId: id, atomId: atom.id, documentId: atom.documentId, atomTitle: atom.title,
      ...(atom.difficulty !== undefined && { atomDifficulty: atom.difficulty }), card, state: null,
    }]
  })
}

const phaseOfState: Record<State, CardPhase> = {
  [State.New]: 'new', [State.Learning]: 'learning', [State.Review]: 'review', [State.Relearning]: 'relearning',
}

/** ts-fsrs's card from a JSON-safe schedule. */
export function toFsrsCard(schedule: CardSchedule): FsrsCard {
  return {
    due: new Date(schedule.due),
    stability: schedule.stability,
    difficulty: schedule.difficulty,
    elapsed_days: schedule.elapsedDays,
    scheduled_days: schedule.scheduledDays,
    learning_steps: schedule.learningSteps,
    reps: schedule.reps,
    lapses: schedule.lapses,
    state: cardPhases.indexOf(schedule.state) as State,
    ...(schedule.lastReview !== null && { last_review: new Date(schedule.lastReview) }),
  }
}

/** A JSON-safe schedule from ts-fsrs's card. */
export function fromFsrsCard(card: FsrsCard): CardSchedule {
  return {
    due: card.due.toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    elapsedDays: card.elapsed_days,
    scheduledDays: card.scheduled_days,
    learningSteps: card.learning_steps,
    reps: card.reps,
    lapses: card.lapses,
    state: phaseOfState[card.state],
    lastReview: card.last_review ? card.last_review.toISOString() : null,
  }
}

/** The schedule of a card never reviewed. */
export function newSchedule(now: Date | string): CardSchedule {
  return fromFsrsCard(createEmptyCard(new Date(now)))
}

/**
 * The card's schedule after one answer. `schedule` null means the card was never reviewed. An answer given
 * before the card's last review (an offline device syncing late) counts as given at that last review, since
 * FSRS cannot go back in time. `using` is the learner's scheduler (their own parameters, or the defaults).
 */
export function scheduleReview(schedule: CardSchedule | null, rating: ReviewRating, reviewedAt: Date | string, using: FSRS = scheduler): CardSchedule {
  const at = new Date(reviewedAt)
  const card = schedule ? toFsrsCard(schedule) : createEmptyCard(at)
  const now = card.last_review && card.last_review > at ? card.last_review : at
  return fromFsrsCard(using.next(card, now, rating as Grade).card)
}

/** The card's state after one answer, with the card's ids. */
export function reviewCard(ref: CardRef, state: CardSchedule | null, rating: ReviewRating, reviewedAt: Date | string, using: FSRS = scheduler): CardState {
  return { cardId: ref.cardId, atomId: ref.atomId, documentId: ref.documentId, ...scheduleReview(state && scheduleOf(state), rating, reviewedAt, using) }
}

/** Only the scheduling fields of a card state. */
export function scheduleOf(state: CardSchedule): CardSchedule {
  const { due, stability, difficulty, elapsedDays, scheduledDays, learningSteps, reps, lapses, state: phase, lastReview } = state
  return { due, stability, difficulty, elapsedDays, scheduledDays, learningSteps, reps, lapses, state: phase, lastReview }
}

/** Whether the card should be studied at `now`. */
export function isDue(state: Pick<CardSchedule, 'due'>, now: Date | string = new Date()): boolean {
  return Date.parse(state.due) <= new Date(now).getTime()
}

/** Whether the card is remembered well enough to count as mastered. */
export function isMastered(state: Pick<CardSchedule, 'stability'> | null | undefined): boolean {
  return state !== null && state !== undefined && state.stability >= masteredStabilityDays
}

/** The UTC day of a time, 'YYYY-MM-DD'. */
export function utcDay(time: Date | string | number): string {
  return new Date(time).toISOString().slice(0, 10)
}

/** A time until a card comes back, as grade buttons show it: "<1 min", "10 min", "5 h", "3 d", "2 mo", "1.5 y". */
export function intervalLabel(ms: number): string {
  const minutes = ms / 60_000
  if (minutes < 1) return '<1 min'
  if (minutes < 60) return `${Math.round(minutes)} min`
  const hours = minutes / 60
  if (hours < 24) return `${Math.round(hours)} h`
  const days = hours / 24
  if (days < 30) return `${Math.round(days)} d`
  if (days < 365) return `${Math.round(days / 30)} mo`
  return `${Math.round(days / 36.5) / 10} y`
}
