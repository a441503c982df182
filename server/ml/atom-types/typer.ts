import { classifyAtom, type AtomType, type ClassifyInput } from '../../atomizer/nlp/classify'
import type { AppConfig } from '../../config'
import { mlRuntime } from '../runtime'
import { loadTypeClassifier } from './classifier'

export type AtomTyper = (inputs: ClassifyInput[]) => Promise<AtomType[]>

let warned = false

/**
 * Types atoms with the rules and the type model together; when the model cannot load or run, the rules
 * alone type them and the reason is logged once per process, so atomizing never fails for want of a model.
 */
export function createAtomTyper(config: Pick<AppConfig, 'mlBackend' | 'atomTypesModel'>): AtomTyper {
  return async (inputs) => {
    if (inputs.length === 0) return []
    try {
      await mlRuntime(config.mlBackend)
      const classifier = await loadTypeClassifier(config.atomTypesModel)
      return await classifier.classify(inputs)
    }
    catch (error) {
      if (!warned) {
        warned = true
        console.warn(`[ml] atoms are typed by the rules alone: ${error instanceof Error ? error.message : String(error)}`)
      }
      return inputs.map(classifyAtom)
    }
  }
}
