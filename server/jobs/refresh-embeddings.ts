import type { AppConfig } from '../config'
import type { Drivers } from '../drivers'
import type { JobHandler } from '../drivers/queue/types'
import { refreshEmbeddings } from '../ml/embeddings/refresh'

/** The scheduled refresh of the atoms' vectors, wherever jobs run. */
export function createRefreshEmbeddingsHandler(drivers: Drivers, config: AppConfig): JobHandler<'refreshEmbeddings'> {
  return async () => {
    const result = await refreshEmbeddings(drivers, config)
    if (result.withdrawn.length > 0) {
      console.info(`[ml] text encoder(s) retrained on the store by an earlier version withdrawn: ${result.withdrawn.join(', ')}`)
    }
    if (result.reembedded > 0) console.info(`[ml] ${result.reembedded} atoms re-embedded with text encoder ${result.version}`)
  }
}
