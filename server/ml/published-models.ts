import type { io } from '@tensorflow/tfjs'
import { z } from 'zod'
import type { FileStore } from '../drivers/files/types'
import { objectStoreModelHandler, readStoredJson, writeStoredJson } from './models'

/**
 * Models retrained from the store's data are published in the object store (the local folder, or S3 when
 * scaled), so every web instance and worker finds them: `models/<name>/<version>/` holds the model and its
 * metadata, and `models/<name>/current.json` names the version in use. Publishing writes the model first
 * and the pointer last, so a reader never sees a pointer to a half-written model. A model can also be
 * staged (written without moving the pointer) and pointed to later, once the data it needs is ready.
 */
const pointerSchema = z.object({ version: z.string().regex(/^[\w.-]+$/), publishedAt: z.string() })
export type PublishedPointer = z.infer<typeof pointerSchema>

/** A process looks for a newer published model at most this often. */
export const checkIntervalMs = 60_000
const disposeAfterMs = 10 * 60_000

export interface PublishedModelKind<M> {
  /** The folder under `models/` in the object store: `difficulty`, `embeddings`. */
  name: string
  /** Loads a published version (its files through `handler`, its metadata as stored); throws when it does not fit. */
  load(files: FileStore, version: string, handler: io.IOHandler, metadata: unknown): Promise<M>
  dispose(model: M): void
}

interface Watch<M> {
  checkedAt: number
  version?: string
  model?: Promise<M>
}

/** Publishing, reading and following one kind of published model. */
export interface PublishedModels<M> {
  readonly pointerKey: string
  folderOf(version: string): string
  /** Writes the model and its metadata under its version; the pointer stays where it was. */
  stage(files: FileStore, version: string, save: (handler: io.IOHandler) => Promise<unknown>, metadata: unknown): Promise<void>
  /** Moves the pointer to a staged version: every process switches to it within `checkIntervalMs`. */
  point(files: FileStore, version: string): Promise<PublishedPointer>
  readPointer(files: FileStore): Promise<PublishedPointer | undefined>
  /** The stored metadata of a version (the one in use by default), if there is one. */
  metadata(files: FileStore, version?: string): Promise<unknown>
  /** Loads a published (or staged) version, apart from the one in use: the caller disposes of it. */
  load(files: FileStore, version: string): Promise<M>
  /** The bytes of one file of a published version (model.json, weights.bin, metadata.json), or undefined. */
  file(files: FileStore, version: string, name: string): Promise<Uint8Array | undefined>
  /**
   * The model in use, loaded once per version and process; the pointer is read again at most every
   * `checkIntervalMs` (at once with `recheck`), so a process picks up a new model within a minute without
   * restarting. The model it replaces is disposed a while later, once work using it has surely finished.
   * Undefined while nothing is published.
   */
  current(files: FileStore, options?: { now?: number, recheck?: boolean }): Promise<M | undefined>
}

export function publishedModels<M>(kind: PublishedModelKind<M>): PublishedModels<M> {
  const prefix = `models/${kind.name}`
  const pointerKey = `${prefix}/current.json`
  const folderOf = (version: string) => `${prefix}/${version}`
  const watches = new WeakMap<FileStore, Watch<M>>()

  const readPointer = async (files: FileStore) => {
    const parsed = pointerSchema.safeParse(await readStoredJson(files, pointerKey))
    return parsed.success ? parsed.data : undefined
  }

  const load = async (files: FileStore, version: string) =>
    kind.load(files, version, objectStoreModelHandler(files, folderOf(version)), await readStoredJson(files, `${folderOf(version)}/metadata.json`))

  return {
    pointerKey,
    folderOf,
    async stage(files, version, save, metadata) {
      await save(objectStoreModelHandler(files, folderOf(version)))
      await writeStoredJson(files, `${folderOf(version)}/metadata.json`, metadata)
    },
    async point(files, version) {
      const pointer = { version, publishedAt: new Date().toISOString() }
      await writeStoredJson(files, pointerKey, pointer)
      return pointer
    },
    readPointer,
    load,
    async metadata(files, version) {
      const named = version ?? (await readPointer(files))?.version
      return named === undefined ? undefined : readStoredJson(files, `${folderOf(named)}/metadata.json`)
    },
    async file(files, version, name) {
      if (!/^[\w.-]+$/.test(version) || !/^[\w.-]+$/.test(name)) return undefined
      return (await files.get(`${folderOf(version)}/${name}`)) ?? undefined
    },
    async current(files, { now = Date.now(), recheck = false } = {}) {
      let watch = watches.get(files)
      if (!watch) watches.set(files, watch = { checkedAt: -Infinity })
      if (recheck || now - watch.checkedAt >= checkIntervalMs) {
        watch.checkedAt = now
        const pointer = await readPointer(files)
        if (pointer && pointer.version !== watch.version) {
          const previous = watch.model
          const next = load(files, pointer.version)
          // Only a model that loads replaces the one in use; a broken publication leaves it in place.
          await next
          watch.version = pointer.version
          watch.model = next
          if (previous) setTimeout(() => void previous.then(old => kind.dispose(old), () => {}), disposeAfterMs).unref()
        }
      }
      return watch.model
    },
  }
}
