import type { Atom } from '../../../shared/schemas/atom'
import { difficultyOf, difficultyOfScore, type DifficultyInput } from '../../atomizer/nlp/difficulty'
import type { AppConfig } from '../../config'
import type { FileStore } from '../../drivers/files/types'
import { mlRuntime } from '../runtime'
import { difficultyInputOfAtom } from './dataset'
import { loadDifficultyModel, type DifficultyModel } from './model'
import { currentPublishedModel } from './published-difficulty'

/** Scores atoms' difficulty, 0..1, in the order given. */
export type DifficultyScorer = (inputs: DifficultyInput[]) => Promise<number[]>

const warned = new Set<string>()

function warnOnce(key: string, message: string) {
  if (warned.has(key)) return
  warned.add(key)
  console.warn(message)
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error))

/**
 * The model in force: the one configured (NUXT_DIFFICULTY_MODEL), else the latest retrained from the
 * store's reviews and published in the object store, else the built-in one. A published model that cannot
 * load leaves the built-in one in use.
 */
async function modelInForce(config: Pick<AppConfig, 'difficultyModel'>, files?: FileStore): Promise<DifficultyModel> {
  if (config.difficultyModel) return loadDifficultyModel(config.difficultyModel)
  if (files) {
    try {
      const published = await currentPublishedModel(files)
      if (published) return published
    }
    catch (error) {
      warnOnce('published', `[ml] the retrained difficulty model cannot be used; the built-in one scores atoms: ${reason(error)}`)
    }
  }
  return loadDifficultyModel()
}

/**
 * Scores atoms with the difficulty model; when no model can load or run, the text heuristic scores them
 * and the reason is logged once per process, so atomizing never fails for want of a model.
 */
export function createDifficultyScorer(config: Pick<AppConfig, 'mlBackend' | 'difficultyModel'>, files?: FileStore): DifficultyScorer {
  return async (inputs) => {
    if (inputs.length === 0) return []
    try {
      await mlRuntime(config.mlBackend)
      const model = await modelInForce(config, files)
      return await model.score(inputs)
    }
    catch (error) {
      warnOnce('model', `[ml] atoms' difficulty comes from the text heuristic alone: ${reason(error)}`)
      return inputs.map(input => difficultyOf(input.analysis, input.keyTermCount).score)
    }
  }
}

/** Scores stored atoms again from their Markdown (after an author's edit), setting difficulty and label in place. */
export async function rescoreAtoms(scorer: DifficultyScorer, atoms: Atom[]): Promise<void> {
  if (atoms.length === 0) return
  const scores = await scorer(await Promise.all(atoms.map(difficultyInputOfAtom)))
  atoms.forEach((atom, i) => {
    const { score, label } = difficultyOfScore(scores[i]!)
    atom.difficulty = score
    atom.difficultyLabel = label
  })
}
