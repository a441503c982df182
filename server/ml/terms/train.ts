import type { LayersModel } from '@tensorflow/tfjs'
import type { DocumentFormat } from '../../../shared/schemas/document'
import { atomizeCollection } from '../../atomizer/engine'
import { containment, documentMarks, isCandidate, termFeatures, termFeatureSize, type Lexicon } from './features'
import { keyTermCap, keyTermCount } from './scorer'
import { goldKeys, renderSection, type Rendering, type TextbookSection } from './textbooks'
import { mlRuntime } from '../runtime'
import { fitShuffled } from '../shuffled-fit'

/** One document read for training: a rendering of a textbook section, or a document an author corrected. */
export interface DocumentExamples {
  book: string
  rendering: Rendering | 'corrected'
  /** Whether the document marks words (emphasis, a glossary): such documents have their own setting. */
  marked: boolean
  keys: string[]
  words: number
  features: Float32Array
  labels: Uint8Array
  /** The document's key terms, each as the keys it is found by. */
  gold: string[][]
}

/** A document to learn from: its file as the engine reads it, and its key terms. */
export interface LabelledDocument {
  book: string
  rendering: DocumentExamples['rendering']
  key: string
  format: DocumentFormat
  data: Uint8Array
  gold: string[][]
}

/**
 * Reads each document as the engine does (the same candidates and statistics it gives the model when it
 * atomizes) and labels every candidate: a key term if its key is one of the document's key terms.
 */
export async function labelledExamples(labelled: LabelledDocument[], lexicon: Lexicon, options: { minWords: number, maxWords: number }, onDocument?: (done: number) => void): Promise<DocumentExamples[]> {
  const documents: DocumentExamples[] = []
  for (const document of labelled) {
    const goldAll = new Set(document.gold.flat())
    await atomizeCollection([{ key: document.key, format: document.format, data: document.data }], {
      ...options,
      selectTerms: async (all, context) => {
        const candidates = [...all.values()].filter(isCandidate)
        const contained = containment(all)
        const features = new Float32Array(candidates.length * termFeatureSize)
        candidates.forEach((stats, i) => features.set(termFeatures(stats, all, context, lexicon, contained), i * termFeatureSize))
        documents.push({
          book: document.book, rendering: document.rendering, marked: documentMarks(all), keys: candidates.map(stats => stats.key), words: context.words ?? 0, features,
          labels: Uint8Array.from(candidates, stats => (goldAll.has(stats.key) ? 1 : 0)), gold: document.gold,
        })
        return undefined
      },
    })
    onDocument?.(documents.length)
  }
  return documents
}

/** Every section of the books in each rendering, labelled with the book's key terms. */
export function textbookDocuments(sections: TextbookSection[], renderings: Rendering[]): LabelledDocument[] {
  return sections.flatMap(section => renderings.map(rendering => ({
    book: section.book, rendering, key: section.module, format: 'markdown' as const,
    data: new TextEncoder().encode(renderSection(section, rendering)), gold: section.keyTerms.map(goldKeys),
  })))
}

/** The textbook sections' examples in each rendering (see `labelledExamples`). */
export const documentExamples = (sections: TextbookSection[], renderings: Rendering[], lexicon: Lexicon, options: { minWords: number, maxWords: number }, onDocument?: (done: number) => void) =>
  labelledExamples(textbookDocuments(sections, renderings), lexicon, options, onDocument)

export interface TermTrainOptions {
  seed: number
  epochs: number
  hiddenUnits?: number
  learningRate?: number
  /** How much more a key term weighs than another candidate. */
  positiveWeight?: number
}

