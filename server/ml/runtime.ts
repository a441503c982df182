import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import type * as TF from '@tensorflow/tfjs'
import type * as TFWasm from '@tensorflow/tfjs-backend-wasm'
import type { AppConfig } from '../config'

interface TfModules {
  tf: typeof TF
  wasm: typeof TFWasm
  require: NodeJS.Require
}

let modules: TfModules | undefined

/**
 * TF.js is loaded with Node's own `require`, from node_modules: a bundler would inline its ES modules as a
 * second copy of tfjs-core, which the WASM backend (loaded from node_modules) never registers with. The
 * build traces these packages and the .wasm binaries into `.output` (scripts/ml-build.ts). Loaded on first
 * use, not at import: in the built server `import.meta.url` names the real file only once start-up has run.
 */
function tfModules(): TfModules {
  if (!modules) {
    const require = createRequire(import.meta.url)
    modules = { tf: require('@tensorflow/tfjs') as typeof TF, wasm: require('@tensorflow/tfjs-backend-wasm') as typeof TFWasm, require }
  }
  return modules
}

export type BackendPreference = AppConfig['mlBackend']

/** TF.js's own names of the backends this app can run on. */
export type BackendName = 'tensorflow' | 'wasm' | 'cpu'

export interface MlRuntime {
  tf: typeof TF
  backend: BackendName
}

/** The folder of the WASM binaries, beside the package's entry: in the sources, in `.output` and for the worker. */
function wasmFolder(): string {
  return `${dirname(tfModules().require.resolve('@tensorflow/tfjs-backend-wasm'))}/`
}

/** tfjs-node is optional: its install downloads libtensorflow and is dropped where that fails. */
function loadNodeBackend(): boolean {
  const name = '@tensorflow/tfjs-node'
  try {
    tfModules().require(name)
    return tfModules().tf.findBackend('tensorflow') !== undefined
  }
  catch {
    return false
  }
}

async function trySet(backend: BackendName): Promise<boolean> {
  const { tf, wasm } = tfModules()
  try {
    if (backend === 'wasm') wasm.setWasmPaths(wasmFolder())
    if (backend === 'tensorflow' && !loadNodeBackend()) return false
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
  const { tf } = tfModules()
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
  if (ok) runtime = Promise.resolve({ tf: tfModules().tf, backend })
  return ok
}
