import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createS3FileStore, type S3FileStore } from '../../server/drivers/files/s3'
import { builtInTextEncoder, textEncoderPublicPath } from '../../shared/utils/text-encoder'
import { createCluster, type Cluster, type RunningWorker } from '../support/cluster'
import { taughtWord, teachingChapter } from '../support/growing-collection'
import { adminClient, signedInClient, type ApiClient } from '../support/http'
import { expectServedEncoderPublic, publishStoreTrainedEncoder, storeTrainedLeft, storeTrainedVersion } from '../support/served-encoder'
import type { RunningServer } from '../support/server'
import { eventually } from '../support/wait'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Security finding 9 across processes (MongoDB, Redis, Elasticsearch, S3): an encoder an earlier version
 * retrained on the store lies in S3; the web instance neither uses nor serves it, the worker's refresh
 * removes it, and a private document's word never reaches the encoder another reader fetches.
 */
describe('scaled cluster: the text encoder readers fetch learns nothing from stored documents', () => {
  let cluster: Cluster
  let web: RunningServer
  let worker: RunningWorker
  let files: S3FileStore
  let admin: ApiClient
  let author: ApiClient
  let reader: ApiClient

  beforeAll(async () => {
    // The settings under which earlier versions retrained the encoder on the store; this version ignores them.
    cluster = await createCluster({ NUXT_EMBEDDINGS_RETRAIN_ATOMS: '20', NUXT_EMBEDDINGS_RETRAIN_MAX_TOKENS: '4000' })
    const { env } = cluster
    files = createS3FileStore({
      bucket: env.S3_BUCKET!, region: env.S3_REGION!, endpoint: env.S3_ENDPOINT, forcePathStyle: true,
      accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY,
    })
    await publishStoreTrainedEncoder(files)
    web = await cluster.startWeb('encoder')
    admin = (await adminClient(web.baseURL)).client
    author = (await signedInClient('cluster-encoder-author', 'author', web.baseURL)).client
    reader = (await signedInClient('cluster-encoder-reader', 'learner', web.baseURL)).client
  })

  afterAll(async () => {
    await files?.close()
    await cluster?.stop()
  })

  it('serves only the built-in encoder, and the worker\'s refresh removes the one retrained on the store', async () => {
    expect((await reader.get('/api/v1/embeddings')).data).toMatchObject({ version: builtInTextEncoder.version, files: textEncoderPublicPath, trainedOn: { atoms: 0 } })
    expect((await reader.get(`/api/v1/embeddings/${storeTrainedVersion}/metadata.json`)).status).toBe(404)

    // Jobs run in the worker: the one queued at its start withdraws the encoder, and so does an admin's run.
    worker = await cluster.startWorker('encoder')
    const document = await author.uploadReady('notebook.md', teachingChapter(30))
    expect((await admin.post('/api/v1/jobs/refreshEmbeddings')).status).toBe(202)
    await eventually(async () => {
      if ((await storeTrainedLeft(files)).pointer === storeTrainedVersion) throw new Error(`not withdrawn yet; the worker said:\n${worker.output().slice(-2000)}`)
    }, { timeoutMs: 120_000, intervalMs: 1000 })
    expect(await storeTrainedLeft(files)).toEqual({ files: [] })
    expect(worker.output()).toContain(`withdrawn: ${storeTrainedVersion}`)

    await expectServedEncoderPublic(reader, taughtWord)
    const atoms: Json[] = await author.getAll(`/api/v1/documents/${document.id}/atoms?include=embedding`)
    expect(atoms.length).toBeGreaterThanOrEqual(20)
    expect(atoms.every(atom => atom.embeddingVersion === builtInTextEncoder.version)).toBe(true)
  }, 240_000)
})
