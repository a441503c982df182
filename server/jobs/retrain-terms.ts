import type { AppConfig } from '../config'
import type { Drivers } from '../drivers'
import type { JobHandler } from '../drivers/queue/types'
import { retrainTermModel } from '../ml/terms/retrain'

/** The scheduled retraining of the key-term model from authors' corrections, wherever jobs run. */
export function createRetrainTermsHandler(drivers: Drivers, config: AppConfig): JobHandler<'retrainTerms'> {
  return async () => {
    const result = await retrainTermModel(drivers, config)
    // A skip is logged too: an operator who ran the job sees why nothing was trained.
    if (result.status === 'skipped') console.info(`[ml] key-term retraining skipped: ${result.reason}`)
    else {
      console.info(`[ml] key-term model ${result.status}${result.version ? ` as ${result.version}` : ''}: ${result.reason} `
        + `(key-term F1 on held-out corrected documents ${result.current.f1.toFixed(3)} in force, ${result.retrained.f1.toFixed(3)} retrained; ${result.labels} corrections)`)
    }
  }
}
