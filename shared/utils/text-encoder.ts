import type * as TF from '@tensorflow/tfjs-core'
import type { EmbeddingMetadata } from '../schemas/embedding-model'
import { NgramFilter } from './ngram-filter'
import { learnedShare, minLearnedShare, type LearnedPieces } from './query-meaning'
import { embeddingTokens, sifWeight, subwordRows } from './subwords'

/** The built-in encoder: `models/<name>/<version>/` in the repository, the server output and the built app's files. */
export const builtInTextEncoder = { name: 'embeddings', version: '1' } as const
/** Where the built app serves the built-in encoder's files to browsers (for offline search). */
export const textEncoderPublicPath = `/models/${builtInTextEncoder.name}/${builtInTextEncoder.version}/`

/**
 * The TF.js operations the encoder runs, called as functions (chained methods need tfjs-core's chained-ops
 * module, which the browser need not load): the server passes `@tensorflow/tfjs`, the browser `@tensorflow/tfjs-core`.
 */
export type EncoderOps = Pick<typeof TF, 'tidy' | 'gather' | 'tensor1d' | 'tensor2d' | 'tensor3d' | 'matMul' | 'reshape' | 'mul' | 'sum' | 'sub' | 'transpose' | 'norm' | 'maximum' | 'div'>

export interface TextEncoderRuntime {
  /** TF.js with its backend set: asked on every call, as the server starts its runtime lazily. */
  tf: () => Promise<EncoderOps>
  /** Called between batches: the server gives its event loop a turn there. */
  pause?: () => Promise<void>
}

/** Texts, and new words, per tensor: bounds the memory one batch takes, whatever the number of texts. */
const batchSize = 256
const wordBatchSize = 2048
/** Word vectors kept between calls (64 dims: about 13 MB). */
const maxCachedWords = 50_000

/**
 * fastText-style text encoder: a word's vector is the mean of its own row (if it is in the vocabulary) and
 * the rows of its hashed character n-grams; a text's vector is the SIF-weighted sum of its words' vectors,
 * less the common component, scaled to unit length. One implementation for the server, the worker and the
 * browser, so a query embedded offline lands where the server put the atoms.
 */
export class SubwordTextEncoder {
  readonly dims: number
  private readonly vocabulary: Map<string, number>
  private readonly probability: Float64Array
  private readonly unseenProbability: number
  private readonly wordCache = new Map<string, Float32Array>()
  private readonly learned: LearnedPieces

  /** `table` gives the current table (vocabulary + buckets rows by `dims`): training changes it between calls. */
  constructor(private readonly table: () => TF.Tensor2D, readonly metadata: EmbeddingMetadata, private readonly runtime: TextEncoderRuntime) {
    this.dims = metadata.dims
    this.vocabulary = new Map(metadata.vocabulary.words.map((word, i) => [word, i]))
    this.probability = Float64Array.from(metadata.vocabulary.counts, count => count / metadata.totalTokens)
    this.unseenProbability = 1 / metadata.totalTokens
    const trainingNgrams = metadata.trainingNgrams && NgramFilter.fromData(metadata.trainingNgrams)
    this.learned = { vocabulary: this.vocabulary, subwords: metadata.subwords, ...(trainingNgrams && { hasNgram: gram => trainingNgrams.has(gram) }) }
  }

  /** How much of the text the encoder learned, 0..1 (shared/utils/query-meaning.ts). */
  learnedShare(text: string): number {
    return learnedShare(text, this.learned, word => this.weightOf(word))
  }

  /**
   * A search query's unit vector, or nothing when the encoder learned too little of the query for its vector
   * to say what it means (shared/utils/query-meaning.ts) or the query has no words: then keywords alone decide.
   */
  async embedQuery(text: string): Promise<Float32Array | undefined> {
    if (this.learnedShare(text) < minLearnedShare) return undefined
    const [vector] = await this.embed([text])
    return vector && hasMeaning(vector) ? vector : undefined
  }

  private weightOf(word: string): number {
    const row = this.vocabulary.get(word)
    return sifWeight(row === undefined ? this.unseenProbability : this.probability[row]!, this.metadata.sifA)
  }

