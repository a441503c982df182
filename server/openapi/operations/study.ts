import { pageSchema } from '../../../shared/schemas/common'
import {
  dueQuerySchema, progressQuerySchema, progressSchema, reviewBatchResultSchema, reviewBatchSchema, reviewListQuerySchema,
  reviewLogSchema, studyCardListSchema, studyCardsQuerySchema, cardListQuerySchema, cardParamsSchema, studyCardSchema,
} from '../../../shared/schemas/study'
import { myScheduleSchema } from '../../../shared/schemas/schedule'
import { defineOperation, routeOf } from '../operation'

export const studyOperations = {
  due: defineOperation({
    ...routeOf('listDueCards'), tag: 'study', signedIn: true,
    summary: 'Cards due now (oldest due first), then new cards in reading order',
    description: 'Optionally only those of a document or a collection, and only the cards of some key terms (`terms`, '
      + 'as a glossary lists them: their definition cards and the cloze cards that blank them out), or of one atom (`atomId`).',
    query: dueQuerySchema,
    responses: { 200: { description: 'The cards to study.', schema: studyCardListSchema } },
    problems: [404],
  }),
  cards: defineOperation({
    ...routeOf('listDocumentCards'), tag: 'study', signedIn: true,
    summary: 'Every card of a readable document with my state, to study offline',
    query: studyCardsQuerySchema,
    responses: { 200: { description: 'The cards.', schema: studyCardListSchema } },
    problems: [404],
  }),
  listCards: defineOperation({
    ...routeOf('listCards'), tag: 'study', signedIn: true,
    summary: 'My cards with my state: documents oldest first, each in reading order; by document or collection, phase and whether due',
    query: cardListQuerySchema,
    responses: { 200: { description: 'A page of cards.', schema: pageSchema(studyCardSchema) } },
    problems: [404],
  }),
  getCard: defineOperation({
    ...routeOf('getCard'), tag: 'study', signedIn: true,
    summary: 'One card of an atom I may read, with my state (null if never reviewed)',
    params: cardParamsSchema,
    responses: { 200: { description: 'The card.', schema: studyCardSchema } },
    problems: [404],
  }),
  recordReviews: defineOperation({
    ...routeOf('recordReviews'), tag: 'study', signedIn: true,
    summary: 'Record a batch of my reviews, each exactly once',
    description: 'A review graded on an outdated card state (`previousReviewAt`) is refused with 409 `stale-review`.',
    body: reviewBatchSchema,
    responses: { 200: { description: 'Which reviews were stored now, which before, and the cards\' states.', schema: reviewBatchResultSchema } },
    problems: [409],
  }),
  listReviews: defineOperation({
    ...routeOf('listReviews'), tag: 'study', signedIn: true,
    summary: 'My review history, newest first',
    query: reviewListQuerySchema,
    responses: { 200: { description: 'A page of reviews.', schema: pageSchema(reviewLogSchema) } },
  }),
  progress: defineOperation({
    ...routeOf('getProgress'), tag: 'study', signedIn: true,
    summary: 'Reviews per day, the coming workload, retention and mastered atoms',
    query: progressQuerySchema,
    responses: { 200: { description: 'My progress; dates are UTC days.', schema: progressSchema } },
  }),
  schedule: defineOperation({
    ...routeOf('getMySchedule'), tag: 'study', signedIn: true,
    summary: 'Whether my cards are scheduled with my own FSRS parameters, when they were fitted and how they score against the defaults',
    responses: { 200: { description: 'My schedule.', schema: myScheduleSchema } },
  }),
}
