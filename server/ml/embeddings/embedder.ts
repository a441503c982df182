import { roundedVector, type SubwordTextEncoder } from '../../../shared/utils/text-encoder'
import { configDefaults, type AppConfig } from '../../config'
import { mlRuntime } from '../runtime'
import { loadTextEncoder } from './encoder'
import { timeInference } from '../../metrics/ml'

export type EmbeddingSettings = Pick<AppConfig, 'mlBackend' | 'embeddingsModel' | 'embeddingsDims'>

export interface EmbedOptions {
  /**
   * The texts are search queries: one the encoder learned too little of gets all zeros (no vector), by the
   * rule the browser's offline search applies too (shared/utils/query-meaning.ts).
   */
  queries?: boolean
}

/** Unit vectors and the version of the encoder that made them: only vectors of one version are compared. */
export interface Embedded {
  vectors: number[][]
  version: string
}

/** Texts in, unit vectors out; undefined when no encoder can load (then callers do without vectors). */
export type Embedder = (texts: string[], options?: EmbedOptions) => Promise<Embedded | undefined>

/** Texts embedded by one encoder, rounded as stored; queries it learned too little of get all zeros. */
export async function embedWith(encoder: SubwordTextEncoder, texts: string[], { queries = false }: EmbedOptions = {}): Promise<Embedded> {
  const version = encoder.metadata.version
  const done = timeInference('embeddings')
  const vectors = queries ? await Promise.all(texts.map(text => encoder.embedQuery(text))) : await encoder.embed(texts)
  done()
  return { vectors: vectors.map(vector => (vector ? roundedVector(vector) : new Array<number>(encoder.dims).fill(0))), version }
}

let warned = false

/**
 * Embeds texts with the configured encoder (or the built-in one). When it cannot load or run, the reason is
 * logged once per process and the answer is undefined: atomizing goes on without vectors and search falls
 * back to keywords, so nothing fails for want of a model.
 */
export function createEmbedder(settings: EmbeddingSettings): Embedder {
  return async (texts, { queries = false } = {}) => {
    try {
      await mlRuntime(settings.mlBackend)
      const encoder = await loadTextEncoder(settings.embeddingsModel)
      const version = encoder.metadata.version
      if (texts.length === 0) return { vectors: [], version }
      if (encoder.dims !== settings.embeddingsDims) {
        throw new Error(`the text encoder ${encoder.source} makes ${encoder.dims}-dimensional vectors; the search index is set up for NUXT_EMBEDDINGS_DIMS = ${settings.embeddingsDims}`)
      }
      return await embedWith(encoder, texts, { queries })
    }
    catch (error) {
      if (!warned) {
        warned = true
        console.warn(`[ml] texts are not embedded (related atoms by terms only, keyword search): ${error instanceof Error ? error.message : String(error)}`)
      }
      return undefined
    }
  }
}

let processEmbedder: Embedder | undefined

/** Sets the settings of this process's embedder (the server's drivers plugin and the worker, at start). */
export function configureEmbedder(settings: EmbeddingSettings): void {
  processEmbedder = createEmbedder(settings)
}

/** This process's embedder, for services that embed a query or an edited atom; the built-in encoder until configured. */
export function useEmbedder(): Embedder {
  return processEmbedder ??= createEmbedder(configDefaults)
}
