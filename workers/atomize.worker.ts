/**
 * The separate worker process: runs the same job handlers as the in-process queue, for queue drivers
 * that deliver jobs to other processes. Start with `npm run worker`; stop with SIGTERM (finishes cleanly).
 */
import { configFromEnv } from '../server/config'
import { closeDrivers, createDrivers, driverNames } from '../server/drivers'
import { createJobHandlers } from '../server/jobs'

const config = configFromEnv()
const drivers = createDrivers(config)

if (drivers.queue.runsInProcess) {
  console.error(`[worker] the "${drivers.queue.kind}" queue runs jobs inside the web process; `
    + 'a separate worker needs a networked queue, store, search index and event bus (the scaled drivers).')
  await closeDrivers(drivers)
  process.exit(2)
}

await drivers.queue.work(createJobHandlers(drivers, config), { concurrency: config.queueConcurrency })
console.info('[worker] started with drivers', JSON.stringify(driverNames(drivers)))

let stopping = false
async function stop(signal: string) {
  if (stopping) return
  stopping = true
  console.info(`[worker] ${signal}: finishing running jobs`)
  await closeDrivers(drivers)
  process.exit(0)
}
process.on('SIGTERM', () => void stop('SIGTERM'))
process.on('SIGINT', () => void stop('SIGINT'))
