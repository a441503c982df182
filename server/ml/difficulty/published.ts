import type { LayersModel } from '@tensorflow/tfjs'
import { z } from 'zod'
import type { FileStore } from '../../drivers/files/types'
import { checkModel, objectStoreModelHandler, readStoredJson, writeStoredJson } from '../models'
import { mlRuntime } from '../runtime'
import { difficultyModelContract, DifficultyModel, type DifficultyModelMetadata } from './model'

/**
 * Models retrained from the store's reviews are published in the object store (the local folder, or S3
 * when scaled), so every web instance and worker finds them: `models/difficulty/<version>/` holds the model
 * and `models/difficulty/current.json` names the version in use. Publishing writes the model first and the
 * pointer last, so a reader never sees a pointer to a half-written model.
 */
const prefix = 'models/difficulty'
export const pointerKey = `${prefix}/current.json`

const pointerSchema = z.object({ version: z.string().regex(/^[\w.-]+$/), publishedAt: z.string() })
export type PublishedPointer = z.infer<typeof pointerSchema>

/** A process looks for a newer published model at most this often. */
export const checkIntervalMs = 60_000
const disposeAfterMs = 10 * 60_000

const folderOf = (version: string) => `${prefix}/${version}`

export async function publishDifficultyModel(files: FileStore, model: LayersModel, metadata: DifficultyModelMetadata): Promise<PublishedPointer> {
  await model.save(objectStoreModelHandler(files, folderOf(metadata.version)))
  await writeStoredJson(files, `${folderOf(metadata.version)}/metadata.json`, metadata)
  const pointer = { version: metadata.version, publishedAt: new Date().toISOString() }
  await writeStoredJson(files, pointerKey, pointer)
  return pointer
}

export async function readPointer(files: FileStore): Promise<PublishedPointer | undefined> {
  const parsed = pointerSchema.safeParse(await readStoredJson(files, pointerKey))
  return parsed.success ? parsed.data : undefined
}

/** The metadata of the published model in use, if there is one. */
export async function publishedMetadata(files: FileStore): Promise<DifficultyModelMetadata | undefined> {
  const pointer = await readPointer(files)
  if (!pointer) return undefined
  const parsed = difficultyModelContract.metadataSchema.safeParse(await readStoredJson(files, `${folderOf(pointer.version)}/metadata.json`))
  return parsed.success ? parsed.data : undefined
}

async function loadPublished(files: FileStore, version: string): Promise<DifficultyModel> {
  const { tf } = await mlRuntime()
  const metadata = await readStoredJson(files, `${folderOf(version)}/metadata.json`)
  const model = await tf.loadLayersModel(objectStoreModelHandler(files, folderOf(version)))
  const source = `object store ${folderOf(version)}`
  return new DifficultyModel(model, source, checkModel(difficultyModelContract, source, model, metadata))
}

interface Watch {
  checkedAt: number
  version?: string
  model?: Promise<DifficultyModel>
}

const watches = new WeakMap<FileStore, Watch>()

/**
 * The published model, loaded once per version and process; the pointer is read again at most every
 * `checkIntervalMs`, so a worker picks up a retrained model within a minute without restarting. The
 * model it replaces is disposed a while later, once jobs scoring with it have surely finished. Undefined
 * while nothing is published.
 */
export async function currentPublishedModel(files: FileStore, now = Date.now()): Promise<DifficultyModel | undefined> {
  let watch = watches.get(files)
  if (!watch) watches.set(files, watch = { checkedAt: -Infinity })
  if (now - watch.checkedAt >= checkIntervalMs) {
    watch.checkedAt = now
    const pointer = await readPointer(files)
    if (pointer && pointer.version !== watch.version) {
      const previous = watch.model
      const next = loadPublished(files, pointer.version)
      // Only a model that loads replaces the one in use; a broken publication leaves it in place.
      await next
      watch.version = pointer.version
      watch.model = next
      if (previous) setTimeout(() => void previous.then(old => old.model.dispose(), () => {}), disposeAfterMs).unref()
    }
  }
  return watch.model
}
