import type { LayersModel } from '@tensorflow/tfjs'
import type { FileStore } from '../../drivers/files/types'
import { checkModel } from '../models'
import { publishedModels, type PublishedModels, type PublishedPointer } from '../published-models'
import { mlRuntime } from '../runtime'
import { difficultyModelContract, DifficultyModel, type DifficultyModelMetadata } from './model'

export { checkIntervalMs, type PublishedPointer } from '../published-models'

/** Difficulty models retrained from the store's reviews, published in the object store (see ../published-models.ts). */
const published: PublishedModels<DifficultyModel> = publishedModels<DifficultyModel>({
  name: 'difficulty',
  async load(_files, version, handler, metadata) {
    const { tf } = await mlRuntime()
    const model = await tf.loadLayersModel(handler)
    const source = `object store ${published.folderOf(version)}`
    return new DifficultyModel(model, source, checkModel(difficultyModelContract, source, model, metadata))
  },
  dispose: model => model.model.dispose(),
})

export const pointerKey = published.pointerKey

export async function publishDifficultyModel(files: FileStore, model: LayersModel, metadata: DifficultyModelMetadata): Promise<PublishedPointer> {
  await published.stage(files, metadata.version, handler => model.save(handler), metadata)
  return published.point(files, metadata.version)
}

export const readPointer = (files: FileStore) => published.readPointer(files)

/** The metadata of the published model in use, if there is one. */
export async function publishedMetadata(files: FileStore): Promise<DifficultyModelMetadata | undefined> {
  const parsed = difficultyModelContract.metadataSchema.safeParse(await published.metadata(files))
  return parsed.success ? parsed.data : undefined
}

/** The published model in use (see `PublishedModels.current`); undefined while nothing is published. */
export const currentPublishedModel = (files: FileStore, now = Date.now()) => published.current(files, { now })
