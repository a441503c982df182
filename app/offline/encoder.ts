/**
 * The server's text encoder in the browser, for offline search by meaning: the same model files (served by
 * the built app under `textEncoderPublicPath`), the same shared code, TF.js on its WASM backend (the CPU
 * backend where WebAssembly fails). Imported on demand only (see search.ts and mirror.ts): TF.js and the
 * model cost nothing to a reader who never searches offline.
 */
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'
import { embeddingMetadataSchema } from '#shared/schemas/embedding-model'
import { tokenizerVersion } from '#shared/utils/subwords'
import { roundedVector, SubwordTextEncoder, tableFromArtifacts, textEncoderPublicPath } from '#shared/utils/text-encoder'

export interface QueryEncoder {
  dims: number
  /** TF.js's name of the backend it runs on: `wasm`, or `cpu` where WebAssembly would not start. */
  backend: string
  /** Unit vectors, rounded as the server stores the atoms' vectors. */
  embed: (texts: string[]) => Promise<number[][]>
  /** A search query's vector, or nothing when the encoder learned too little of it: the server's rule (shared/utils/query-meaning.ts). */
  embedQuery: (text: string) => Promise<number[] | undefined>
}

/** WASM first; the CPU backend (plain JavaScript, slower) where it fails. `setBackend` resolves false rather than throwing. */
async function startBackend(): Promise<string> {
  tf.enableProdMode()
  // The binaries are assets of this chunk, fetched (and cached by the service worker) only when TF.js starts.
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
  })
  for (const backend of ['wasm', 'cpu']) {
    try {
      if (await tf.setBackend(backend) && tf.getBackend() === backend) return backend
    }
    catch {
      // Try the next one.
    }
  }
  throw new Error('no TF.js backend starts in this browser')
}

async function load(): Promise<QueryEncoder> {
  const backend = await startBackend()
  const response = await fetch(`${textEncoderPublicPath}metadata.json`)
  if (!response.ok) throw new Error(`the text encoder's metadata answered ${response.status}`)
  const metadata = embeddingMetadataSchema.parse(await response.json())
  if (metadata.tokenizerVersion !== tokenizerVersion) throw new Error(`the text encoder needs tokenizer version ${metadata.tokenizerVersion}`)
  const table = tableFromArtifacts(tf, await tf.io.http(`${textEncoderPublicPath}model.json`).load?.(), metadata)
  const encoder = new SubwordTextEncoder(() => table, metadata, { tf: async () => tf })
  return {
    dims: encoder.dims,
    backend,
    embed: async texts => (await encoder.embed(texts)).map(roundedVector),
    embedQuery: async (text) => {
      const vector = await encoder.embedQuery(text)
      return vector && roundedVector(vector)
    },
  }
}

let loading: Promise<QueryEncoder> | undefined

/** Loads the encoder once per page; a failed load is tried again on the next call (the network may be back). */
export function loadQueryEncoder(): Promise<QueryEncoder> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined
    throw error
  })
  return loading
}
