import { classifyAtom, type AtomType, type ClassifyInput } from '../../atomizer/nlp/classify'
import { accuracy, macroF1 } from '../metrics'
import type { TypeClassifier } from './classifier'
import { classifyInputOf, type LabelledAtom } from './dataset'

export interface Scores {
  accuracy: number
  macroF1: number
}

export const scoresOf = (gold: AtomType[], predicted: AtomType[]): Scores => ({ accuracy: accuracy(gold, predicted), macroF1: macroF1(gold, predicted) })

/** The engine's view of each labelled atom, rebuilt once for both the rules and the model. */
export const classifyInputsOf = (records: LabelledAtom[]): Promise<ClassifyInput[]> => Promise.all(records.map(classifyInputOf))

/** The rules alone and the rules with the model, on the same labelled atoms. */
export async function compareWithRules(classifier: TypeClassifier, records: LabelledAtom[], inputs?: ClassifyInput[]): Promise<{ rules: Scores, model: Scores }> {
  const prepared = inputs ?? await classifyInputsOf(records)
  const gold = records.map(record => record.type)
  return {
    rules: scoresOf(gold, prepared.map(classifyAtom)),
    model: scoresOf(gold, await classifier.classify(prepared)),
  }
}
