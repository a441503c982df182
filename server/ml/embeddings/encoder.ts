import type { LayersModel, Tensor2D } from '@tensorflow/tfjs'
import { embeddingMetadataSchema, type EmbeddingMetadata } from '../../../shared/schemas/embedding-model'
import { tokenizerVersion } from '../../../shared/utils/subwords'
import { builtInTextEncoder, expectedTableShape, SubwordTextEncoder } from '../../../shared/utils/text-encoder'
import { cooperative } from '../../atomizer/yield'
import { builtInModel, describeSource, loadLayersModel, loadOnce, readModelMetadata } from '../models'
import { mlRuntime } from '../runtime'

export const embeddingModelName = builtInTextEncoder.name
/** The built-in encoder version this code reads: `models/embeddings/<version>/`. */
export const embeddingModelVersion = builtInTextEncoder.version
// Shared with the browser, which reads the same model for offline search.
export { embeddingMetadataSchema, tokenizerVersion, type EmbeddingMetadata }

/**
 * The fastText-style text encoder (shared/utils/text-encoder.ts) over a TF.js layers model whose one weight
 * is the table.
 */
export class SubwordEncoder extends SubwordTextEncoder {
  constructor(readonly model: LayersModel, metadata: EmbeddingMetadata, readonly source: string) {
    super(() => model.getWeights()[0] as Tensor2D, metadata, { tf: async () => (await mlRuntime()).tf, pause: cooperative() })
  }
}

/** The configured encoder (a path or URL), else the built-in one. */
export const embeddingModelSource = (configured?: string) => configured ?? builtInModel(embeddingModelName, embeddingModelVersion)

/** Checks a loaded table against its metadata: one weight of vocabulary + buckets rows by `dims` columns. */
export function checkTable(model: LayersModel, metadata: EmbeddingMetadata, source: string) {
  const weights = model.getWeights()
  const expected = expectedTableShape(metadata)
  const shape = weights[0]?.shape ?? []
  if (weights.length !== 1 || shape[0] !== expected[0] || shape[1] !== expected[1]) {
    throw new Error(`The text encoder ${describeSource(source)} holds weights of shape ${JSON.stringify(weights.map(weight => weight.shape))}; its metadata needs one table of [${expected.join(', ')}].`)
  }
}

/** A text encoder from its model and metadata: refused, naming `source`, when the tokenizer or the table does not fit. */
export function textEncoderOf(model: LayersModel, metadata: EmbeddingMetadata, source: string): SubwordEncoder {
  try {
    if (metadata.tokenizerVersion !== tokenizerVersion) {
      throw new Error(`The text encoder ${describeSource(source)} was trained with tokenizer version ${metadata.tokenizerVersion}; this build has version ${tokenizerVersion}.`)
    }
    checkTable(model, metadata, source)
  }
  catch (error) {
    model.dispose()
    throw error
  }
  return new SubwordEncoder(model, metadata, source)
}

/** Loads a text encoder once per process; its metadata (vocabulary, n-gram settings) is required. */
export function loadTextEncoder(configured?: string): Promise<SubwordEncoder> {
  const source = embeddingModelSource(configured)
  return loadOnce(`${embeddingModelName}:${source}`, async () => {
    const metadata = (await readModelMetadata(source, embeddingMetadataSchema, 'text encoder', { required: true }))!
    if (metadata.tokenizerVersion !== tokenizerVersion) {
      throw new Error(`The text encoder ${describeSource(source)} was trained with tokenizer version ${metadata.tokenizerVersion}; this build has version ${tokenizerVersion}.`)
    }
    return textEncoderOf(await loadLayersModel(source), metadata, source)
  })
}
