// Build helpers for machine learning (nuxt.config.ts): what TF.js needs in `.output` besides the code.
import { cpSync, existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { builtInTextEncoder, textEncoderPublicPath } from '../shared/utils/text-encoder'

const require = createRequire(import.meta.url)
const root = fileURLToPath(new URL('..', import.meta.url))

/**
 * Files Nitro must trace into `.output` although no import names them: the Node entries of TF.js and its
 * WASM backend (server/ml/runtime.ts requires them at run time), the backend's three .wasm binaries, and
 * tfjs-node's entry when it is installed (it is optional).
 */
export function mlTraceInclude(): string[] {
  const wasmEntry = require.resolve('@tensorflow/tfjs-backend-wasm')
  const wasmDist = dirname(wasmEntry)
  const files = [require.resolve('@tensorflow/tfjs'), wasmEntry, ...readdirSync(wasmDist).filter(file => file.endsWith('.wasm')).map(file => join(wasmDist, file))]
  try {
    files.push(require.resolve('@tensorflow/tfjs-node'))
  }
  catch {
    // Not installed: the runtime uses WASM.
  }
  return files
}

/**
 * Copies each model folder to `<serverDir>/models`, with the labelled textbooks (a few MB) that retraining
 * the key-term model from authors' corrections learns from alongside them; not the other training data.
 */
export function copyModels(serverDir: string) {
  const source = join(root, 'models')
  if (!existsSync(source)) return
  const data = join(source, 'data')
  const textbooks = join(data, 'textbooks')
  cpSync(source, join(serverDir, 'models'), { recursive: true, filter: path => path === data || !path.startsWith(data) || path.startsWith(textbooks) })
}

/**
 * The built-in text encoder as static files of the built app, for the browser's offline search (the WASM
 * binaries come with the client code, app/offline/encoder.ts). The path names the version, so a year's cache is safe.
 */
export function publicModelAssets() {
  return [{
    dir: join(root, 'models', builtInTextEncoder.name, builtInTextEncoder.version),
    baseURL: textEncoderPublicPath,
    maxAge: 60 * 60 * 24 * 365,
  }]
}
