import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { FileStore } from '../../server/drivers/files/types'
import { modelsRoot } from '../../server/ml/models'
import { embeddingMetadataSchema, type EmbeddingMetadata } from '../../shared/schemas/embedding-model'
import { NgramFilter } from '../../shared/utils/ngram-filter'
import { learnedShareOfWord } from '../../shared/utils/query-meaning'
import { builtInTextEncoder } from '../../shared/utils/text-encoder'

/** The built-in encoder's folder in the repository: trained on public material only. */
const builtInFolder = join(modelsRoot(), builtInTextEncoder.name, builtInTextEncoder.version)

export const builtInMetadata = (): EmbeddingMetadata =>
  embeddingMetadataSchema.parse(JSON.parse(readFileSync(join(builtInFolder, 'metadata.json'), 'utf8')))

export const builtInWeights = (): Uint8Array => new Uint8Array(readFileSync(join(builtInFolder, 'weights.bin')))

/**
 * How much of a word an encoder's files say it learned (shared/utils/query-meaning.ts): 1 for a vocabulary
 * word, else the share of its n-grams in the filter of training n-grams. What a reader can test a guessed word with.
 */
export function learnedShareIn(metadata: EmbeddingMetadata, word: string): number {
  const filter = metadata.trainingNgrams && NgramFilter.fromData(metadata.trainingNgrams)
  return learnedShareOfWord(word, {
    vocabulary: new Map(metadata.vocabulary.words.map((entry, i) => [entry, i])),
    subwords: metadata.subwords,
    ...(filter && { hasNgram: gram => filter.has(gram) }),
  })
}

/**
 * An encoder as earlier versions published it after retraining on the stored atoms: its files under
 * `models/embeddings/<version>/` in the file store and `models/embeddings/current.json` naming it. (The
 * built-in encoder's files under another version: where they lie is what matters here.)
 */
export const storeTrainedVersion = 'retrained-20260101000000'
const storeTrainedFolder = `models/embeddings/${storeTrainedVersion}`
const pointerKey = 'models/embeddings/current.json'
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))

export async function publishStoreTrainedEncoder(files: FileStore): Promise<void> {
  await files.put(`${storeTrainedFolder}/model.json`, new Uint8Array(readFileSync(join(builtInFolder, 'model.json'))), 'application/json')
  await files.put(`${storeTrainedFolder}/weights.bin`, builtInWeights(), 'application/octet-stream')
  const metadata = builtInMetadata()
  await files.put(`${storeTrainedFolder}/metadata.json`, json({ ...metadata, version: storeTrainedVersion, training: { ...metadata.training!, corpus: { ...metadata.training!.corpus, atoms: 5 } } }), 'application/json')
  await files.put(pointerKey, json({ version: storeTrainedVersion, publishedAt: '2026-01-01T00:00:00.000Z' }), 'application/json')
}

/** What is left in the file store of that publication: its pointer, and its files. */
export async function storeTrainedLeft(files: FileStore): Promise<{ pointer?: string, files: string[] }> {
  const pointer = await files.get(pointerKey)
  const left: string[] = []
  for (const name of ['model.json', 'weights.bin', 'metadata.json']) if (await files.stat(`${storeTrainedFolder}/${name}`)) left.push(name)
  return { ...(pointer && { pointer: (JSON.parse(pointer.toString('utf8')) as { version: string }).version }), files: left }
}
