import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { io, LayersModel } from '@tensorflow/tfjs'
import type { z } from 'zod'
import type { FileStore } from '../drivers/files/types'
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
  const pathOf = (name: string) => (name === modelFile ? jsonPath : join(folder, name))
  return layersModelHandler({
    read: name => readFile(pathOf(name)),
    async write(name, bytes) {
      await mkdir(folder, { recursive: true })
      await writeFile(pathOf(name), bytes)
    },
  })
}

/** Where a layers model's files (model.json and its weights) are read and written. */
interface ModelFiles {
  /** The bytes of one file; throws, naming it, when it is missing. */
  read(name: string): Promise<Uint8Array>
  write(name: string, bytes: Uint8Array, contentType: string): Promise<void>
}

/** TF.js IO for the layers format (model.json + weights.bin) over any place that keeps files. */
function layersModelHandler(files: ModelFiles): io.IOHandler {
  return {
    async save(artifacts) {
      if (!artifacts.modelTopology || artifacts.modelTopology instanceof ArrayBuffer) throw new Error('Only layers models can be saved.')
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
      // Weights first: a reader that finds model.json finds its weights too.
      await files.write(weightsFile, new Uint8Array(weights), 'application/octet-stream')
      await files.write(modelFile, new TextEncoder().encode(`${JSON.stringify(modelJson)}\n`), 'application/json')
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: weights.byteLength } }
    },
    async load() {
      const { tf } = await mlRuntime()
      const modelJson = JSON.parse(new TextDecoder().decode(await files.read(modelFile))) as io.ModelJSON
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
        const specs = manifest.flatMap(group => group.weights)
        const buffers = await Promise.all(manifest.flatMap(group => group.paths).map(async (path) => {
          const bytes = await files.read(path)
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

/**
 * The same layers format kept in the app's object store (the local folder or S3) under `prefix/`: where a
 * model retrained from the store's data is published, so every worker process can load it.
 */
export function objectStoreModelHandler(files: FileStore, prefix: string): io.IOHandler {
  return layersModelHandler({
    async read(name) {
      const bytes = await files.get(`${prefix}/${name}`)
      if (!bytes) throw new Error(`${prefix}/${name} is missing from the object store.`)
      return bytes
    },
    write: (name, bytes, contentType) => files.put(`${prefix}/${name}`, bytes, contentType),
  })
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

/** A JSON document (a model's metadata, a pointer to the current model) from the object store, or undefined. */
export async function readStoredJson(files: FileStore, key: string): Promise<unknown> {
  const bytes = await files.get(key)
  return bytes ? JSON.parse(bytes.toString('utf8')) : undefined
}

export async function writeStoredJson(files: FileStore, key: string, value: unknown): Promise<void> {
  await files.put(key, new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`), 'application/json')
}

export interface ModelContract<M extends { features: { featureVersion: number } }> {
  /** The model's name in messages: "type model". */
  what: string
  metadataSchema: z.ZodType<M>
  featureVersion: number
  featureSize: number
  outputSize: number
}

/**
 * Checks a model against what this build feeds it and expects back: its metadata (when it has one) must
 * parse and name the same feature version, and its input and output widths must fit. A model that does
 * not fit is disposed and refused with a message saying why, instead of guessing.
 */
export function checkModel<M extends { features: { featureVersion: number } }>(
  contract: ModelContract<M>, source: string, model: LayersModel, metadata: unknown,
): M | undefined {
  const name = `The ${contract.what} ${describeSource(source)}`
  const refuse = (message: string) => {
    model.dispose()
    throw new Error(`${name} ${message}`)
  }
  const parsed = metadata === undefined ? undefined : contract.metadataSchema.safeParse(metadata)
  if (parsed && !parsed.success) refuse(`has metadata that is not valid: ${parsed.error.message}`)
  if (parsed?.data && parsed.data.features.featureVersion !== contract.featureVersion) {
    refuse(`was trained on features version ${parsed.data.features.featureVersion}; this build makes version ${contract.featureVersion}.`)
  }
  const [, inputs] = model.inputs[0]!.shape
  const [, outputs] = model.outputs[0]!.shape
  if (inputs !== contract.featureSize || outputs !== contract.outputSize) {
    refuse(`takes ${inputs} features and gives ${outputs} scores; ${contract.featureSize} and ${contract.outputSize} are needed.`)
  }
  return parsed?.data
}

/** A model and its metadata from a folder, a model.json path or a URL, checked against the contract. */
export async function loadCheckedModel<M extends { features: { featureVersion: number } }>(
  contract: ModelContract<M>, source: string,
): Promise<{ model: LayersModel, metadata: M | undefined }> {
  const metadata = await loadModelMetadata(source)
  // Metadata naming other features is refused before the weights are fetched.
  const early = metadata === undefined ? undefined : contract.metadataSchema.safeParse(metadata)
  if (early?.success && early.data.features.featureVersion !== contract.featureVersion) {
    throw new Error(`The ${contract.what} ${describeSource(source)} was trained on features version ${early.data.features.featureVersion}; this build makes version ${contract.featureVersion}.`)
  }
  const model = await loadLayersModel(source)
  return { model, metadata: checkModel(contract, source, model, metadata) }
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
