/**
 * The server's text encoder in the browser, for offline search by meaning: the same model files (the
 * built-in version served by the built app under `textEncoderPublicPath`, a configured one by the API),
 * the same shared code, TF.js on its WASM backend (the CPU backend where WebAssembly fails). The version
 * loaded is the one that made the vectors on the device (vectors.ts). Imported on demand only (see
 * search.ts and mirror.ts): TF.js and the model cost nothing to a reader who never searches offline.
 */
import * as tf from '@tensorflow/tfjs-core'
import '@tensorflow/tfjs-backend-cpu'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url'
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url'
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url'
import { embeddingMetadataSchema } from '#shared/schemas/embedding-model'
import { tokenizerVersion } from '#shared/utils/subwords'
import { roundedVector, SubwordTextEncoder, tableFromArtifacts } from '#shared/utils/text-encoder'

/** Which encoder version, and the path its files are served under (ending in /). */
export interface EncoderLocation {
  version: string
  files: string
}

export interface QueryEncoder {
  /** The version that made the vectors it can be compared with. */
  version: string
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

let backendReady: Promise<string> | undefined

async function load({ version, files }: EncoderLocation): Promise<QueryEncoder> {
  const backend = await (backendReady ??= startBackend().catch((error: unknown) => {
    backendReady = undefined
    throw error
  }))
  const response = await fetch(`${files}metadata.json`)
  if (!response.ok) throw new Error(`the text encoder's metadata answered ${response.status}`)
  const metadata = embeddingMetadataSchema.parse(await response.json())
  if (metadata.version !== version) throw new Error(`the text encoder at ${files} is version ${metadata.version}, not ${version}`)
  if (metadata.tokenizerVersion !== tokenizerVersion) throw new Error(`the text encoder needs tokenizer version ${metadata.tokenizerVersion}`)
  const table = tableFromArtifacts(tf, await tf.io.http(`${files}model.json`).load?.(), metadata)
  const encoder = new SubwordTextEncoder(() => table, metadata, { tf: async () => tf })
  return {
    version,
    dims: encoder.dims,
    backend,
    embed: async texts => (await encoder.embed(texts)).map(roundedVector),
    embedQuery: async (text) => {
      const vector = await encoder.embedQuery(text)
      return vector && roundedVector(vector)
    },
  }
}

let loading: { version: string, encoder: Promise<QueryEncoder> } | undefined

/**
 * Loads an encoder version once per page (one at a time: a newer version replaces the one kept); a failed
 * load is tried again on the next call (the network may be back).
 */
export function loadQueryEncoder(location: EncoderLocation): Promise<QueryEncoder> {
  if (loading?.version !== location.version) {
    const entry = {
      version: location.version,
      encoder: load(location).catch((error: unknown) => {
        if (loading === entry) loading = undefined
        throw error
      }),
    }
    loading = entry
  }
  return loading.encoder
}
