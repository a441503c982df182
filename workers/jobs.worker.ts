/**
 * The separate worker process: runs every job type's handler, as the in-process queue does, when jobs run in
 * workers (the scaled set-up: REDIS_URL with MONGODB_URI, ELASTICSEARCH_URL and S3_BUCKET). Built by
 * `npm run build` into .output/server/worker.mjs and started with `npm run worker`. SIGTERM hands running
 * jobs back to the queue and exits; a worker killed outright has its jobs recovered once their lock expires.
 */
import { configFromEnv } from '../server/config'
import { closeDrivers } from '../server/drivers'
import { bootstrap, resumeDocuments, runJobs } from '../server/process/bootstrap'
import { isDraining, startDraining } from '../server/process/draining'
import { startHealthServer } from '../server/process/health-server'
import { ownUnhandledErrors } from '../server/process/unhandled-errors'

// A job's stray error is logged and counted; it never ends the worker and the other jobs with it.
ownUnhandledErrors('worker')

const app = bootstrap('worker', configFromEnv)
const { drivers } = app

if (drivers.queue.runsInProcess) {
  console.error(`[worker] jobs run inside the web process with this configuration (queue "${drivers.queue.kind}"); `
    + 'a separate worker needs REDIS_URL together with MONGODB_URI, ELASTICSEARCH_URL and S3_BUCKET.')
  await closeDrivers(drivers)
  process.exit(2)
}

async function stop(signal: string) {
  if (isDraining()) return
  startDraining()
  console.info(`[worker] ${signal}: handing running jobs back to the queue`)
  await closeDrivers(drivers)
  process.exit(0)
}
process.on('SIGTERM', () => void stop('SIGTERM'))
process.on('SIGINT', () => void stop('SIGINT'))

// Kubernetes' probes: ready while the store answers and the worker is not stopping.
if (app.config.workerHealthPort > 0) {
  await startHealthServer(app.config.workerHealthPort, async () => {
    if (isDraining()) return 'stopping: handing running jobs back'
    await drivers.store.users.count()
    return undefined
  })
}

await runJobs(app)
console.info('[worker] started')
await resumeDocuments(app, 'worker')
