import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type * as TF from '@tensorflow/tfjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { embeddingMetadataSchema, type EmbeddingMetadata } from '../../../shared/schemas/embedding-model'
import { atomEmbeddingText } from '../../../shared/utils/subwords'
import { builtInTextEncoder, dot, hasMeaning, roundedVector, SubwordTextEncoder, tableFromArtifacts } from '../../../shared/utils/text-encoder'
import { loadTextEncoder, type SubwordEncoder } from '../../../server/ml/embeddings/encoder'
import { mlRuntime } from '../../../server/ml/runtime'

const folder = join(import.meta.dirname, '../../../models', builtInTextEncoder.name, builtInTextEncoder.version)

/** The model's files as the browser fetches them (model.json's weight specs, weights.bin). */
function artifacts(): TF.io.ModelArtifacts {
  const model = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8')) as { weightsManifest: { weights: TF.io.WeightsManifestEntry[] }[] }
  const bytes = readFileSync(join(folder, 'weights.bin'))
  return { weightSpecs: model.weightsManifest.flatMap(group => group.weights), weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) }
}

let tf: typeof TF
let metadata: EmbeddingMetadata
let server: SubwordEncoder

beforeAll(async () => {
  tf = (await mlRuntime('cpu')).tf
  metadata = embeddingMetadataSchema.parse(JSON.parse(readFileSync(join(folder, 'metadata.json'), 'utf8')))
  server = await loadTextEncoder()
}, 60_000)

describe('the text encoder as the browser runs it', () => {
  it('reads the table from the model files without the layers code, as the server loads it', () => {
    const table = tableFromArtifacts(tf, artifacts(), metadata)
    expect(table.shape).toEqual([metadata.vocabulary.words.length + metadata.subwords.buckets, metadata.dims])
    const loaded = server.model.getWeights()[0]!
    expect(tf.max(tf.abs(tf.sub(table, loaded))).dataSync()[0]).toBe(0)
    table.dispose()
  })

  it('embeds a text to the vector the server stores for it', async () => {
    const browser = new SubwordTextEncoder(() => tableFromArtifacts(tf, artifacts(), metadata), metadata, { tf: async () => tf })
    const texts = [atomEmbeddingText({ title: 'Mnemonic devices', text: 'A mnemonic such as a rhyme or an acronym gives a list of facts a shape that is easy to recall.' }), 'mnemonics']
    const mine = (await browser.embed(texts)).map(roundedVector)
    const theirs = (await server.embed(texts)).map(roundedVector)
    expect(mine).toEqual(theirs)
    expect(dot(mine[0]!, mine[0]!)).toBeCloseTo(1, 4)
  })

  it('searches a query by meaning exactly when the server does, with the same vector', async () => {
    const browser = new SubwordTextEncoder(() => tableFromArtifacts(tf, artifacts(), metadata), metadata, { tf: async () => tf })
    for (const query of ['retrieved', 'how do leaves make sugar from light', 'mnemonics', 'zorbqwkxvbml']) {
      const [mine, theirs] = [await browser.embedQuery(query), await server.embedQuery(query)]
      expect(mine && roundedVector(mine), query).toEqual(theirs && roundedVector(theirs))
    }
    expect(await browser.embedQuery('retrieved')).toBeDefined()
    expect(await browser.embedQuery('zorbqwkxvbml')).toBeUndefined()
  })

  it('refuses weights that do not fit the metadata', () => {
    const other = { ...metadata, subwords: { ...metadata.subwords, buckets: metadata.subwords.buckets + 1 } }
    expect(() => tableFromArtifacts(tf, artifacts(), other)).toThrow(/do not fit its metadata/)
    expect(() => tableFromArtifacts(tf, { modelTopology: {} }, metadata)).toThrow(/no weights/)
    expect(() => tableFromArtifacts(tf, undefined, metadata)).toThrow(/no weights/)
  })

  it('tells a query without words (all zeros) from one with meaning', async () => {
    const [empty, words] = (await server.embed(['…!?', 'cells'])).map(roundedVector)
    expect(hasMeaning(empty!)).toBe(false)
    expect(hasMeaning(words!)).toBe(true)
  })
})
