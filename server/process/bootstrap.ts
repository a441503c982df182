/**
 * Start-up shared by the web app (server/plugins/drivers.ts) and the worker (workers/jobs.worker.ts). What
 * only one of them does stays with it: the web app's sessions and app state and its embedded-index check,
 * the worker's signals. Explicit imports only: the worker loads this without Nitro.
 */
import { ConfigError, type AppConfig } from '../config'
import { createDrivers, driverNames, type Drivers } from '../drivers'
import { createJobHandlers } from '../jobs'
import { startSchedules } from '../jobs/schedules'
import { countCacheLevels } from '../metrics/cache'
import { describeProcess } from '../metrics/process'
import { timedJobHandlers, watchQueue } from '../metrics/queue'
import { configureEmbedder } from '../ml/embeddings/embedder'
import { resumeUnfinishedDocuments } from '../services/recovery'

export interface App {
  config: AppConfig
  drivers: Drivers
}

/**
 * Reads the settings, starts every driver once and sets up the text encoder in use. A bad setting ends the
 * process with its message (exit 1). `label` names the process in logs.
 */
export function bootstrap(label: string, readConfig: () => AppConfig): App {
  let config: AppConfig
  try {
    config = readConfig()
  }
  catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(`[${label}] ${error.message}`)
    process.exit(1)
  }
  const drivers = createDrivers(config)
  watchQueue(drivers.queue)
  describeProcess(label === 'worker' ? 'worker' : 'web', drivers.queue.kind)
  countCacheLevels(drivers.cache.kind === 'redis' ? ['l1', 'l2'] : ['l1'])
  // The encoder in use follows the published one, in every process alike.
  configureEmbedder(config)
  console.info(`[${label}] drivers:`, JSON.stringify(driverNames(drivers)))
  return { config, drivers }
}

/** Runs every job type's handler on this process's queue and declares the schedules. */
export async function runJobs({ config, drivers }: App): Promise<void> {
  await drivers.queue.work(timedJobHandlers(createJobHandlers(drivers, config)), { concurrency: config.queueConcurrency })
  await startSchedules(drivers.queue, config)
}

/**
 * Queues again every document a restart cut short: the job of the process that runs the jobs. A job still
 * queued is not doubled, as job ids are per document version.
 */
export async function resumeDocuments({ drivers }: App, label: string): Promise<void> {
  const resumed = await resumeUnfinishedDocuments(drivers)
  if (resumed > 0) console.info(`[${label}] resumed ${resumed} unfinished document(s)`)
}
