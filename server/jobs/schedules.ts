import type { JobQueue } from '../drivers/queue/types'

/** The job id of the scheduled encoder refresh: an admin's run uses it too, so the two never run at once. */
export const refreshEmbeddingsScheduleId = 'refresh-embeddings'

/** Scheduled work. Every web instance and worker declares it; the queue keeps one schedule per id. */
export async function startSchedules(queue: JobQueue): Promise<void> {
  await queue.schedule('warmCache', {}, { scheduleId: 'warm-cache', everyMs: 10 * 60_000 })
  await queue.schedule('fitSchedules', {}, { scheduleId: 'fit-schedules', everyMs: 24 * 3_600_000 })
  // Cheap when there is nothing to do: it counts the reviews and retrains only past NUXT_DIFFICULTY_RETRAIN_REVIEWS new ones.
  await queue.schedule('retrainDifficulty', {}, { scheduleId: 'retrain-difficulty', everyMs: 6 * 3_600_000 })
  // Cheap when there is nothing to do: it counts the atoms, retrains past NUXT_EMBEDDINGS_RETRAIN_ATOMS new ones,
  // and otherwise only re-embeds atoms whose vectors an older encoder made.
  await queue.schedule('refreshEmbeddings', {}, { scheduleId: refreshEmbeddingsScheduleId, everyMs: 3_600_000 })
}
