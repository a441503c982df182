/**
 * The separate worker process: runs the same job handlers as the in-process queue, when jobs run in
 * workers (the scaled set-up: REDIS_URL with MONGODB_URI, ELASTICSEARCH_URL and S3_BUCKET). Built by
 * `npm run build` into .output/server/worker.mjs and started with `npm run worker`. SIGTERM hands running
 * jobs back to the queue and exits; a worker killed outright has its jobs recovered once their lock expires.
 */
import { configFromEnv } from '../server/config'
import { closeDrivers, createDrivers, driverNames } from '../server/drivers'
import { createJobHandlers } from '../server/jobs'
import { configureEmbedder } from '../server/ml/embeddings/embedder'
import { startSchedules } from '../server/jobs/schedules'
import { resumeUnfinishedDocuments } from '../server/services/recovery'
import { ownUnhandledErrors } from '../server/process/unhandled-errors'

// A job's stray error is logged and counted; it never ends the worker and the other jobs with it.
ownUnhandledErrors('worker')

const config = configFromEnv()
const drivers = createDrivers(config)
// The encoder in use follows the published one, as in the web processes.
configureEmbedder(config)

if (drivers.queue.runsInProcess) {
  console.error(`[worker] jobs run inside the web process with this configuration (queue "${drivers.queue.kind}"); `
    + 'a separate worker needs REDIS_URL together with MONGODB_URI, ELASTICSEARCH_URL and S3_BUCKET.')
  await closeDrivers(drivers)
  process.exit(2)
}

let stopping = false
async function stop(signal: string) {
  if (stopping) return
  stopping = true
  console.info(`[worker] ${signal}: handing running jobs back to the queue`)
  await closeDrivers(drivers)
  process.exit(0)
}
process.on('SIGTERM', () => void stop('SIGTERM'))
process.on('SIGINT', () => void stop('SIGINT'))

await drivers.queue.work(createJobHandlers(drivers, config), { concurrency: config.queueConcurrency })
await startSchedules(drivers.queue)
console.info('[worker] started with drivers', JSON.stringify(driverNames(drivers)))
// Documents whose jobs were lost (a Redis without persistence restarted) are queued again; jobs that
// still exist are not duplicated, as job ids are per document version.
const resumed = await resumeUnfinishedDocuments(drivers)
if (resumed > 0) console.info(`[worker] checked ${resumed} unfinished document(s)`)
