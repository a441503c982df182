import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { io, LayersModel } from '@tensorflow/tfjs'
import type { z } from 'zod'
import { mlRuntime } from './runtime'

const modelFile = 'model.json'
const weightsFile = 'weights.bin'
const metadataFile = 'metadata.json'

const isUrl = (source: string) => /^https?:\/\//i.test(source)

/** `folder/model.json` for a folder, the file itself for a path to a .json file. */
const modelJsonPath = (source: string) => (source.endsWith('.json') ? source : join(source, modelFile))

/**
 * TF.js's file IO for Node lives in tfjs-node, which is optional here: this handler reads and writes the
 * standard layers format (model.json + weights.bin) with plain fs, so saving and loading work on any backend.
 */
export function fileModelHandler(source: string): io.IOHandler {
  const jsonPath = resolve(modelJsonPath(source))
  const folder = dirname(jsonPath)
  return {
    async save(artifacts) {
      if (!artifacts.modelTopology || artifacts.modelTopology instanceof ArrayBuffer) throw new Error('Only layers models can be saved as files.')
      const { tf } = await mlRuntime()
      const weights = artifacts.weightData ? tf.io.concatenateArrayBuffers(artifacts.weightData) : new ArrayBuffer(0)
      const modelJson: io.ModelJSON = {
        modelTopology: artifacts.modelTopology,
        format: artifacts.format ?? 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig && { trainingConfig: artifacts.trainingConfig }),
      }
      await mkdir(folder, { recursive: true })
      await writeFile(jsonPath, `${JSON.stringify(modelJson)}\n`)
      await writeFile(join(folder, weightsFile), new Uint8Array(weights))
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } }
    },
    async load() {
      const { tf } = await mlRuntime()
      const modelJson = JSON.parse(await readFile(jsonPath, 'utf8')) as io.ModelJSON
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs = manifest.flatMap(group => group.weights)
        const buffers = await Promise.all(manifest.flatMap(group => group.paths).map(async (path) => {
          const bytes = await readFile(join(folder, path))
          return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
        }))
        return [specs, tf.io.concatenateArrayBuffers(buffers)]
      })
    },
  }
}

/**
 * The repository's `models/` folder: found upwards from this module, so it works from the sources, from the
 * built server (the build copies it to `.output/server/models`) and from the worker bundle beside it.
 */
export function modelsRoot(): string {
  let folder = dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = join(folder, 'models')
    if (existsSync(join(candidate, 'README.md'))) return candidate
    const parent = dirname(folder)
    if (parent === folder) return resolve('models')
    folder = parent
  }
}

/** Where a built-in model version lives: `models/<name>/<version>/`. */
export const builtInModel = (name: string, version: string) => join(modelsRoot(), name, version)

/** A layers model from a folder, a model.json path or an http(s) URL (never from a hub: only what is configured). */
export async function loadLayersModel(source: string): Promise<LayersModel> {
  const { tf } = await mlRuntime()
  return tf.loadLayersModel(isUrl(source) ? source : fileModelHandler(source))
}

/** Saves a layers model as model.json + weights.bin in a folder. */
export async function saveLayersModel(model: LayersModel, folder: string): Promise<void> {
  await model.save(fileModelHandler(folder))
}

/** The metadata.json beside a model (labels, feature settings, metrics), or undefined when it has none. */
export async function loadModelMetadata(source: string): Promise<unknown> {
  try {
    if (isUrl(source)) {
      const response = await fetch(new URL(metadataFile, source.endsWith('.json') ? source : `${source.replace(/\/?$/, '/')}`))
      return response.ok ? await response.json() : undefined
    }
    const path = join(dirname(resolve(modelJsonPath(source))), metadataFile)
    return existsSync(path) ? JSON.parse(await readFile(path, 'utf8')) : undefined
  }
  catch {
    return undefined
  }
}

/**
 * The metadata.json beside a model, checked against its schema: undefined when there is none (unless
 * `required`), an error naming the model when it does not fit. Every model of the app loads through this.
 */
export async function readModelMetadata<S extends z.ZodType>(source: string, schema: S, what: string, { required = false } = {}): Promise<z.infer<S> | undefined> {
  const metadata = await loadModelMetadata(source)
  if (metadata === undefined) {
    if (required) throw new Error(`The ${what} ${describeSource(source)} has no metadata.json beside it.`)
    return undefined
  }
  const parsed = schema.safeParse(metadata)
  if (!parsed.success) throw new Error(`The metadata of the ${what} ${describeSource(source)} is not valid: ${parsed.error.message}`)
  return parsed.data
}

export async function saveModelMetadata(folder: string, metadata: unknown): Promise<void> {
  await mkdir(folder, { recursive: true })
  await writeFile(join(folder, metadataFile), `${JSON.stringify(metadata, null, 2)}\n`)
}

const loaded = new Map<string, Promise<unknown>>()

/** Loads something once per process (a model and its metadata); later callers share the same promise. */
export function loadOnce<T>(key: string, load: () => Promise<T>): Promise<T> {
  let entry = loaded.get(key) as Promise<T> | undefined
  if (!entry) loaded.set(key, entry = load())
  return entry
}

/** A short name for logs: the URL, or the folder holding model.json. */
export const describeSource = (source: string) => (isUrl(source) ? source : basename(dirname(resolve(modelJsonPath(source)))))
