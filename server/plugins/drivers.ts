import { ConfigError, parseConfig, scaledSettingsFromEnv, type AppConfig } from '../config'
import { closeDrivers, createDrivers, driverNames } from '../drivers'
import { createJobHandlers } from '../jobs'
import { configureEmbedder } from '../ml/embeddings/embedder'
import { startSchedules } from '../jobs/schedules'
import { resumeUnfinishedDocuments } from '../services/recovery'
import { reconcileSearchIndex } from '../services/search'

/** Validates configuration, starts every driver once, and closes them on shutdown. */
export default defineNitroPlugin((nitroApp) => {
  const runtime = useRuntimeConfig()
  let config: AppConfig
  try {
    config = parseConfig({ ...runtime, ...scaledSettingsFromEnv() })
  }
  catch (error) {
    if (!(error instanceof ConfigError)) throw error
    console.error(`[atomizer] ${error.message}`)
    process.exit(1)
  }
  ensureSessionPassword(config.dataDir, runtime.session?.password)
  const drivers = createDrivers(config)
  setAppState(drivers, config)
  configureEmbedder(config)
  console.info('[atomizer] drivers:', JSON.stringify(driverNames(drivers)))

  if (drivers.queue.runsInProcess) {
    void drivers.queue.work(createJobHandlers(drivers, config), { concurrency: config.queueConcurrency })
  }
  void (async () => {
    await startSchedules(drivers.queue)
    // With worker processes, the workers own recovery (workers/atomize.worker.ts).
    if (!drivers.queue.runsInProcess) return
    if (await reconcileSearchIndex(drivers)) console.info('[atomizer] search index rebuilt from the store')
    const resumed = await resumeUnfinishedDocuments(drivers)
    if (resumed > 0) console.info(`[atomizer] resumed ${resumed} unfinished document(s)`)
  })().catch(error => console.error('[atomizer] start-up recovery failed', error))

  nitroApp.hooks.hook('close', () => closeDrivers(drivers))
})
