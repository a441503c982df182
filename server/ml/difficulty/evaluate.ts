import { meanAbsoluteError, rootMeanSquaredError, spearman } from '../metrics'
import { isMeasured, type DifficultyExample } from './dataset'
import type { DifficultyModel } from './model'
import { calibrated, type Calibration } from './outcomes'

export interface RegressionScores {
  mae: number
  rmse: number
  spearman: number
}

export const regressionScores = (gold: number[], predicted: number[]): RegressionScores => ({
  mae: meanAbsoluteError(gold, predicted), rmse: rootMeanSquaredError(gold, predicted), spearman: spearman(gold, predicted),
})

export interface DifficultyComparison {
  /** Atoms scored: those whose outcome was measured on enough learner cards. */
  examples: number
  /** The heuristic as it stands (its own scale). */
  heuristic: RegressionScores
  /** The heuristic mapped onto the outcome scale by the training split's calibration: the fair baseline for MAE and RMSE. */
  calibratedHeuristic: RegressionScores
  model: RegressionScores
}

/** The heuristic and the model against the learners' outcomes, on the measured atoms among `examples`. */
export async function compareWithHeuristic(model: DifficultyModel, examples: DifficultyExample[], calibration: Calibration): Promise<DifficultyComparison> {
  const measured = examples.filter(isMeasured)
  const gold = measured.map(example => example.outcome.outcome)
  const predicted = await model.score(measured.map(example => example.input))
  return {
    examples: measured.length,
    heuristic: regressionScores(gold, measured.map(example => example.heuristic)),
    calibratedHeuristic: regressionScores(gold, measured.map(example => calibrated(calibration, example.heuristic))),
    model: regressionScores(gold, predicted),
  }
}

/** The model beats the heuristic when it errs less than the calibrated heuristic and ranks atoms better. */
export const beatsHeuristic = (scores: DifficultyComparison) =>
  scores.model.mae < scores.calibratedHeuristic.mae && scores.model.spearman > scores.heuristic.spearman
