import type { AppConfig } from '../config'
import type { Drivers } from '../drivers'
import type { JobHandler } from '../drivers/queue/types'
import { retrainDifficultyModel } from '../ml/difficulty/retrain'

/** The scheduled retraining of the difficulty model from learners' reviews, wherever jobs run. */
export function createRetrainDifficultyHandler(drivers: Drivers, config: AppConfig): JobHandler<'retrainDifficulty'> {
  return async () => {
    const result = await retrainDifficultyModel(drivers, config)
    if (result.status !== 'skipped') {
      console.info(`[ml] difficulty model ${result.status}${'version' in result && result.version ? ` as ${result.version}` : ''}: ${result.reason} `
        + `(held-out MAE ${result.current.mae.toFixed(3)} in force, ${result.retrained.mae.toFixed(3)} retrained; ${result.reviews} reviews)`)
    }
  }
}
