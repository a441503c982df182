import type { RunnableJobName } from '../../shared/schemas/jobs'
import type { AppConfig } from '../config'
import type { JobQueue } from '../drivers/queue/types'

/**
 * Each scheduled job's id and period. An admin's run at once (services/jobs.ts) takes the same id, so a
 * scheduled run and an admin's never run side by side.
 */
export const schedules: Record<RunnableJobName, { scheduleId: string, everyMs: number }> = {
  warmCache: { scheduleId: 'warm-cache', everyMs: 10 * 60_000 },
  fitSchedules: { scheduleId: 'fit-schedules', everyMs: 24 * 3_600_000 },
  // Cheap when there is nothing to do: it counts the reviews and retrains only past NUXT_DIFFICULTY_RETRAIN_REVIEWS new ones.
  retrainDifficulty: { scheduleId: 'retrain-difficulty', everyMs: 6 * 3_600_000 },
  // Cheap when there is nothing to do: it counts authors' corrections and retrains only past NUXT_TERMS_RETRAIN_LABELS new ones.
  retrainTerms: { scheduleId: 'retrain-terms', everyMs: 24 * 3_600_000 },
  // Cheap when there is nothing to do: it only re-embeds atoms whose vectors another encoder made.
  refreshEmbeddings: { scheduleId: 'refresh-embeddings', everyMs: 3_600_000 },
  // The period here is the default; the setting NUXT_OAUTH_KEY_ROTATION_HOURS decides (startSchedules).
  rotateSigningKeys: { scheduleId: 'rotate-signing-keys', everyMs: 30 * 24 * 3_600_000 },
}

/** Scheduled work. Every web instance and worker declares it; the queue keeps one schedule per id. */
export async function startSchedules(queue: JobQueue, config: Pick<AppConfig, 'oauthKeyRotationHours'>): Promise<void> {
  for (const [name, options] of Object.entries(schedules) as [RunnableJobName, (typeof schedules)[RunnableJobName]][]) {
    const everyMs = name === 'rotateSigningKeys' ? config.oauthKeyRotationHours * 3_600_000 : options.everyMs
    await queue.schedule(name, {}, { ...options, everyMs })
  }
  // Once at start too: vectors stored before versions were kept, or left by a refresh cut short, are made
  // anew with the encoder in use without waiting an hour (queued once however many processes start).
  await queue.enqueue('refreshEmbeddings', {}, { jobId: schedules.refreshEmbeddings.scheduleId })
}
