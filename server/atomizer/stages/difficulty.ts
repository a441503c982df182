import { difficultyOfScore, type DifficultyInput } from '../nlp/difficulty'
import type { PipelineRun } from './state'

/**
 * All atoms' difficulty scored at once by the `scoreDifficulty` hook (the difficulty model), after typing as
 * the type is one of its features; without it the text's heuristic stays. Then spread across the collection.
 */
export async function scoreDifficulty(run: PipelineRun) {
  const { atoms, drafts, typeInputs, options } = run
  if (options.scoreDifficulty) {
    const scores = await options.scoreDifficulty(atoms.map((atom, i): DifficultyInput => ({
      analysis: drafts[i]!.analysis, blocks: drafts[i]!.blocks, type: atom.type, keyTermCount: atom.terms.length, definitionCount: typeInputs[i]!.definitionCount,
    })))
    atoms.forEach((atom, i) => atom.difficulty = scores[i]!)
  }
  spreadDifficulty(atoms)
}

/** The spread of difficulty within a collection that a teacher expects: some atoms easy, some hard. */
const difficultySpread = 0.15

/**
 * Widens the atoms' difficulty around the collection's mean to a standard deviation of `difficultySpread`
 * (never narrows it): models and the heuristic regress towards the middle, which left every atom of a
 * chapter "medium". The order of the atoms and the collection's mean stay; labels follow the new scores.
 */
export function spreadDifficulty(atoms: { difficulty: number, difficultyLabel: string }[]) {
  const scores = atoms.map(atom => atom.difficulty)
  const mean = scores.reduce((sum, score) => sum + score, 0) / Math.max(1, scores.length)
  const sd = Math.sqrt(scores.reduce((sum, score) => sum + (score - mean) ** 2, 0) / Math.max(1, scores.length))
  const stretch = atoms.length >= 4 && sd > 1e-6 ? Math.min(4, Math.max(1, difficultySpread / sd)) : 1
  atoms.forEach((atom) => {
    const difficulty = difficultyOfScore(mean + (atom.difficulty - mean) * stretch)
    atom.difficulty = difficulty.score
    atom.difficultyLabel = difficulty.label
  })
}
