import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { AppConfig } from '../../config'
import type { Drivers } from '../../drivers'
import { modelsRoot, readStoredJson, writeStoredJson } from '../models'
import { mlRuntime } from '../runtime'
import { isMeasured, repositoryExamples, storeExamples, storeReviews } from './dataset'
import { compareWithHeuristic, type RegressionScores } from './evaluate'
import { loadDifficultyModel, type DifficultyModel } from './model'
import { metadataOf, trainAndEvaluate } from './pipeline'
import { currentPublishedModel, publishDifficultyModel, publishedMetadata } from './published-difficulty'

export interface RetrainOptions {
  seed: number
  epochs: number
  /** Held-out atoms with measured outcomes needed to judge a retrained model at all. */
  minHeldOut: number
}

export const retrainDefaults: RetrainOptions = { seed: 7, epochs: 60, minHeldOut: 10 }

export type RetrainResult
  = | { status: 'skipped', reason: string, reviews: number }
    | { status: 'kept' | 'published', reason: string, reviews: number, version?: string, current: RegressionScores, retrained: RegressionScores }

/** Where the store's review count at the last attempt is kept, so a rejected retraining waits for new reviews too. */
const attemptKey = 'models/difficulty/last-attempt.json'

async function reviewsAtLastTraining(drivers: Pick<Drivers, 'files'>): Promise<number> {
  const published = await publishedMetadata(drivers.files)
  const attempt = await readStoredJson(drivers.files, attemptKey) as { storeReviews?: unknown } | undefined
  const builtIn = (await loadDifficultyModel().catch(() => undefined))?.metadata
  return Math.max(published?.training?.storeReviews ?? builtIn?.training?.storeReviews ?? 0, typeof attempt?.storeReviews === 'number' ? attempt.storeReviews : 0)
}

/**
 * The scheduled retraining: once `difficultyRetrainReviews` new reviews are in the store, trains a model on
 * the learners' outcomes (and on the repository's dataset where the sources are at hand), and publishes it
 * only if it errs less than the model in force on the held-out atoms; workers pick it up (published-difficulty.ts).
 */
export async function retrainDifficultyModel(
  drivers: Pick<Drivers, 'store' | 'files'>, config: Pick<AppConfig, 'mlBackend' | 'difficultyModel' | 'difficultyRetrainReviews'>,
  options: RetrainOptions = retrainDefaults,
): Promise<RetrainResult> {
  const reviewCount = await drivers.store.reviews.count()
  if (config.difficultyRetrainReviews === 0) return { status: 'skipped', reason: 'retraining is turned off', reviews: reviewCount }
  if (config.difficultyModel) return { status: 'skipped', reason: 'a configured model scores atoms', reviews: reviewCount }
  const fresh = reviewCount - await reviewsAtLastTraining(drivers)
  if (fresh < config.difficultyRetrainReviews) return { status: 'skipped', reason: `${fresh} new reviews; ${config.difficultyRetrainReviews} needed`, reviews: reviewCount }

  await mlRuntime(config.mlBackend)
  await writeStoredJson(drivers.files, attemptKey, { storeReviews: reviewCount, at: new Date().toISOString() })
  const reviews = await storeReviews(drivers.store)
  const dataFolder = join(modelsRoot(), 'data')
  const repository = existsSync(join(dataFolder, 'difficulty.jsonl')) ? (await repositoryExamples(dataFolder, options.seed)).examples : []
  const examples = [...repository, ...await storeExamples(drivers.store, reviews)]
  const run = await trainAndEvaluate(examples, options)
  if (run.heldOut.examples < options.minHeldOut) {
    run.model.dispose()
    return { status: 'skipped', reason: `${run.heldOut.examples} held-out atoms with measured outcomes; ${options.minHeldOut} needed`, reviews: reviewCount }
  }
  // A published model that no longer loads is no model to keep: the built-in one is the one to beat.
  const inForce: DifficultyModel = await currentPublishedModel(drivers.files).catch(() => undefined) ?? await loadDifficultyModel()
  const current = (await compareWithHeuristic(inForce, run.heldOutExamples.filter(isMeasured), run.calibration)).model
  if (run.heldOut.model.mae >= current.mae) {
    run.model.dispose()
    return { status: 'kept', reason: 'the retrained model does not err less than the model in force', reviews: reviewCount, current, retrained: run.heldOut.model }
  }
  const version = `retrained-${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}`
  await publishDifficultyModel(drivers.files, run.model, metadataOf(run, version, { ...options, storeReviews: reviewCount }))
  run.model.dispose()
  return { status: 'published', reason: 'the retrained model errs less than the model in force', reviews: reviewCount, version, current, retrained: run.heldOut.model }
}
