import type { FileStore } from '../../drivers/files/types'
import type { AppConfig } from '../../config'
import { publishedModels, type PublishedModels } from '../published'
import { mlRuntime } from '../runtime'
import { embeddingMetadataSchema, embeddingModelName, loadTextEncoder, textEncoderOf, type EmbeddingMetadata, type SubwordEncoder } from './encoder'

/**
 * Text encoders retrained on the fixtures and the store's atoms (refresh.ts), published in the object store
 * as the difficulty models are (../published.ts): `models/embeddings/<version>/` and its pointer.
 */
export const publishedEncoders: PublishedModels<SubwordEncoder> = publishedModels<SubwordEncoder>({
  name: embeddingModelName,
  async load(_files, version, handler, metadata) {
    const { tf } = await mlRuntime()
    const source = `object store ${publishedEncoders.folderOf(version)}`
    const parsed = embeddingMetadataSchema.safeParse(metadata)
    if (!parsed.success) throw new Error(`The text encoder ${source} has no valid metadata.json: ${parsed.error.message}`)
    return textEncoderOf(await tf.loadLayersModel(handler), parsed.data, source)
  },
  dispose: encoder => encoder.model.dispose(),
})

export type EncoderSettings = Pick<AppConfig, 'embeddingsModel'>

/**
 * The encoder in use: the configured one (NUXT_EMBEDDINGS_MODEL), else the latest published one, else the
 * built-in one. Its `metadata.version` goes with every vector it makes, so vectors of two encoders are
 * never compared.
 */
export async function currentTextEncoder(settings: EncoderSettings, files?: FileStore, options: { recheck?: boolean } = {}): Promise<SubwordEncoder> {
  if (settings.embeddingsModel || !files) return loadTextEncoder(settings.embeddingsModel)
  try {
    return await publishedEncoders.current(files, options) ?? await loadTextEncoder()
  }
  catch (error) {
    // A publication that does not load leaves the built-in encoder in use rather than no encoder.
    if (!warned) console.warn(`[ml] the published text encoder cannot be used; the built-in one embeds texts: ${error instanceof Error ? error.message : String(error)}`)
    warned = true
    return loadTextEncoder()
  }
}
let warned = false

/** The metadata of the encoder in use, without loading another one. */
export async function currentEncoderMetadata(settings: EncoderSettings, files?: FileStore): Promise<EmbeddingMetadata> {
  return (await currentTextEncoder(settings, files)).metadata
}
