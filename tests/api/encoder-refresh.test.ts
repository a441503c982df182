import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLocalFileStore } from '../../server/drivers/files/local'
import type { FileStore } from '../../server/drivers/files/types'
import { builtInTextEncoder, textEncoderPublicPath } from '../../shared/utils/text-encoder'
import { taughtWord, teachingChapter } from '../support/growing-collection'
import { adminClient, ApiClient, signedInClient } from '../support/http'
import { expectServedEncoderPublic, publishStoreTrainedEncoder, storeTrainedLeft, storeTrainedVersion } from '../support/served-encoder'
import { startServer, type RunningServer } from '../support/server'
import { eventually } from '../support/wait'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Security finding 9: the text encoder every signed-in reader fetches (for offline search) must reveal no
 * word of documents that reader cannot read. An author's private document teaches a made-up word many
 * times; after the refresh job, another reader's copy of the encoder knows no more of the word than the
 * public material does. The server also starts with an encoder an earlier version retrained on the store
 * and published in the file store: it is neither used nor served, and the refresh removes it.
 */
describe('the text encoder readers fetch learns nothing from stored documents', () => {
  let server: RunningServer
  let dataDir: string
  let files: FileStore
  let admin: ApiClient
  let author: ApiClient
  let reader: ApiClient

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'atomizer-encoder-refresh-'))
    files = createLocalFileStore(join(dataDir, 'files'))
    await publishStoreTrainedEncoder(files)
    // The settings under which earlier versions retrained the encoder on the store once 20 atoms were added
    // (this test failed there); this version has no such settings and ignores them.
    server = await startServer({ name: 'encoder-refresh', dataDir, env: { NUXT_EMBEDDINGS_RETRAIN_ATOMS: '20', NUXT_EMBEDDINGS_RETRAIN_MAX_TOKENS: '4000' } })
    admin = (await adminClient(server.baseURL)).client
    author = (await signedInClient('encoder-author', 'author', server.baseURL)).client
    reader = (await signedInClient('encoder-reader', 'learner', server.baseURL)).client
  }, 120_000)

  afterAll(async () => {
    await server?.stop()
    if (dataDir) rmSync(dataDir, { recursive: true, force: true })
  })

  it('uses and serves the built-in encoder, never one an earlier version retrained on the store', async () => {
    const { status, data } = await reader.get('/api/v1/embeddings')
    expect(status).toBe(200)
    expect(data).toEqual({ version: builtInTextEncoder.version, dims: 64, files: textEncoderPublicPath, trainedOn: { atoms: 0, texts: expect.any(Number), tokens: expect.any(Number) } })
    expect((await new ApiClient(server.baseURL).get('/api/v1/embeddings')).status).toBe(401)
    for (const file of ['metadata.json', 'model.json', 'weights.bin']) {
      expect((await reader.get(`/api/v1/embeddings/${storeTrainedVersion}/${file}`)).status).toBe(404)
    }
  })

  it('lets only an admin run the refresh job at once', async () => {
    expect((await reader.post('/api/v1/jobs/refreshEmbeddings')).status).toBe(403)
    expect((await admin.post('/api/v1/jobs/noSuchJob')).status).toBe(422)
  })

  it('keeps a private document\'s words out of the encoder another reader fetches, after the refresh job', async () => {
    const document = await author.uploadReady('notebook.md', teachingChapter(30))
    const atoms: Json[] = await author.getAll(`/api/v1/documents/${document.id}/atoms?include=embedding`)
    expect(atoms.length).toBeGreaterThanOrEqual(20)
    expect((await reader.get(`/api/v1/documents/${document.id}`)).status).toBe(404)

    expect(await admin.post('/api/v1/jobs/refreshEmbeddings')).toMatchObject({ status: 202, data: { name: 'refreshEmbeddings', jobId: 'refresh-embeddings' } })
    // Done once the earlier publication's pointer is gone or names another version.
    await eventually(async () => {
      if ((await storeTrainedLeft(files)).pointer === storeTrainedVersion) throw new Error(`the refresh job has not run:\n${server.output().slice(-2000)}`)
    }, { timeoutMs: 120_000, intervalMs: 500 })

    // The reader's copy of the encoder knows no more of the word than the public material does.
    await expectServedEncoderPublic(reader, taughtWord)

    // The author's atoms carry vectors of the encoder in use.
    for (const atom of await author.getAll(`/api/v1/documents/${document.id}/atoms?include=embedding`)) {
      expect(atom).toMatchObject({ embeddingVersion: builtInTextEncoder.version, embedding: expect.any(Array) })
    }
    // The earlier publication, learned from readers' documents, is removed from the file store.
    expect(await storeTrainedLeft(files)).toEqual({ files: [] })
  }, 180_000)
})
