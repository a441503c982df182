import { z } from 'zod'
import { cardPhases } from '../utils/vocabulary'
import { cardSchema } from './atom'
import { idSchema, listParam, pageQuerySchema } from './common'

/** How far ahead of the server's clock a client's review time may be (clocks drift). */
export const reviewClockSkewMs = 5 * 60_000

export { cardPhases }
export const cardPhaseSchema = z.enum(cardPhases)
export type CardPhase = z.infer<typeof cardPhaseSchema>

/** 1 Again, 2 Hard, 3 Good, 4 Easy (FSRS grades). */
export const ratingSchema = z.literal([1, 2, 3, 4], 'rating is 1 to 4')
export type ReviewRating = z.infer<typeof ratingSchema>

const isoTime = z.iso.datetime({ offset: true })

/** FSRS memory state of one card, JSON-safe (times as ISO strings, UTC). */
export const cardScheduleSchema = z.object({
  due: isoTime,
  stability: z.number().min(0),
  difficulty: z.number().min(0),
  elapsedDays: z.number().min(0),
  scheduledDays: z.number().min(0),
  /** Position in the (re)learning steps; FSRS needs it to continue short-term scheduling. */
  learningSteps: z.number().int().min(0),
  reps: z.number().int().min(0),
  lapses: z.number().int().min(0),
  state: cardPhaseSchema,
  lastReview: isoTime.nullable(),
})
export type CardSchedule = z.infer<typeof cardScheduleSchema>

/** Where a card belongs: the card, its atom and the atom's document. */
export const cardRefSchema = z.object({ cardId: idSchema, atomId: idSchema, documentId: idSchema })
export type CardRef = z.infer<typeof cardRefSchema>

/** One learner's state of one card. */
export const cardStateSchema = cardRefSchema.extend(cardScheduleSchema.shape)
export type CardState = z.infer<typeof cardStateSchema>

/** A card to study: its content, where it comes from, and my state (null: never reviewed). */
export const studyCardSchema = cardRefSchema.extend({
  atomTitle: z.string(),
  /** The atom's difficulty (0..1): it seeds the card's FSRS difficulty at its first review, offline too. */
  atomDifficulty: z.number().min(0).max(1).optional(),
  card: cardSchema,
  state: cardStateSchema.nullable(),
})
export type StudyCard = z.infer<typeof studyCardSchema>

/** One answer to one card, as a client sends it; `id` (a UUID the client makes) is the idempotency key. */
export const reviewInputSchema = z.object({
  id: z.uuid('id must be a UUID'),
  cardId: idSchema,
  atomId: idSchema,
  rating: ratingSchema,
  reviewedAt: isoTime
    .refine(time => Date.parse(time) <= Date.now() + reviewClockSkewMs, 'reviewedAt is in the future')
    .transform(time => new Date(time).toISOString()),
  durationMs: z.number().int().min(0).max(24 * 3_600_000).optional(),
  /**
   * When the card had last been reviewed in the state this review was graded on (null: never reviewed). Given,
   * the server refuses the review if the card has been reviewed since (on another device), rather than count
   * an answer to a card that was not due.
   */
  previousReviewAt: isoTime.transform(time => new Date(time).toISOString()).nullable().optional(),
})
export type ReviewInput = z.infer<typeof reviewInputSchema>

export const reviewBatchSchema = z.object({
  reviews: z.array(reviewInputSchema).min(1, 'send at least one review').max(500, 'send at most 500 reviews at once')
    .refine(reviews => new Set(reviews.map(review => review.id)).size === reviews.length, 'review ids must be unique within a batch'),
})
export type ReviewBatch = z.infer<typeof reviewBatchSchema>

/** A stored review: the answer, whose it was, and the card's state before and after (for history and statistics). */
export const reviewLogSchema = z.object({
  id: z.string(),
  userId: z.string(),
  cardId: z.string(),
  atomId: z.string(),
  documentId: z.string(),
  rating: ratingSchema,
  reviewedAt: isoTime,
  durationMs: z.number().int().min(0).optional(),
  /** The card's phase when it was answered; retention counts answers given in 'review'. */
  stateBefore: cardPhaseSchema,
  stateAfter: cardPhaseSchema,
  dueAfter: isoTime,
  stabilityAfter: z.number(),
  difficultyAfter: z.number(),
  /** Days since the review before (0 for the first). */
  elapsedDays: z.number(),
  scheduledDays: z.number(),
  /** When the server stored it. */
  receivedAt: isoTime,
})
export type ReviewLog = z.infer<typeof reviewLogSchema>