/** A small dense network: the features, one hidden layer, a probability. Seeded initialisers and dropout make a run repeatable. */
export async function buildTermModel(options: TermTrainOptions): Promise<LayersModel> {
  const { tf } = await mlRuntime()
  const model = tf.sequential({
    layers: [
      tf.layers.batchNormalization({ inputShape: [termFeatureSize] }),
      tf.layers.dense({
        units: options.hiddenUnits ?? 32, activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed }),
        kernelRegularizer: tf.regularizers.l2({ l2: 1e-5 }),
      }),
      tf.layers.dropout({ rate: 0.1, seed: options.seed + 1 }),
      tf.layers.dense({ units: 1, activation: 'sigmoid', kernelInitializer: tf.initializers.glorotUniform({ seed: options.seed + 2 }) }),
    ],
  })
  model.compile({ optimizer: tf.train.adam(options.learningRate ?? 0.005), loss: 'binaryCrossentropy' })
  return model
}

/** Trains the key-term model on the candidates of the given documents; examples are shuffled by the seed. */
export async function trainTermModel(documents: DocumentExamples[], options: TermTrainOptions, log?: (epoch: number, loss: number) => void): Promise<LayersModel> {
  const model = await buildTermModel(options)
  await fitShuffled(model, documents, termFeatureSize, { seed: options.seed, epochs: options.epochs, batchSize: 256, positiveWeight: options.positiveWeight ?? 1, log })
  return model
}

/** The model's probability for every candidate of every document. */
export async function predictDocuments(model: LayersModel, documents: DocumentExamples[]): Promise<Float32Array[]> {
  const { tf } = await mlRuntime()
  return documents.map((document) => {
    const n = document.labels.length
    if (n === 0) return new Float32Array(0)
    return tf.tidy(() => (model.predict(tf.tensor2d(document.features, [n, termFeatureSize])) as ReturnType<typeof tf.tensor>).dataSync() as Float32Array)
  })
}

export interface TermScores {
  precision: number
  recall: number
  f1: number
}

/** What a selection got right, of how many chosen and how many to find: they pool across sets of documents. */
export interface SelectionCounts {
  right: number
  predicted: number
  found: number
  gold: number
}

/**
 * Counts over documents, choosing as the engine does: the best candidates, as many as `keyTermCount` says
 * for `alpha`, at most the cap for the document's length and at least three. The book's key terms the
 * candidates never held count as missed.
 */
export function selectionCounts(documents: DocumentExamples[], scores: Float32Array[], alpha: number): SelectionCounts {
  const counts = { right: 0, predicted: 0, found: 0, gold: 0 }
  documents.forEach((document, d) => {
    const ranked = [...scores[d]!.keys()].sort((a, b) => scores[d]![b]! - scores[d]![a]!)
    const count = keyTermCount(ranked.map(i => scores[d]![i]!), alpha)
    const chosen = ranked.slice(0, Math.min(keyTermCap(document.words), Math.max(count, 3)))
    const keys = new Set(chosen.map(i => document.keys[i]!))
    counts.right += chosen.filter(i => document.labels[i] === 1).length
    counts.predicted += keys.size
    counts.found += document.gold.filter(alternatives => alternatives.some(key => keys.has(key))).length
    counts.gold += document.gold.length
  })
  return counts
}

/** Precision, recall and F1 of pooled counts. */
export function scoresFromCounts({ right, predicted, found, gold }: SelectionCounts): TermScores {
  const precision = predicted === 0 ? 0 : right / predicted
  const recall = gold === 0 ? 0 : found / gold
  return { precision, recall, f1: precision + recall === 0 ? 0 : 2 * precision * recall / (precision + recall) }
}

/** Key-term precision, recall and F1 pooled over documents (see `selectionCounts`). */
export const evaluateSelection = (documents: DocumentExamples[], scores: Float32Array[], alpha: number): TermScores =>
  scoresFromCounts(selectionCounts(documents, scores, alpha))

/** The `alpha` (0.1 to 3, by 0.1) with the best pooled F1. */
export function bestAlpha(documents: DocumentExamples[], scores: Float32Array[]): { alpha: number, scores: TermScores } {
  let best = { alpha: 1, scores: evaluateSelection(documents, scores, 1) }
  for (let step = 1; step <= 30; step++) {
    const result = evaluateSelection(documents, scores, step / 10)
    if (result.f1 > best.scores.f1) best = { alpha: step / 10, scores: result }
  }
  return best
}