  /**
   * Word vectors (the mean of each word's rows), made in batches inside `tf.tidy` for the words not seen
   * before and remembered (up to `maxCachedWords`): texts of one collection repeat their words.
   */
  private async wordVectors(words: string[]): Promise<Float32Array[]> {
    const tf = await this.runtime.tf()
    const table = this.table()
    const missing = [...new Set(words.filter(word => !this.wordCache.has(word)))]
    if (this.wordCache.size + missing.length > maxCachedWords) this.wordCache.clear()
    for (let start = 0; start < missing.length; start += wordBatchSize) {
      const batch = missing.slice(start, start + wordBatchSize)
      const rowLists = batch.map(word => subwordRows(word, this.vocabulary, this.metadata.subwords))
      const width = Math.max(1, ...rowLists.map(list => list.length))
      const rows = new Int32Array(batch.length * width)
      const rowWeights = new Float32Array(batch.length * width)
      rowLists.forEach((list, w) => list.forEach((row, k) => {
        rows[w * width + k] = row
        rowWeights[w * width + k] = 1 / list.length
      }))
      // Padding rows (row 0) weigh 0.
      const flat = tf.tidy(() => {
        const gathered = tf.reshape(tf.gather(table, tf.tensor1d(rows, 'int32')), [batch.length, width, this.dims])
        return tf.sum(tf.mul(gathered, tf.tensor3d(rowWeights, [batch.length, width, 1])), 1).dataSync() as Float32Array
      })
      batch.forEach((word, w) => this.wordCache.set(word, flat.slice(w * this.dims, (w + 1) * this.dims)))
    }
    return words.map(word => this.wordCache.get(word) ?? new Float32Array(this.dims))
  }

  /** Unit vectors of the texts (all zeros for a text without words), in batches inside `tf.tidy`. */
  async embed(texts: string[]): Promise<Float32Array[]> {
    const tf = await this.runtime.tf()
    const vectors: Float32Array[] = []
    for (let start = 0; start < texts.length; start += batchSize) {
      const batch = texts.slice(start, start + batchSize)
      const wordIndex = new Map<string, number>()
      const tokens = batch.map(text => embeddingTokens(text).map((word) => {
        let index = wordIndex.get(word)
        if (index === undefined) wordIndex.set(word, index = wordIndex.size)
        return index
      }))
      const distinct = [...wordIndex.keys()]
      const words = Math.max(1, distinct.length)
      const wordMatrix = new Float32Array(words * this.dims)
      ;(await this.wordVectors(distinct)).forEach((vector, w) => wordMatrix.set(vector, w * this.dims))
      const textWeights = new Float32Array(batch.length * words)
      tokens.forEach((indices, t) => {
        for (const index of indices) textWeights[t * words + index]! += this.weightOf(distinct[index]!)
      })
      const flat = tf.tidy(() => {
        // Each text: the SIF-weighted sum of its words, less the common component, at unit length.
        let textVectors = tf.matMul(tf.tensor2d(textWeights, [batch.length, words]), tf.tensor2d(wordMatrix, [words, this.dims]))
        if (this.metadata.commonComponent) {
          const component = tf.tensor2d(this.metadata.commonComponent, [this.dims, 1])
          textVectors = tf.sub(textVectors, tf.matMul(tf.matMul(textVectors, component), tf.transpose(component)))
        }
        const norms = tf.maximum(tf.norm(textVectors, 'euclidean', 1, true), 1e-12)
        return tf.div(textVectors, norms).dataSync() as Float32Array
      })
      for (let i = 0; i < batch.length; i++) vectors.push(flat.slice(i * this.dims, (i + 1) * this.dims))
      await this.runtime.pause?.()
    }
    return vectors
  }
}

/** The table's expected shape: one row per vocabulary word and per n-gram bucket, `dims` columns. */
export const expectedTableShape = (metadata: EmbeddingMetadata) => [metadata.vocabulary.words.length + metadata.subwords.buckets, metadata.dims]

/**
 * The table of a saved encoder model (model.json's weight specs and weights.bin) read with tfjs-core's own
 * decoder: a lookup table needs no layers code. Checked against the metadata: one table of `expectedTableShape`.
 */
export function tableFromArtifacts(tf: Pick<typeof TF, 'io' | 'dispose'>, artifacts: TF.io.ModelArtifacts | undefined, metadata: EmbeddingMetadata): TF.Tensor2D {
  if (!artifacts?.weightData || !artifacts.weightSpecs) throw new Error('the text encoder has no weights')
  const expected = expectedTableShape(metadata)
  const weights = Object.values(tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs))
  const [table] = weights
  if (weights.length !== 1 || table?.rank !== 2 || table.shape[0] !== expected[0] || table.shape[1] !== expected[1]) {
    tf.dispose(weights)
    throw new Error(`the text encoder's weights do not fit its metadata (one table of [${expected.join(', ')}])`)
  }
  return table as TF.Tensor2D
}

/** Five decimals are far below what separates two meanings, and keep stored vectors and index requests small. */
export const roundedVector = (vector: Float32Array) => Array.from(vector, value => Math.round(value * 1e5) / 1e5)

/** A query vector worth searching with: a text without words embeds to all zeros, and then keywords alone decide. */
export const hasMeaning = (vector: ArrayLike<number>) => Array.prototype.some.call(vector, (value: number) => value !== 0)

/** Cosine of two unit vectors. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!
  return sum
}
