import { Gauge, Histogram } from 'prom-client'
import type { JobName } from '../../shared/types/jobs'
import type { JobHandlers, JobQueue, QueueStatsByName } from '../drivers/queue/types'
import { metricPrefix, metricsRegistry } from './registry'

let watched: JobQueue | undefined
let snapshot: { at: number, stats: Promise<QueueStatsByName[]> } | undefined

/**
 * The queue's state, read once per scrape for both gauges (and not more than once a second): in the scaled
 * set-up it costs a few Redis round trips. An unreachable queue leaves the gauges empty rather than failing
 * the whole scrape.
 */
function queueStats(): Promise<QueueStatsByName[]> {
  if (!watched) return Promise.resolve([])
  if (!snapshot || Date.now() - snapshot.at > 1000) {
    snapshot = { at: Date.now(), stats: watched.statsByName().catch((error: unknown) => {
      console.warn(`[metrics] queue stats unavailable: ${error instanceof Error ? error.message : String(error)}`)
      return []
    }) }
  }
  return snapshot.stats
}

new Gauge({
  name: `${metricPrefix}queue_jobs`,
  help: 'Jobs in the queue by job name and state (waiting, delayed, active, failed). Shared by every process in the scaled set-up.',
  labelNames: ['queue', 'state'] as const,
  registers: [metricsRegistry],
  async collect() {
    this.reset()
    for (const { name, waiting, delayed, active, failed } of await queueStats()) {
      this.set({ queue: name, state: 'waiting' }, waiting)
      this.set({ queue: name, state: 'delayed' }, delayed)
      this.set({ queue: name, state: 'active' }, active)
      this.set({ queue: name, state: 'failed' }, failed)
    }
  },
})

new Gauge({
  name: `${metricPrefix}queue_oldest_waiting_age_seconds`,
  help: 'How long the oldest job waiting to run has waited, by job name (0 when none waits).',
  labelNames: ['queue'] as const,
  registers: [metricsRegistry],
  async collect() {
    this.reset()
    const now = Date.now()
    for (const { name, oldestWaitingSince } of await queueStats()) {
      this.set({ queue: name }, oldestWaitingSince === undefined ? 0 : Math.max(0, now - oldestWaitingSince) / 1000)
    }
  },
})

/** The queue the gauges read: the process's own driver (BullMQ, or the in-process queue). */
export function watchQueue(queue: JobQueue): void {
  watched = queue
  snapshot = undefined
}

const jobDuration = new Histogram({
  name: `${metricPrefix}job_duration_seconds`,
  help: 'Jobs this process ran, by job name and outcome (completed or failed; a failed attempt may be retried).',
  labelNames: ['queue', 'outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
  registers: [metricsRegistry],
})

/** The handlers, each timed with its outcome. */
export function timedJobHandlers(handlers: JobHandlers): JobHandlers {
  const timed: Partial<Record<JobName, unknown>> = {}
  for (const [name, handler] of Object.entries(handlers) as [JobName, (...args: unknown[]) => Promise<void>][]) {
    // There from the start, so a rate sees the first job of each kind.
    for (const outcome of ['completed', 'failed']) jobDuration.zero({ queue: name, outcome })
    timed[name] = async (...args: unknown[]) => {
      const stop = jobDuration.startTimer({ queue: name })
      try {
        await handler(...args)
        stop({ outcome: 'completed' })
      }
      catch (error) {
        stop({ outcome: 'failed' })
        throw error
      }
    }
  }
  return timed as JobHandlers
}
