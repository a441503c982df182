import type { LayersModel } from '@tensorflow/tfjs'
import { atomizeCollection } from '../../atomizer/engine'
import type { TermSelector } from '../../atomizer/nlp/terms'
import { termKey } from '../../atomizer/nlp/term-key'
import { fitShuffled } from '../shuffled-fit'
import { mlRuntime } from '../runtime'
import { goldKeys, meaningAgrees, type Rendering, type TextbookSection } from '../terms/textbooks'
import { textbookDocuments } from '../terms/train'
import { definitionFeatures, definitionFeatureSize } from './features'

/** The definition candidates of one rendering of one section: their features and labels. */
export interface DefinitionExamples {
  book: string
  rendering: Rendering
  features: Float32Array
  labels: Uint8Array
  /** Each candidate's term key, in the document's order. */
  keys: string[]
}

/**
 * Reads each section as the engine does, with the key-term model choosing key terms as in the worker, and
 * labels every definition its patterns find for one of the book's glossary terms: right when the meaning says
 * what the glossary says (`meaningAgrees`, the measure bench:quality uses). Definitions of other terms are
 * left out: nothing says whether they are right.
 */
export async function definitionExamples(sections: TextbookSection[], renderings: Rendering[], selectTerms: TermSelector, options: { minWords: number, maxWords: number }): Promise<DefinitionExamples[]> {
  const examples: DefinitionExamples[] = []
  const documents = textbookDocuments(sections, renderings)
  for (const [i, document] of documents.entries()) {
    const section = sections[Math.floor(i / renderings.length)]!
    const glossary = new Map(section.glossary.flatMap(entry => goldKeys(entry.term).map(key => [key, entry.meaning] as const)))
    await atomizeCollection([{ key: document.key, format: document.format, data: document.data }], {
      ...options,
      selectTerms,
      judgeDefinitions: async (candidates) => {
        // Only terms the glossary defines can be judged: of others, nothing says whether the meaning is right.
        const judged = candidates.flatMap((candidate) => {
          const meaning = glossary.get(termKey(candidate.definition.term)) ?? glossary.get(candidate.definition.key)
          return meaning === undefined ? [] : [{ candidate, right: meaningAgrees(candidate.definition.meaning, meaning) }]
        })
        const features = new Float32Array(judged.length * definitionFeatureSize)
        judged.forEach(({ candidate }, c) => features.set(definitionFeatures(candidate), c * definitionFeatureSize))
        examples.push({
          book: document.book, rendering: document.rendering as Rendering, features, labels: Uint8Array.from(judged, ({ right }) => (right ? 1 : 0)),
          keys: judged.map(({ candidate }) => candidate.definition.key),
        })
        return undefined
      },
    })
  }
  return examples
}

export interface DefinitionTrainOptions {
  seed: number
  epochs: number
  hiddenUnits?: number
}

/** A small dense network, as the key-term model's: the features, one hidden layer, a probability. */
export async function trainDefinitionModel(examples: DefinitionExamples[], options: DefinitionTrainOptions): Promise<LayersModel> {
  const { tf } = await mlRuntime()
  const model = tf.sequential({
    layers: [
      tf.layers.batchNormalization({ inputShape: [definitionFeatureSize] }),
      tf.layers.dense({ units: options.hiddenUnits ?? 16, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed }) }),
      tf.layers.dropout({ rate: 0.1, seed: options.seed + 1 }),
      tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed + 2 }) }),
    ],
  })
  model.compile({ optimizer: tf.train.adam(0.005), loss: 'binaryCrossentropy' })
  await fitShuffled(model, examples, definitionFeatureSize, { seed: options.seed, epochs: options.epochs, batchSize: 128 })
  return model
}

export interface DefinitionScores {
  precision: number
  recall: number
  f1: number
}

/**
 * What a learner sees per term when the candidates scoring at least `threshold` are kept: the first kept one
 * is the term's definition. Precision: the share of terms given a definition whose first is right; recall:
 * the share of terms that have a right candidate at all whose first kept one is right.
 */
export function scoreThreshold(examples: DefinitionExamples[], scores: Float32Array[], threshold: number): DefinitionScores {
  let given = 0
  let right = 0
  let answerable = 0
  examples.forEach((example, e) => {
    const first = new Map<string, number>()
    const hasRight = new Set<string>()
    example.keys.forEach((key, i) => {
      if (example.labels[i] === 1) hasRight.add(key)
      if (scores[e]![i]! >= threshold && !first.has(key)) first.set(key, example.labels[i]!)
    })
    given += first.size
    right += [...first.values()].filter(label => label === 1).length
    answerable += hasRight.size
  })
  const precision = given === 0 ? 0 : right / given
  const recall = answerable === 0 ? 0 : right / answerable
  return { precision, recall, f1: precision + recall === 0 ? 0 : 2 * precision * recall / (precision + recall) }
}

/** The model's probability for every candidate. */
export async function predictDefinitions(model: LayersModel, examples: DefinitionExamples[]): Promise<Float32Array[]> {
  const { tf } = await mlRuntime()
  return examples.map(example => example.labels.length === 0
    ? new Float32Array(0)
    : tf.tidy(() => (model.predict(tf.tensor2d(example.features, [example.labels.length, definitionFeatureSize])) as ReturnType<typeof tf.tensor>).dataSync() as Float32Array))
}
