import type { LayersModel, Tensor, Variable } from '@tensorflow/tfjs'
import { seededRandom } from '../../../shared/utils/random'
import { NgramFilter, type NgramFilterData } from '../../../shared/utils/ngram-filter'
import { allCharacterNgrams, embeddingTokens, subwordRows, type SubwordSettings } from '../../../shared/utils/subwords'
import { mlRuntime } from '../runtime'
import { embeddingModelName, SubwordEncoder, tokenizerVersion, type EmbeddingMetadata } from './encoder'

export interface EmbeddingTrainOptions extends SubwordSettings {
  seed: number
  dims: number
  epochs: number
  /** Largest distance between a word and a context word; each pair draws a window up to it, as word2vec does. */
  window: number
  /** Words drawn as negatives per context word. */
  negatives: number
  /** Words seen fewer times get no row of their own (their n-grams still carry them). */
  minCount: number
  /** At most this many words get rows, the most frequent first: bounds the model's size. */
  maxVocabulary: number
  /** Frequent words are dropped from training pairs with a probability set by this (word2vec's `sample`). */
  subsample?: number
  learningRate?: number
  centresPerStep?: number
  sifA?: number
}

export const defaultTrainOptions: Omit<EmbeddingTrainOptions, 'seed'> = {
  dims: 64, buckets: 10_000, minN: 3, maxN: 5, epochs: 12, window: 5, negatives: 5, minCount: 2, maxVocabulary: 5_000,
}

export interface TrainingCorpus {
  /** Texts the model learns from: paragraphs (context windows never cross one). Public material only (see corpus.ts). */
  texts: string[]
  documents: number
}

/** Vocabulary: words seen at least `minCount` times, the most frequent first (ties alphabetically, for a stable order). */
export function buildVocabulary(tokenLists: string[][], minCount: number, maxVocabulary: number) {
  const counts = new Map<string, number>()
  for (const tokens of tokenLists) for (const word of tokens) counts.set(word, (counts.get(word) ?? 0) + 1)
  const entries = [...counts].filter(([, count]) => count >= minCount)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxVocabulary)
  return { words: entries.map(([word]) => word), counts: entries.map(([, count]) => count), allCounts: counts }
}

/** The character n-grams of every word of the training texts, for the metadata: what the encoder learned of a query. */
export function trainingNgramFilter(tokenLists: string[][], settings: Pick<SubwordSettings, 'minN' | 'maxN'>): NgramFilterData {
  const words = new Set(tokenLists.flat())
  return NgramFilter.of([...words].flatMap(word => allCharacterNgrams(word, settings.minN, settings.maxN))).toData()
}

/** A sampler of negatives from the unigram distribution raised to 3/4 (word2vec's table). */
function negativeSampler(counts: number[], random: () => number) {
  const weights = counts.map(count => count ** 0.75)
  const cumulative = new Float64Array(weights.length)
  let sum = 0
  weights.forEach((weight, i) => cumulative[i] = sum += weight)
  return () => {
    const target = random() * sum
    let low = 0
    let high = cumulative.length - 1
    while (low < high) {
      const middle = (low + high) >> 1
      if (cumulative[middle]! < target) low = middle + 1
      else high = middle
    }
    return low
  }
}

/**
 * Training examples of one epoch: each kept word (frequent words subsampled) with the vocabulary words
 * within a window drawn up to `window` on each side, as word2vec does; grouped by centre word, so its rows
 * are gathered once for all its contexts.
 */
function epochCentres(sequences: number[][], contextOf: Int32Array, keep: Float64Array, window: number, random: () => number) {
  const centres: { word: number, contexts: number[] }[] = []
  for (const sequence of sequences) {
    const kept = sequence.filter(word => random() < keep[word]!)
    for (let i = 0; i < kept.length; i++) {
      const reach = 1 + Math.floor(random() * window)
      const contexts: number[] = []
      for (let j = Math.max(0, i - reach); j <= Math.min(kept.length - 1, i + reach); j++) {
        const context = contextOf[kept[j]!]!
        if (j !== i && context >= 0) contexts.push(context)
      }
      if (contexts.length > 0) centres.push({ word: kept[i]!, contexts })
    }
  }
  return centres
}

function shuffle(count: number, random: () => number): Int32Array {
  const order = Int32Array.from({ length: count }, (_, i) => i)
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[order[i], order[j]] = [order[j]!, order[i]!]
  }
  return order
}

