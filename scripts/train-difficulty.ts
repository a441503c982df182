/**
 * npm run train:difficulty — trains the difficulty regression on the repository's dataset (the hand-rated
 * atoms of models/data/difficulty.jsonl with the outcomes of simulated learners, see
 * server/ml/difficulty/simulate.ts) plus the review outcomes in the configured store, and saves it to
 * models/difficulty/<version>/ with its metadata. A seeded share of each atom type is held out; the model
 * is saved only if it beats the heuristic there (unless --force).
 *
 *   npm run train:difficulty -- [--seed 7] [--epochs 60] [--version 1] [--no-store] [--force]
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { configFromEnv } from '../server/config'
import { createStore, sqliteStorePath } from '../server/drivers'
import { repositoryExamples, storeExamples, storeReviews, type DifficultyExample } from '../server/ml/difficulty/dataset'
import { beatsHeuristic, type RegressionScores } from '../server/ml/difficulty/evaluate'
import { difficultyModelName, difficultyModelVersion } from '../server/ml/difficulty/model'
import { metadataOf, trainAndEvaluate } from '../server/ml/difficulty/pipeline'
import { modelsRoot, saveLayersModel, saveModelMetadata } from '../server/ml/models'
import { mlRuntime } from '../server/ml/runtime'

const { values: args } = parseArgs({
  options: {
    'seed': { type: 'string', default: '7' },
    'epochs': { type: 'string', default: '60' },
    'version': { type: 'string', default: difficultyModelVersion },
    'no-store': { type: 'boolean', default: false },
    'force': { type: 'boolean', default: false },
  },
})
const seed = Number(args.seed)
const epochs = Number(args.epochs)
const config = configFromEnv()
const line = (scores: RegressionScores) => `MAE ${scores.mae.toFixed(3)}, RMSE ${scores.rmse.toFixed(3)}, Spearman ${scores.spearman.toFixed(3)}`

/** Atoms learners reviewed in the configured store; a missing embedded database simply has none. */
async function fromStore(): Promise<{ examples: DifficultyExample[], reviews: number }> {
  if (args['no-store'] || (!config.mongodbUri && !existsSync(sqliteStorePath(config)))) return { examples: [], reviews: 0 }
  const store = createStore(config)
  try {
    const reviews = await storeReviews(store)
    return { examples: await storeExamples(store, reviews), reviews: reviews.length }
  }
  finally {
    await store.close()
  }
}

const { backend } = await mlRuntime(config.mlBackend)
const repository = await repositoryExamples(join(modelsRoot(), 'data'), seed)
const store = await fromStore()
const examples = [...repository.examples, ...store.examples]
console.info(`[train:difficulty] ${repository.examples.length} rated atoms (${repository.reviews.length} simulated reviews) + ${store.examples.length} reviewed atoms of the store (${store.reviews} reviews); backend ${backend}`)

const started = performance.now()
const run = await trainAndEvaluate(examples, { seed, epochs })
console.info(`[train:difficulty] trained ${epochs} epochs on ${run.examples} atoms (${run.outcomeExamples} with outcomes) in ${((performance.now() - started) / 1000).toFixed(1)} s`)
console.info(`[train:difficulty] held out (${run.heldOut.examples} atoms with measured outcomes)`)
console.info(`  heuristic             ${line(run.heldOut.heuristic)}`)
console.info(`  heuristic, calibrated ${line(run.heldOut.calibratedHeuristic)}`)
console.info(`  model                 ${line(run.heldOut.model)}`)

if (!beatsHeuristic(run.heldOut) && !args.force) {
  console.error('[train:difficulty] the model does not beat the heuristic on the held-out split; not saved (--force saves anyway)')
  process.exit(1)
}
const folder = join(modelsRoot(), difficultyModelName, args.version)
await saveLayersModel(run.model, folder)
await saveModelMetadata(folder, metadataOf(run, args.version, { seed, epochs, storeReviews: store.reviews }))
console.info(`[train:difficulty] saved to models/${difficultyModelName}/${args.version}/`)
