import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configDefaults } from '../../server/config'
import type { Drivers } from '../../server/drivers'
import type { AtomRecord } from '../../server/drivers/store/types'
import { configureEmbedder, useEmbedder } from '../../server/ml/embeddings/embedder'
import { refreshEmbeddings } from '../../server/ml/embeddings/refresh'
import { toSearchDocument } from '../../server/services/search'
import { atomEmbeddingText } from '../../shared/utils/subwords'
import { builtInTextEncoder } from '../../shared/utils/text-encoder'
import { makeAtom, makeDocument, makeUser } from '../contracts/store.contract'
import { meaningTarget, teachingParagraphs, unrelatedAtom } from './growing-collection'
import { publishStoreTrainedEncoder, storeTrainedLeft, storeTrainedVersion } from './served-encoder'

export type RefreshDrivers = Pick<Drivers, 'store' | 'search' | 'files'>

/** A publication older than the latest: named by no pointer, only by the vectors it made. */
const olderVersion = 'retrained-20250601000000'

/**
 * The refresh job over one set of drivers (embedded in the unit tier; MongoDB, Elasticsearch and S3 in the
 * scaled one), after an upgrade from a version that retrained the encoder on the store: the atoms carry
 * vectors of such encoders, published in the file store. The refresh removes those encoders and gives every
 * atom a vector of the built-in one, in the store and the index; later runs re-embed only stragglers.
 */
export function describeEncoderRefresh(name: string, open: () => Promise<{ drivers: RefreshDrivers, close: () => Promise<void> }>) {
  describe(`refreshing the atoms' vectors (${name})`, () => {
    let drivers: RefreshDrivers
    let close: () => Promise<void>
    let ownerId: string
    let documentId: string
    let targetId: string
    let count: number

    beforeAll(async () => {
      ({ drivers, close } = await open())
      const { store, search, files } = drivers
      configureEmbedder(configDefaults)
      ownerId = (await store.users.create(makeUser())).id
      const document = makeDocument(ownerId, { status: 'ready' })
      documentId = document.id
      await store.documents.create(document)
      const texts = [meaningTarget, unrelatedAtom, ...teachingParagraphs(20).map((text, i) => ({ title: `Note ${i + 1}`, text }))]
      const atoms = texts.map((text, i) => makeAtom(document.id, i, { ...text, terms: [] }))
      count = atoms.length
      // Vectors as the store-trained encoders left them (their values do not matter here, their versions do).
      const embedded = (await useEmbedder()(atoms.map(atomEmbeddingText)))!
      const records: AtomRecord[] = atoms.map((atom, i) => ({ ...atom, embedding: embedded.vectors[i]!, embeddingVersion: i < 5 ? olderVersion : storeTrainedVersion }))
      await store.atoms.upsertMany(records)
      await search.rebuild((async function* () {
        yield records.map(toSearchDocument)
      })(), { vectorVersion: storeTrainedVersion })
      await publishStoreTrainedEncoder(files, { version: olderVersion, pointer: false })
      await publishStoreTrainedEncoder(files)
      targetId = atoms[0]!.id
    })

    afterAll(async () => {
      await close?.()
    })

    it('withdraws encoders retrained on the store, and gives every atom a vector of the built-in one', async () => {
      const { store, search, files } = drivers
      const result = await refreshEmbeddings(drivers, configDefaults, { batchSize: 8 })
      expect(result).toEqual({ version: builtInTextEncoder.version, reembedded: count, withdrawn: [storeTrainedVersion, olderVersion] })
      // Neither publication is left in the file store, nor the pointer.
      expect(await storeTrainedLeft(files)).toEqual({ files: [] })
      expect(await storeTrainedLeft(files, olderVersion)).toEqual({ files: [] })
      // Every atom has a vector of the built-in encoder, in the store and in the index.
      expect(await store.atoms.withStaleEmbeddings(builtInTextEncoder.version, { limit: 10 })).toEqual([])
      expect(await search.outdated(builtInTextEncoder.version)).toBe(false)
      // Its own nearest neighbour.
      const [vector] = (await useEmbedder()([atomEmbeddingText(meaningTarget)]))!.vectors
      const near = await search.nearest({ vector: vector!, vectorVersion: builtInTextEncoder.version, documentIds: await store.documents.readableIds(ownerId), minSimilarity: 0.9, limit: 1 })
      expect(near.map(hit => hit.id)).toEqual([targetId])

      // Nothing new: the next run only re-embeds a straggler written by a process on an older encoder.
      expect(await refreshEmbeddings(drivers, configDefaults)).toEqual({ version: builtInTextEncoder.version, reembedded: 0, withdrawn: [] })
      const straggler = makeAtom(documentId, 99, { title: 'Late', text: 'Written by a process not yet upgraded.', terms: [] })
      await store.atoms.upsertMany([{ ...straggler, embedding: vector!, embeddingVersion: storeTrainedVersion }])
      expect(await refreshEmbeddings(drivers, configDefaults)).toEqual({ version: builtInTextEncoder.version, reembedded: 1, withdrawn: [] })
      expect((await store.atoms.embeddings([straggler.id])).get(straggler.id)?.version).toBe(builtInTextEncoder.version)
    }, 120_000)
  })
}