export interface TrainedEncoder {
  encoder: SubwordEncoder
  metadata: EmbeddingMetadata
}

/**
 * Trains the table with skip-gram and negative sampling (fastText's objective: a word, as the mean of its
 * own row and its n-gram rows, predicts the words around it). Seeded: the same corpus and options give the
 * same model, on any backend.
 */
export async function trainEncoder(corpus: TrainingCorpus, options: EmbeddingTrainOptions, log: (line: string) => void = () => {}): Promise<TrainedEncoder> {
  const { tf } = await mlRuntime()
  const started = performance.now()
  const random = seededRandom(options.seed)
  const tokenLists = corpus.texts.map(embeddingTokens).filter(tokens => tokens.length > 1)
  const vocabulary = buildVocabulary(tokenLists, options.minCount, options.maxVocabulary)
  const totalTokens = tokenLists.reduce((sum, tokens) => sum + tokens.length, 0)
  const vocabularyIndex = new Map(vocabulary.words.map((word, i) => [word, i]))

  // Every distinct word of the corpus is an input; only vocabulary words are predicted as contexts.
  const inputWords = [...vocabulary.allCounts.keys()]
  const inputIndex = new Map(inputWords.map((word, i) => [word, i]))
  const sequences = tokenLists.map(tokens => tokens.map(word => inputIndex.get(word)!))
  const contextOf = Int32Array.from(inputWords, word => vocabularyIndex.get(word) ?? -1)
  const sample = options.subsample ?? 1e-3
  const keep = Float64Array.from(inputWords, (word) => {
    const frequency = vocabulary.allCounts.get(word)! / totalTokens
    return Math.min(1, Math.sqrt(sample / frequency) + sample / frequency)
  })
  const rowLists = inputWords.map(word => subwordRows(word, vocabularyIndex, options))
  const width = Math.max(...rowLists.map(list => list.length))
  const wordRows = new Int32Array(inputWords.length * width)
  const wordRowWeights = new Float32Array(inputWords.length * width)
  rowLists.forEach((list, w) => list.forEach((row, k) => {
    wordRows[w * width + k] = row
    wordRowWeights[w * width + k] = 1 / list.length
  }))

  const rows = vocabulary.words.length + options.buckets
  const { dims, negatives, window } = options
  const inputTable: Variable = tf.variable(tf.randomUniform([rows, dims], -0.5 / dims, 0.5 / dims, 'float32', options.seed), true, 'subword_table')
  const outputTable: Variable = tf.variable(tf.zeros([vocabulary.words.length, dims]), true, 'context_table')
  const optimizer = tf.train.adam(options.learningRate ?? 0.01)
  const drawNegative = negativeSampler(vocabulary.counts, random)
  const centresPerStep = options.centresPerStep ?? 512
  // Per centre: up to 2 × window context slots, then negatives shared by its contexts (each weighs contexts × negatives / slots).
  const contextSlots = 2 * window
  const negativeSlots = 2 * negatives
  const slots = contextSlots + negativeSlots

  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const centres = epochCentres(sequences, contextOf, keep, window, random)
    const order = shuffle(centres.length, random)
    let lossSum = 0
    let pairs = 0
    for (let start = 0; start < centres.length; start += centresPerStep) {
      const count = Math.min(centresPerStep, centres.length - start)
      const inputRows = new Int32Array(count * width)
      const inputWeights = new Float32Array(count * width)
      const targets = new Int32Array(count * slots)
      const labels = new Float32Array(count * slots)
      const weights = new Float32Array(count * slots)
      for (let c = 0; c < count; c++) {
        const { word, contexts } = centres[order[start + c]!]!
        inputRows.set(wordRows.subarray(word * width, (word + 1) * width), c * width)
        inputWeights.set(wordRowWeights.subarray(word * width, (word + 1) * width), c * width)
        contexts.forEach((context, k) => {
          targets[c * slots + k] = context
          labels[c * slots + k] = 1
          weights[c * slots + k] = 1
        })
        for (let k = 0; k < negativeSlots; k++) {
          targets[c * slots + contextSlots + k] = drawNegative()
          weights[c * slots + contextSlots + k] = contexts.length * negatives / negativeSlots
        }
        pairs += contexts.length
      }
      const loss = tf.tidy(() => {
        const rowIndices = tf.tensor2d(inputRows, [count * width, 1], 'int32')
        const targetIndices = tf.tensor2d(targets, [count * slots, 1], 'int32')
        const rowWeights = tf.tensor3d(inputWeights, [count, width, 1])
        const labelTensor = tf.tensor2d(labels, [count, slots])
        const weightTensor = tf.tensor2d(weights, [count, slots])
        // Gradients with respect to the gathered rows, then added into the tables' shapes with scatterND: the
        // gradient of a gather itself needs a kernel that is slow on the CPU backend and absent on WASM.
        const { value, grads } = tf.valueAndGrads((inputs: Tensor, outputs: Tensor) => {
          const wordVectors = inputs.reshape([count, width, dims]).mul(rowWeights).sum(1)
          const logits = outputs.reshape([count, slots, dims]).mul(wordVectors.reshape([count, 1, dims])).sum(2)
          // -log σ(z) for contexts, -log σ(-z) for negatives, as softplus (TF.js's logSigmoid gradient fails here).
          const losses = labelTensor.mul(tf.softplus(logits.neg())).add(tf.scalar(1).sub(labelTensor).mul(tf.softplus(logits)))
          return losses.mul(weightTensor).sum().div(count) as Tensor & { rank: 0 }
        })([tf.gatherND(inputTable, rowIndices), tf.gatherND(outputTable, targetIndices)])
        optimizer.applyGradients([
          { name: inputTable.name, tensor: tf.scatterND(rowIndices, grads[0]!, [rows, dims]) },
          { name: outputTable.name, tensor: tf.scatterND(targetIndices, grads[1]!, [vocabulary.words.length, dims]) },
        ])
        return value
      })
      lossSum += (await loss.data())[0]! * count
      loss.dispose()
    }
    log(`epoch ${epoch + 1}/${options.epochs}: ${pairs.toLocaleString('en')} pairs, loss ${(lossSum / Math.max(1, centres.length)).toFixed(4)}`)
  }
  outputTable.dispose()
  optimizer.dispose()

  const model = tableModel(tf, inputTable, rows, dims)
  inputTable.dispose()
  const metadata: EmbeddingMetadata = {
    name: embeddingModelName,
    version: 'trained',
    dims,
    tokenizerVersion,
    subwords: { buckets: options.buckets, minN: options.minN, maxN: options.maxN },
    vocabulary: { words: vocabulary.words, counts: vocabulary.counts },
    totalTokens,
    sifA: options.sifA ?? 1e-3,
    trainingNgrams: trainingNgramFilter(tokenLists, options),
    training: {
      seed: options.seed, epochs: options.epochs, window: options.window, negatives, seconds: 0,
      // No stored atoms: an encoder learns from public material only.
      corpus: { documents: corpus.documents, atoms: 0, texts: tokenLists.length, tokens: totalTokens },
    },
  }
  // The direction all text vectors share says nothing about any one text: found on the corpus, removed from every vector.
  const plain = new SubwordEncoder(model, metadata, 'trained')
  metadata.commonComponent = firstPrincipalComponent(await plain.embed(corpus.texts), dims, options.seed)
  metadata.training!.seconds = Math.round((performance.now() - started) / 100) / 10
  return { encoder: new SubwordEncoder(model, metadata, 'trained'), metadata }
}

