import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm'
import type { AppConfig } from '../config'

export type BackendPreference = AppConfig['mlBackend']

/** TF.js's own names of the backends this app can run on. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu'

export interface MlRuntime {
  tf: typeof tf
  backend: BackendName
}

const require = createRequire(import.meta.url)

/**
 * The folder of the WASM binaries. Resolved from the package's own entry so it works from the sources,
 * from Nitro's `.output` (where nuxt.config.ts traces the .wasm files in) and from the worker bundle.
 */
function wasmFolder(): string {
  return `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`
}

/** tfjs-node is optional: its install downloads libtensorflow and is dropped where that fails. */
async function loadNodeBackend(): Promise<boolean> {
  // A name in a variable keeps bundlers from resolving the package at build time, where it may be absent.
  const name = '@tensorflow/tfjs-node'
  try {
    await import(/* @vite-ignore */ name)
    return tf.findBackend('tensorflow') !== undefined
  }
  catch {
    return false
  }
}

async function trySet(backend: BackendName): Promise<boolean> {
  try {
    if (backend === 'wasm') setWasmPaths(wasmFolder())
    if (backend === 'tensorflow' && !await loadNodeBackend()) return false
    // setBackend resolves false (it does not throw) when a backend fails to start: check what is in use.
    return await tf.setBackend(backend) && tf.getBackend() === backend
  }
  catch {
    return false
  }
}

const order: Record<BackendPreference, BackendName[]> = {
  auto: ['tensorflow', 'wasm', 'cpu'],
  node: ['tensorflow'],
  wasm: ['wasm'],
  cpu: ['cpu'],
}

async function start(preference: BackendPreference): Promise<MlRuntime> {
  // Skips TF.js's debugging checks and its console notice about tfjs-node; the backend in use is logged below.
  tf.enableProdMode()
  for (const backend of order[preference]) {
    if (await trySet(backend)) return { tf, backend }
  }
  if (preference === 'auto') throw new Error('No TF.js backend could start.')
  console.warn(`[ml] the "${preference}" backend is not available here; falling back to automatic choice`)
  return start('auto')
}

let runtime: Promise<MlRuntime> | undefined

/**
 * TF.js with its backend chosen once per process (tfjs-node, else WASM, else plain JavaScript, unless
 * `NUXT_ML_BACKEND` forces one). Every model in the server and the worker runs through this.
 */
export function mlRuntime(preference: BackendPreference = 'auto'): Promise<MlRuntime> {
  // The first caller's preference wins: the server and the worker pass the configured one before any model loads.
  if (!runtime) {
    runtime = start(preference)
    runtime.then(({ backend }) => console.info(`[ml] TF.js backend: ${backend}`), () => {})
  }
  return runtime
}

/** For benchmarks and tests comparing backends: switches the process to another backend, if it can start. */
export async function switchBackend(backend: BackendName): Promise<boolean> {
  await mlRuntime()
  const ok = await trySet(backend)
  if (ok) runtime = Promise.resolve({ tf, backend })
  return ok
}
