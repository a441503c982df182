import type { LayersModel } from '@tensorflow/tfjs'
import type { FileStore } from '../../drivers/files/types'
import { checkModel } from '../models'
import { publishedModels, type PublishedModels, type PublishedPointer } from '../published-models'
import { mlRuntime } from '../runtime'
import { Lexicon } from './features'
import { lexiconFile, termModelContract, TermModel, type TermModelMetadata } from './scorer'

/**
 * Key-term models retrained from authors' corrections, published in the object store (see ../published-models.ts)
 * with the lexicon their rarity features read, so every worker switches to them within a minute.
 */
const published: PublishedModels<TermModel> = publishedModels<TermModel>({
  name: 'terms',
  async load(files, version, handler, metadata) {
    const { tf } = await mlRuntime()
    const source = `object store ${published.folderOf(version)}`
    const lexicon = await files.get(`${published.folderOf(version)}/${lexiconFile}`)
    if (!lexicon) throw new Error(`The key-term model ${source} has no ${lexiconFile}.`)
    const model = await tf.loadLayersModel(handler)
    const checked = checkModel(termModelContract, source, model, metadata)
    if (!checked) {
      model.dispose()
      throw new Error(`The key-term model ${source} has no metadata.json (how many key terms to choose is there).`)
    }
    return new TermModel(model, checked, new Lexicon(lexicon.toString('utf8').split('\n').filter(Boolean)), source)
  },
  dispose: model => model.model.dispose(),
})

/** Writes the model, its lexicon and metadata, then points every process at it. */
export async function publishTermModel(files: FileStore, model: LayersModel, metadata: TermModelMetadata, lexicon: Lexicon): Promise<PublishedPointer> {
  await published.stage(files, metadata.version, async (handler) => {
    await files.put(`${published.folderOf(metadata.version)}/${lexiconFile}`, new TextEncoder().encode(`${lexicon.words.join('\n')}\n`), 'text/plain')
    return model.save(handler)
  }, metadata)
  return published.point(files, metadata.version)
}

export const readTermModelPointer = (files: FileStore) => published.readPointer(files)

/** The metadata of the published model in use, if there is one. */
export async function publishedTermMetadata(files: FileStore): Promise<TermModelMetadata | undefined> {
  const parsed = termModelContract.metadataSchema.safeParse(await published.metadata(files))
  return parsed.success ? parsed.data : undefined
}

/** The published model in use (see `PublishedModels.current`); undefined while nothing is published. */
export const currentPublishedTermModel = (files: FileStore, now = Date.now()) => published.current(files, { now })
