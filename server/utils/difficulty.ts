import { createDifficultyScorer, type DifficultyScorer } from '../ml/difficulty/scorer'

let scorer: DifficultyScorer | undefined

/** The difficulty scorer of this process, as the worker's: edited atoms are scored like atomized ones. */
export function useDifficultyScorer(): DifficultyScorer {
  scorer ??= createDifficultyScorer(useConfig(), useDrivers().files)
  return scorer
}
