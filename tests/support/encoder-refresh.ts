import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configDefaults, type AppConfig } from '../../server/config'
import type { Drivers } from '../../server/drivers'
import type { AtomRecord } from '../../server/drivers/store/types'
import { configureEmbedder, useEmbedder } from '../../server/ml/embeddings/embedder'
import { currentTextEncoder, publishedEncoders } from '../../server/ml/embeddings/published'
import { refreshTextEncoder } from '../../server/ml/embeddings/refresh'
import { searchAtoms, toSearchDocument } from '../../server/services/search'
import { atomEmbeddingText } from '../../shared/utils/subwords'
import { builtInTextEncoder } from '../../shared/utils/text-encoder'
import { makeAtom, makeDocument, makeUser } from '../unit/drivers/contracts/store.contract'
import { meaningTarget, taughtWord, teachingParagraphs, unrelatedAtom } from './growing-collection'

export type RefreshDrivers = Pick<Drivers, 'store' | 'search' | 'files'>

/**
 * The encoder refresh over one set of drivers (embedded in the unit tier; MongoDB, Elasticsearch and S3 in
 * the scaled one): a collection grows past the threshold, the refresh retrains with a small word budget,
 * and the new version is in use, made every atom's vector in the store and the index, and finds the
 * collection's own word by meaning.
 */
export function describeEncoderRefresh(name: string, open: () => Promise<{ drivers: RefreshDrivers, close: () => Promise<void> }>) {
  describe(`refreshing the text encoder (${name})`, () => {
    let drivers: RefreshDrivers
    let close: () => Promise<void>
    const config: AppConfig = { ...configDefaults, embeddingsRetrainAtoms: 30, embeddingsRetrainMaxTokens: 8000 }
    const tiny = { seed: 7, train: { buckets: 2000, maxVocabulary: 1000 }, batchSize: 16 }
    let ownerId: string
    let targetId: string
    let unrelatedId: string

    beforeAll(async () => {
      ({ drivers, close } = await open())
      const { store, search, files } = drivers
      configureEmbedder(config, files)
      ownerId = (await store.users.create(makeUser())).id
      const document = makeDocument(ownerId, { status: 'ready' })
      await store.documents.create(document)
      const texts = [meaningTarget, unrelatedAtom, ...teachingParagraphs(80).map((text, i) => ({ title: `Note ${i + 1}`, text }))]
      const atoms = texts.map((text, i) => makeAtom(document.id, i, { ...text, terms: [] }))
      const embedded = (await useEmbedder()(atoms.map(atomEmbeddingText)))!
      const records: AtomRecord[] = atoms.map((atom, i) => ({ ...atom, embedding: embedded.vectors[i]!, embeddingVersion: embedded.version }))
      await store.atoms.upsertMany(records)
      await search.rebuild((async function* () {
        yield records.map(toSearchDocument)
      })(), { vectorVersion: embedded.version })
      targetId = atoms[0]!.id
      unrelatedId = atoms[1]!.id
    })

    afterAll(async () => {
      configureEmbedder(configDefaults)
      await close?.()
    })

    /** Every hit, two pages of 50. */
    const found = async (q: string) => (await Promise.all([0, 50].map(offset =>
      searchAtoms(drivers, { id: ownerId, role: 'learner' }, { q, limit: 50, offset })))).flatMap(result => result.items.map(item => item.atom.id))

    it('waits for growth, then trains, re-embeds every atom, switches, and finds by meaning the collection\'s own word', async () => {
      const { store, search, files } = drivers
      // The built-in encoder never saw the word: it finds only the atoms that contain it.
      expect(await found(taughtWord)).not.toContain(targetId)
      expect(await refreshTextEncoder(drivers, { ...config, embeddingsRetrainAtoms: 100 }, tiny))
        .toMatchObject({ status: 'skipped', reason: '82 atoms added since the encoder in use was trained; 100 needed', reembedded: 0 })

      const result = await refreshTextEncoder(drivers, config, tiny)
      if (result.status !== 'published') throw new Error(`not published: ${result.reason}`)
      console.info(`[test] refreshed in ${result.seconds} s (training ${result.trainingSeconds} s on ${result.corpus.tokens} words, ${result.corpus.epochs} epochs)`)
      expect(result.reembedded).toBe(82)
      expect(result.corpus.tokens).toBeLessThanOrEqual(8000)
      // Published, in use in this process, with what it learned from recorded.
      expect((await publishedEncoders.readPointer(files))?.version).toBe(result.version)
      const encoder = await currentTextEncoder(config, files)
      expect(encoder.metadata).toMatchObject({ version: result.version, training: { corpus: { atoms: 82 } } })
      expect(encoder.learnedShare(taughtWord)).toBe(1)
      expect((await useEmbedder()([]))?.version).toBe(result.version)
      // Every atom has a vector of it, in the store and in the index.
      expect(await store.atoms.withStaleEmbeddings(result.version, { limit: 10 })).toEqual([])
      expect(await search.outdated(result.version)).toBe(false)
      // Its own nearest neighbour (Elasticsearch's quantized vectors score an exact match about 0.95).
      const [vector] = (await useEmbedder()([atomEmbeddingText(meaningTarget)]))!.vectors
      expect((await search.nearest({ vector: vector!, vectorVersion: result.version, documentIds: await store.documents.readableIds(ownerId), minSimilarity: 0.9, limit: 1 })).map(hit => hit.id)).toEqual([targetId])
      // The collection's own word now finds the atom that means it without saying it.
      expect(await found(taughtWord)).toContain(targetId)
      expect(await found(taughtWord)).not.toContain(unrelatedId)

      // No new growth: the next run only re-embeds stragglers an older encoder made.
      const straggler = makeAtom(targetId.replace(/-atom-0$/, ''), 99, { title: 'Late', text: 'Written by a process on the previous encoder.', terms: [] })
      await store.atoms.upsertMany([{ ...straggler, embedding: vector!, embeddingVersion: builtInTextEncoder.version }])
      expect(await refreshTextEncoder(drivers, config, tiny)).toMatchObject({ status: 'skipped', reembedded: 1 })
      expect((await store.atoms.embeddings([straggler.id])).get(straggler.id)?.version).toBe(result.version)
    }, 180_000)
  })
}
