import type { AppConfig } from '../config'
import type { Drivers } from '../drivers'
import type { JobHandler } from '../drivers/queue/types'
import { refreshTextEncoder } from '../ml/embeddings/refresh'

/** The scheduled refresh of the text encoder as collections grow, wherever jobs run. */
export function createRefreshEmbeddingsHandler(drivers: Drivers, config: AppConfig): JobHandler<'refreshEmbeddings'> {
  return async () => {
    const result = await refreshTextEncoder(drivers, config)
    if (result.status === 'published') {
      console.info(`[ml] text encoder ${result.version} published: trained in ${result.trainingSeconds} s on ${result.corpus.texts} texts `
        + `(${result.corpus.tokens} words, ${result.corpus.epochs} epochs; ${result.atoms} atoms stored), ${result.reembedded} atoms re-embedded, ${result.seconds} s in all`)
    }
    else if (result.reembedded > 0) {
      console.info(`[ml] ${result.reembedded} atoms re-embedded with the text encoder in use (${result.reason})`)
    }
  }
}
