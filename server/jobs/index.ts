import type { AppConfig } from '../config'
import type { Drivers } from '../drivers'
import type { JobHandlers } from '../drivers/queue/types'
import { createAtomizeHandler } from './atomize'
import { createFitLearnerScheduleHandler, createFitSchedulesHandler } from './fit-schedules'
import { createRefreshEmbeddingsHandler } from './refresh-embeddings'
import { createRetrainDifficultyHandler } from './retrain-difficulty'
import { createRetrainTermsHandler } from './retrain-terms'
import { createRotateSigningKeysHandler } from './rotate-signing-keys'
import { createWarmCacheHandler } from './warm-cache'

/** Every job handler, bound to its drivers: run by the in-process queue or by the worker entry alike. */
export function createJobHandlers(drivers: Drivers, config: AppConfig): JobHandlers {
  return {
    atomize: createAtomizeHandler(drivers, config),
    warmCache: createWarmCacheHandler(drivers),
    fitLearnerSchedule: createFitLearnerScheduleHandler(drivers),
    fitSchedules: createFitSchedulesHandler(drivers),
    retrainDifficulty: createRetrainDifficultyHandler(drivers, config),
    retrainTerms: createRetrainTermsHandler(drivers, config),
    refreshEmbeddings: createRefreshEmbeddingsHandler(drivers, config),
    rotateSigningKeys: createRotateSigningKeysHandler(drivers, config),
  }
}