/** POST /api/v1/reviews: which ids were stored now, which were already stored, and the cards' states now. */
export const reviewBatchResultSchema = z.object({
  accepted: z.array(z.string()),
  duplicates: z.array(z.string()),
  states: z.array(cardStateSchema),
})
export type ReviewBatchResult = z.infer<typeof reviewBatchResultSchema>

export const reviewListQuerySchema = pageQuerySchema.extend({
  /** Only reviews made at or after this time. */
  since: isoTime.transform(time => new Date(time).toISOString()).optional(),
})

/**
 * Most key terms one study session is asked for, and the longest term: a request for the most, each character
 * percent-encoded as six, still fits `maxRequestHeadBytes`, so it is answered, never refused.
 */
export const maxStudyTerms = 100
export const maxStudyTermLength = 80

export const dueQuerySchema = z.object({
  documentId: idSchema.optional(),
  /** Only the cards of this collection's documents. */
  collectionId: idSchema.optional(),
  /**
   * Only the cards of these key terms (comma-separated or repeated, as a glossary lists them): definition
   * cards of the term and cloze cards that blank it out.
   */
  terms: listParam(z.string().max(maxStudyTermLength, 'a term is too long'), maxStudyTerms),
  /** Only the cards of this atom (its "study" link). */
  atomId: idSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  newLimit: z.coerce.number().int().min(0).max(500).default(20),
})
export type DueQuery = z.infer<typeof dueQuerySchema>

export const studyCardsQuerySchema = z.object({ documentId: idSchema })

/** A card's id: its atom's id, a dash, and a hash of the card. */
export const cardIdSchema = z.string().trim().min(3).max(100).regex(/^[\w-]+-[a-z0-9]+$/, 'not a card id')
export const cardParamsSchema = z.object({ id: cardIdSchema })

/** My cards, documents oldest first, each document's cards in reading order, a page at a time. */
export const cardListQuerySchema = pageQuerySchema.extend({
  documentId: idSchema.optional(),
  /** Only the cards of this collection's documents. */
  collectionId: idSchema.optional(),
  /** Only cards in these phases (a card never reviewed is `new`). */
  state: listParam(cardPhaseSchema),
  /** `true`: only cards due now; `false`: only those not due (new cards are never due). */
  due: z.enum(['true', 'false']).transform(value => value === 'true').optional(),
})
export type CardListQuery = z.infer<typeof cardListQuerySchema>

export const progressQuerySchema = z.object({
  days: z.coerce.number().int().min(1).max(365).default(30),
})

export const studyCardListSchema = z.object({ items: z.array(studyCardSchema) })
export type StudyCardList = z.infer<typeof studyCardListSchema>

const utcDate = z.iso.date()

/** GET /api/v1/progress; dates are UTC days, 'YYYY-MM-DD'. */
export const progressSchema = z.object({
  reviewsPerDay: z.array(z.object({ date: utcDate, reviews: z.number().int(), again: z.number().int() })),
  /** Cards falling due on each of the next 30 days; overdue ones count today. */
  forecast: z.array(z.object({ date: utcDate, due: z.number().int() })),
  /** Over the last 30 days, answers to cards in 'review' state; recalled means rated Hard or better. */
  retention: z.object({ reviews: z.number().int(), recalled: z.number().int(), rate: z.number().min(0).max(1).nullable() }),
  /** Per studied document: atoms with cards, and those whose every card is stable for 21 days or more. */
  mastered: z.array(z.object({ documentId: z.string(), title: z.string(), atoms: z.number().int(), mastered: z.number().int() })),
  /** The same per collection (documents in none are left out), in the order of `mastered`. */
  masteredByCollection: z.array(z.object({ collectionId: z.string(), name: z.string(), atoms: z.number().int(), mastered: z.number().int() })),
})
export type Progress = z.infer<typeof progressSchema>
