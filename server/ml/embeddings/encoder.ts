import type { LayersModel, Tensor2D } from '@tensorflow/tfjs'
import { z } from 'zod'
import { embeddingTokens, sifWeight, subwordRows, type SubwordSettings } from '../../../shared/utils/subwords'
import { cooperative } from '../../atomizer/yield'
import { builtInModel, describeSource, loadLayersModel, loadOnce, readModelMetadata } from '../models'
import { mlRuntime } from '../runtime'

export const embeddingModelName = 'embeddings'
/** The built-in encoder version this code reads: `models/embeddings/<version>/`. */
export const embeddingModelVersion = '1'
/** Bumped when `shared/utils/subwords.ts` tokenizes or hashes differently: older tables are refused. */
export const tokenizerVersion = 1

/** metadata.json beside model.json: how to look words up in the table, and what it was trained on. */
export const embeddingMetadataSchema = z.object({
  name: z.string(),
  version: z.string(),
  dims: z.number().int().min(2),
  tokenizerVersion: z.number().int(),
  subwords: z.object({ buckets: z.number().int().min(1), minN: z.number().int().min(1), maxN: z.number().int().min(1) }),
  /** Words with their own row (rows 0..n-1, in this order) and how often each occurred in training. */
  vocabulary: z.object({ words: z.array(z.string()), counts: z.array(z.number().int().min(1)) })
    .refine(vocabulary => vocabulary.words.length === vocabulary.counts.length, 'words and counts differ in length'),
  /** Tokens in the training corpus: with the counts, each word's probability for its SIF weight. */
  totalTokens: z.number().int().min(1),
  sifA: z.number().positive(),
  /** The direction every text vector shares (the first principal component of training texts), removed from each. */
  commonComponent: z.array(z.number()).optional(),
  training: z.object({
    seed: z.number(), epochs: z.number(), window: z.number(), negatives: z.number(), seconds: z.number(),
    corpus: z.object({ documents: z.number(), atoms: z.number(), texts: z.number(), tokens: z.number() }),
  }).loose().optional(),
})
  .refine(metadata => !metadata.commonComponent || metadata.commonComponent.length === metadata.dims, { message: 'commonComponent must have dims values', path: ['commonComponent'] })
export type EmbeddingMetadata = z.infer<typeof embeddingMetadataSchema>

/** Texts, and new words, per tensor: bounds the memory one batch takes, whatever the number of texts. */
const batchSize = 256
const wordBatchSize = 2048
/** Word vectors kept between calls (64 dims: about 13 MB). */
const maxCachedWords = 50_000

/**
 * fastText-style text encoder: a word's vector is the mean of its own row (if it is in the vocabulary) and
 * the rows of its hashed character n-grams; a text's vector is the SIF-weighted sum of its words' vectors,
 * less the common component, scaled to unit length. The table is the one weight of a TF.js layers model.
 */
export class SubwordEncoder {
  readonly dims: number
  private readonly vocabulary: Map<string, number>
  private readonly probability: Float64Array
  private readonly unseenProbability: number
  private readonly settings: SubwordSettings
  private readonly wordCache = new Map<string, Float32Array>()

  constructor(readonly model: LayersModel, readonly metadata: EmbeddingMetadata, readonly source: string) {
    this.dims = metadata.dims
    this.vocabulary = new Map(metadata.vocabulary.words.map((word, i) => [word, i]))
    this.probability = Float64Array.from(metadata.vocabulary.counts, count => count / metadata.totalTokens)
    this.unseenProbability = 1 / metadata.totalTokens
    this.settings = metadata.subwords
  }

  /** Whether the text has a word the encoder learned (not only n-grams of words it never saw). */
  knowsAnyWord(text: string): boolean {
    return embeddingTokens(text).some(word => this.vocabulary.has(word))
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
    const { tf } = await mlRuntime()
    const table = this.model.getWeights()[0] as Tensor2D
    const missing = [...new Set(words.filter(word => !this.wordCache.has(word)))]
    if (this.wordCache.size + missing.length > maxCachedWords) this.wordCache.clear()
    for (let start = 0; start < missing.length; start += wordBatchSize) {
      const batch = missing.slice(start, start + wordBatchSize)
      const rowLists = batch.map(word => subwordRows(word, this.vocabulary, this.settings))
      const width = Math.max(1, ...rowLists.map(list => list.length))
      const rows = new Int32Array(batch.length * width)
      const rowWeights = new Float32Array(batch.length * width)
      rowLists.forEach((list, w) => list.forEach((row, k) => {
        rows[w * width + k] = row
        rowWeights[w * width + k] = 1 / list.length
      }))
      // Padding rows (row 0) weigh 0.
      const flat = tf.tidy(() => tf.gather(table, tf.tensor1d(rows, 'int32')).reshape([batch.length, width, this.dims])
        .mul(tf.tensor3d(rowWeights, [batch.length, width, 1])).sum(1).dataSync() as Float32Array)
      batch.forEach((word, w) => this.wordCache.set(word, flat.slice(w * this.dims, (w + 1) * this.dims)))
    }
    return words.map(word => this.wordCache.get(word) ?? new Float32Array(this.dims))
  }

  /** Unit vectors of the texts (all zeros for a text without words), in batches inside `tf.tidy`. */
  async embed(texts: string[]): Promise<Float32Array[]> {
    const { tf } = await mlRuntime()
    const pause = cooperative()
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
          textVectors = textVectors.sub(tf.matMul(tf.matMul(textVectors, component), component.transpose()))
        }
        const norms = textVectors.norm('euclidean', 1, true).maximum(1e-12)
        return textVectors.div(norms).dataSync() as Float32Array
      })
      for (let i = 0; i < batch.length; i++) vectors.push(flat.slice(i * this.dims, (i + 1) * this.dims))
      await pause()
    }
    return vectors
  }
}

/** The configured encoder (a path or URL), else the built-in one. */
export const embeddingModelSource = (configured?: string) => configured ?? builtInModel(embeddingModelName, embeddingModelVersion)

/** Checks a loaded table against its metadata: one weight of vocabulary + buckets rows by `dims` columns. */
export function checkTable(model: LayersModel, metadata: EmbeddingMetadata, source: string) {
  const weights = model.getWeights()
  const expected = [metadata.vocabulary.words.length + metadata.subwords.buckets, metadata.dims]
  const shape = weights[0]?.shape ?? []
  if (weights.length !== 1 || shape[0] !== expected[0] || shape[1] !== expected[1]) {
    throw new Error(`The text encoder ${describeSource(source)} holds weights of shape ${JSON.stringify(weights.map(weight => weight.shape))}; its metadata needs one table of [${expected.join(', ')}].`)
  }
}

/** Loads a text encoder once per process; its metadata (vocabulary, n-gram settings) is required. */
export function loadTextEncoder(configured?: string): Promise<SubwordEncoder> {
  const source = embeddingModelSource(configured)
  return loadOnce(`${embeddingModelName}:${source}`, async () => {
    const metadata = (await readModelMetadata(source, embeddingMetadataSchema, 'text encoder', { required: true }))!
    if (metadata.tokenizerVersion !== tokenizerVersion) {
      throw new Error(`The text encoder ${describeSource(source)} was trained with tokenizer version ${metadata.tokenizerVersion}; this build has version ${tokenizerVersion}.`)
    }
    const model = await loadLayersModel(source)
    try {
      checkTable(model, metadata, source)
    }
    catch (error) {
      model.dispose()
      throw error
    }
    return new SubwordEncoder(model, metadata, source)
  })
}