/** The table as the one weight of a layers model (an embedding layer), the TF.js format the app loads. */
function tableModel(tf: Awaited<ReturnType<typeof mlRuntime>>['tf'], table: Tensor, rows: number, dims: number): LayersModel {
  const model = tf.sequential({ layers: [tf.layers.embedding({ inputDim: rows, outputDim: dims, inputShape: [null], name: 'subword_table' })] })
  model.layers[0]!.setWeights([table])
  return model
}

/** The first principal component (uncentred, as SIF does) of unit vectors, by power iteration from a seeded start. */
export function firstPrincipalComponent(vectors: Float32Array[], dims: number, seed: number): number[] {
  const random = seededRandom(seed)
  let component = Array.from({ length: dims }, () => random() - 0.5)
  for (let iteration = 0; iteration < 50; iteration++) {
    const next = new Array<number>(dims).fill(0)
    for (const vector of vectors) {
      let dot = 0
      for (let d = 0; d < dims; d++) dot += vector[d]! * component[d]!
      for (let d = 0; d < dims; d++) next[d]! += dot * vector[d]!
    }
    const norm = Math.sqrt(next.reduce((sum, value) => sum + value * value, 0)) || 1
    component = next.map(value => value / norm)
  }
  return component.map(value => Math.round(value * 1e6) / 1e6)
}
