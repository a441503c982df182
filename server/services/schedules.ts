import { default_w, fsrs, type FSRS } from 'ts-fsrs'
import type { MySchedule, ScheduleFit } from '../../shared/schemas/schedule'
import { cardHistories, fsrsItems, type ReviewEvent } from '../../shared/utils/fsrs/items'
import { evaluateParameters } from '../../shared/utils/fsrs/metrics'
import { scheduler as defaultScheduler } from '../../shared/utils/study'
import type { Drivers } from '../drivers'
import { fitFsrs } from '../ml/fsrs/fit'
import type { Actor } from './actor'

// Personal schedules: each learner's FSRS parameters fitted to their own review history, used to schedule
// their cards once they predict that history better than the defaults.

/**
 * Reviews a learner needs before a fit: about as many as the FSRS optimizer's authors advise for a stable
 * fit (with fewer, the defaults usually predict better than parameters fitted to a few hundred answers).
 */
export const minReviewsForFit = 400

/** New reviews since the last fit that make it worth fitting again. */
export const reviewsBetweenFits = 200

/** Whether a learner with `reviewCount` reviews and this latest fit should be fitted (again). */
export function fitIsDue(reviewCount: number, fit: ScheduleFit | null): boolean {
  return reviewCount >= minReviewsForFit && (!fit || reviewCount - fit.reviewCount >= reviewsBetweenFits)
}

/** A fit is used only while it predicts the learner's own history better than the defaults. */
export const fitIsUsed = (fit: ScheduleFit | null): fit is ScheduleFit => fit !== null && fit.logLoss < fit.defaultLogLoss

/** The learner's whole review history, a page at a time. */
export async function reviewHistory(drivers: Drivers, userId: string): Promise<ReviewEvent[]> {
  const events: ReviewEvent[] = []
  let cursor: string | undefined
  do {
    const page = await drivers.store.reviews.listByUser(userId, { limit: 1000, ...(cursor && { cursor }) })
    events.push(...page.items.map(({ cardId, rating, reviewedAt }) => ({ cardId, rating, reviewedAt })))
    cursor = page.nextCursor
  } while (cursor)
  return events
}

/**
 * Fits the learner's parameters to their history and stores the fit with its scores and the defaults' on the
 * same answers; null (nothing stored) when the learner has too few reviews or no fit is due.
 */
export async function fitLearnerSchedule(drivers: Drivers, userId: string, options: { signal?: AbortSignal, now?: Date } = {}): Promise<ScheduleFit | null> {
  const [reviewCount, previous] = await Promise.all([drivers.store.reviews.countByUser(userId), drivers.store.scheduleFits.get(userId)])
  if (!fitIsDue(reviewCount, previous)) return null
  const histories = cardHistories(await reviewHistory(drivers, userId))
  const fitted = await fitFsrs(histories, { ...(options.signal && { signal: options.signal }) })
  const items = fsrsItems(histories)
  const mine = evaluateParameters(fitted.parameters, items)
  const defaults = evaluateParameters(default_w, items)
  const fit: ScheduleFit = {
    parameters: fitted.parameters, fittedAt: (options.now ?? new Date()).toISOString(), reviewCount, items: items.length,
    logLoss: mine.logLoss, rmseBins: mine.rmseBins, defaultLogLoss: defaults.logLoss, defaultRmseBins: defaults.rmseBins,
  }
  await drivers.store.scheduleFits.put(userId, fit)
  return fit
}

/** Queues a fit of the learner when one is due; the queue runs one per learner at a time. */
export async function queueFitIfDue(drivers: Drivers, userId: string): Promise<boolean> {
  const [reviewCount, fit] = await Promise.all([drivers.store.reviews.countByUser(userId), drivers.store.scheduleFits.get(userId)])
  if (!fitIsDue(reviewCount, fit)) return false
  await drivers.queue.enqueue('fitLearnerSchedule', { userId }, { jobId: `fit-schedule-${userId}` })
  return true
}

/** The daily pass: queues a fit for every learner due one. */
export async function queueDueFits(drivers: Drivers): Promise<number> {
  let queued = 0
  let cursor: string | undefined
  do {
    const page = await drivers.store.users.list({ limit: 100, ...(cursor && { cursor }) })
    for (const user of page.items) {
      if (await queueFitIfDue(drivers, user.id)) queued++
    }
    cursor = page.nextCursor
  } while (cursor)
  return queued
}

/** The scheduler for the learner's cards: their own parameters when in use, else the defaults. */
export async function schedulerFor(drivers: Drivers, userId: string): Promise<FSRS> {
  const fit = await drivers.store.scheduleFits.get(userId)
  return fitIsUsed(fit) ? fsrs({ w: fit.parameters, enable_fuzz: false }) : defaultScheduler
}

/** How my cards are scheduled, for the progress page. */
export async function mySchedule(drivers: Drivers, actor: Actor): Promise<MySchedule> {
  const [reviewCount, fit] = await Promise.all([drivers.store.reviews.countByUser(actor.id), drivers.store.scheduleFits.get(actor.id)])
  return { personal: fitIsUsed(fit), minReviews: minReviewsForFit, reviewCount, fit }
}
