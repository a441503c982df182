import { parseConfig, scaledSettingsFromEnv } from '../config'
import { closeDrivers } from '../drivers'
import { startSchedules } from '../jobs/schedules'
import { bootstrap, resumeDocuments, runJobs, type App } from '../process/bootstrap'
import { reconcileSearchIndex } from '../services/search'

/** Starts the app (server/process/bootstrap.ts) with what only the web process needs, and closes the drivers on shutdown. */
export default defineNitroPlugin((nitroApp) => {
  const runtime = useRuntimeConfig()
  const app = bootstrap('atomizer', () => parseConfig({ ...runtime, ...scaledSettingsFromEnv() }))
  const { config, drivers } = app
  ensureSessionPassword(config.dataDir, runtime.session?.password)
  setAppState(drivers, config)

  // With worker processes, the workers run the jobs and own recovery (workers/jobs.worker.ts); every process declares the schedules.
  const jobs = drivers.queue.runsInProcess ? runJobsInProcess(app) : startSchedules(drivers.queue, config)
  jobs.catch(error => console.error('[atomizer] start-up of the jobs failed', error))

  nitroApp.hooks.hook('close', () => closeDrivers(drivers))
})

/** The jobs in this process, on the embedded drivers, and what a restart left undone. */
async function runJobsInProcess(app: App) {
  await runJobs(app)
  // The embedded index is a snapshot that a crash may leave behind the store.
  if (await reconcileSearchIndex(app.drivers)) console.info('[atomizer] search index rebuilt from the store')
  await resumeDocuments(app, 'atomizer')
}
