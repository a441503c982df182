import type { LayersModel } from '@tensorflow/tfjs'
import { splitExamples, trainingTargets, type DifficultyExample } from './dataset'
import { compareWithHeuristic, type DifficultyComparison } from './evaluate'
import { featureSettings } from './features'
import { DifficultyModel, difficultyModelName, type DifficultyModelMetadata } from './model'
import type { Calibration } from './outcomes'
import { trainDifficultyModel } from './train'

export interface TrainingRun {
  model: LayersModel
  heldOut: DifficultyComparison
  heldOutExamples: DifficultyExample[]
  calibration: Calibration
  examples: number
  outcomeExamples: number
}

/**
 * Splits the examples (a seeded share of each atom type held out), trains on the rest with outcome targets
 * and the calibrated heuristic as their prior, and scores model and heuristic on the held-out outcomes.
 */
export async function trainAndEvaluate(examples: DifficultyExample[], options: { seed: number, epochs: number }): Promise<TrainingRun> {
  const { train, heldOut } = splitExamples(examples, options.seed)
  const { targets, calibration } = trainingTargets(train)
  const model = await trainDifficultyModel(train.map(example => example.input), targets, options)
  const scores = await compareWithHeuristic(new DifficultyModel(model, 'trained'), heldOut, calibration)
  return { model, heldOut: scores, heldOutExamples: heldOut, calibration, examples: train.length, outcomeExamples: train.filter(example => example.outcome).length }
}

/** The metadata.json of a trained model. */
export function metadataOf(run: TrainingRun, version: string, options: { seed: number, epochs: number, storeReviews: number }): DifficultyModelMetadata {
  return {
    name: difficultyModelName,
    version,
    features: { ...featureSettings },
    training: {
      seed: options.seed, epochs: options.epochs, examples: run.examples, outcomeExamples: run.outcomeExamples,
      storeReviews: options.storeReviews, trainedAt: new Date().toISOString(), calibration: run.calibration,
    },
    heldOut: { examples: run.heldOut.examples, heuristic: run.heldOut.calibratedHeuristic, model: run.heldOut.model },
  }
}
