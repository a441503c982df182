import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import type { FileStore } from '../../server/drivers/files/types'
import { modelsRoot } from '../../server/ml/models'
import { embeddingMetadataSchema, type EmbeddingMetadata } from '../../shared/schemas/embedding-model'
import { NgramFilter } from '../../shared/utils/ngram-filter'
import { learnedShareOfWord } from '../../shared/utils/query-meaning'
import { builtInTextEncoder } from '../../shared/utils/text-encoder'
import type { ApiClient } from './http'

/** The built-in encoder's folder in the repository: trained on public material only. */
const builtInFolder = join(modelsRoot(), builtInTextEncoder.name, builtInTextEncoder.version)

export const builtInMetadata = (): EmbeddingMetadata =>
  embeddingMetadataSchema.parse(JSON.parse(readFileSync(join(builtInFolder, 'metadata.json'), 'utf8')))

export const builtInWeights = (): Buffer => readFileSync(join(builtInFolder, 'weights.bin'))

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
 * The encoder a reader fetches (`GET /api/v1/embeddings`, then its files) knows no more of `word` than the
 * public material does: the word's n-grams no better known, no vocabulary row for it or any other word
 * the public material lacks (by name or by key), and the public encoder's weights (its hashed n-gram rows).
 */
export async function expectServedEncoderPublic(reader: ApiClient, word: string): Promise<void> {
  const info = (await reader.get('/api/v1/embeddings')).data as { version: string, files: string, trainedOn: { atoms: number } }
  const metadata = embeddingMetadataSchema.parse((await reader.get(`${info.files}metadata.json`)).data)
  const publicMetadata = builtInMetadata()
  expect(learnedShareIn(metadata, word)).toBe(learnedShareIn(publicMetadata, word))
  expect(learnedShareIn(metadata, word)).toBeLessThan(1)
  expect(metadata.trainingNgrams).toEqual(publicMetadata.trainingNgrams)
  expect(metadata.vocabulary.words).not.toContain(word)
  expect(metadata.vocabulary).toEqual(publicMetadata.vocabulary)
  expect(metadata.totalTokens).toBe(publicMetadata.totalTokens)
  expect(info).toMatchObject({ version: builtInTextEncoder.version, trainedOn: { atoms: 0 } })
  const weights = await fetch(`${reader.baseURL}${info.files}weights.bin`, { headers: { cookie: reader.cookieHeader } })
  // Compared as bytes: a deep equality of 3 MB takes long enough for the server to drop idle connections.
  expect(Buffer.from(await weights.arrayBuffer()).equals(builtInWeights())).toBe(true)
}

/**
 * An encoder as earlier versions published it after retraining on the stored atoms: its files under
 * `models/embeddings/<version>/` in the file store and, for the latest, `models/embeddings/current.json`
 * naming it. (The built-in encoder's files under another version: where they lie is what matters here.)
 */
export const storeTrainedVersion = 'retrained-20260101000000'
const pointerKey = 'models/embeddings/current.json'
const folderOf = (version: string) => `models/embeddings/${version}`
const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value))

export async function publishStoreTrainedEncoder(files: FileStore, { version = storeTrainedVersion, pointer = true } = {}): Promise<void> {
  const folder = folderOf(version)
  await files.put(`${folder}/model.json`, new Uint8Array(readFileSync(join(builtInFolder, 'model.json'))), 'application/json')
  await files.put(`${folder}/weights.bin`, builtInWeights(), 'application/octet-stream')
  const metadata = builtInMetadata()
  // Trained when the store held 5 atoms: earlier versions retrained once 20 more were added (the api test's settings).
  await files.put(`${folder}/metadata.json`, json({ ...metadata, version, training: { ...metadata.training!, corpus: { ...metadata.training!.corpus, atoms: 5 } } }), 'application/json')
  if (pointer) await files.put(pointerKey, json({ version, publishedAt: '2026-01-01T00:00:00.000Z' }), 'application/json')
}

/** What is left in the file store of such a publication: the pointer's version, and the version's files. */
export async function storeTrainedLeft(files: FileStore, version = storeTrainedVersion): Promise<{ pointer?: string, files: string[] }> {
  const pointer = await files.get(pointerKey)
  const left: string[] = []
  for (const name of ['model.json', 'weights.bin', 'metadata.json']) if (await files.stat(`${folderOf(version)}/${name}`)) left.push(name)
  return { ...(pointer && { pointer: (JSON.parse(pointer.toString('utf8')) as { version: string }).version }), files: left }
}
