import type { JobQueue } from '../drivers/queue/types'

/** Scheduled work. Every web instance and worker declares it; the queue keeps one schedule per id. */
export async function startSchedules(queue: JobQueue): Promise<void> {
  await queue.schedule('warmCache', {}, { scheduleId: 'warm-cache', everyMs: 10 * 60_000 })
  await queue.schedule('fitSchedules', {}, { scheduleId: 'fit-schedules', everyMs: 24 * 3_600_000 })
  // Cheap when there is nothing to do: it counts the reviews and retrains only past NUXT_DIFFICULTY_RETRAIN_REVIEWS new ones.
  await queue.schedule('retrainDifficulty', {}, { scheduleId: 'retrain-difficulty', everyMs: 6 * 3_600_000 })
}
