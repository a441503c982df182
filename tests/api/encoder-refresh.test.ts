import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminClient, ApiClient, signedInClient } from '../support/http'
import { meaningTarget, targetChapter, taughtWord, teachingChapter } from '../support/growing-collection'
import { startServer, type RunningServer } from '../support/server'
import { eventually } from '../support/wait'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The encoder refresh on the embedded set-up, through the API: a collection grows past
 * NUXT_EMBEDDINGS_RETRAIN_ATOMS, an admin runs the scheduled job, and the retrained encoder is in use,
 * made every atom's vector, serves its files to the browser, and finds the collection's own word by meaning.
 * A small word budget keeps the training to seconds.
 */
describe('refreshing the text encoder as a collection grows', () => {
  let server: RunningServer
  let admin: ApiClient
  let reader: ApiClient
  const documentIds: string[] = []

  const titles = async (client: ApiClient, q: string) =>
    ((await client.get(`/api/v1/search?q=${encodeURIComponent(q)}&limit=50`)).data.items as Json[]).map(item => item.atom.title)

  beforeAll(async () => {
    server = await startServer({ name: 'encoder-refresh', env: { NUXT_EMBEDDINGS_RETRAIN_ATOMS: '20', NUXT_EMBEDDINGS_RETRAIN_MAX_TOKENS: '4000' } })
    admin = (await adminClient(server.baseURL)).client
    reader = (await signedInClient('encoder-reader', 'learner', server.baseURL)).client
    documentIds.push((await admin.uploadReady('life-and-rock.md', targetChapter())).id)
  }, 120_000)

  afterAll(async () => {
    await server?.stop()
  })

  it('starts with the built-in encoder, whose files the built app serves, and which does not know the collection\'s word', async () => {
    const { status, data } = await admin.get('/api/v1/embeddings')
    expect(status).toBe(200)
    expect(data).toMatchObject({ version: '1', dims: 64, files: '/models/embeddings/1/', trainedOn: { atoms: 0 } })
    expect((await new ApiClient(server.baseURL).get('/api/v1/embeddings')).status).toBe(401)
    expect(await titles(admin, taughtWord)).not.toContain(meaningTarget.title)
  })

  it('lets only an admin run the job at once', async () => {
    expect((await reader.post('/api/v1/jobs/refreshEmbeddings')).status).toBe(403)
    expect((await admin.post('/api/v1/jobs/noSuchJob')).status).toBe(422)
  })

  it('retrains past the threshold, re-embeds every atom with the new version, switches, and finds by meaning', async () => {
    documentIds.push((await admin.uploadReady('notebook.md', teachingChapter(30))).id)
    const atoms = async () => (await Promise.all(documentIds.map(id => admin.getAll(`/api/v1/documents/${id}/atoms?include=embedding`)))).flat()
    const total = (await atoms()).length
    expect(total).toBeGreaterThanOrEqual(20)

    const started = Date.now()
    const queued = await admin.post('/api/v1/jobs/refreshEmbeddings')
    expect(queued).toMatchObject({ status: 202, data: { name: 'refreshEmbeddings', jobId: 'refresh-embeddings' } })
    const info = await eventually(async () => {
      const { data } = await admin.get('/api/v1/embeddings')
      if (data.version === '1') throw new Error(`the encoder was not refreshed:\n${server.output().slice(-2000)}`)
      return data
    }, { timeoutMs: 120_000, intervalMs: 500 })
    console.info(`[test] the refresh job took ${((Date.now() - started) / 1000).toFixed(1)} s`)
    expect(info).toMatchObject({ version: expect.stringMatching(/^retrained-\d{14}$/), dims: 64, trainedOn: { atoms: total } })
    expect(info.trainedOn.tokens).toBeLessThanOrEqual(4000)
    expect(info.files).toBe(`/api/v1/embeddings/${info.version}/`)

    // Its files, for the browser, name the same version; a version that does not exist is not found.
    const metadata = await reader.get(`${info.files}metadata.json`)
    expect(metadata).toMatchObject({ status: 200, data: { version: info.version, dims: 64, vocabulary: { keyed: true } } })
    // Learned from the readers' documents, its vocabulary goes by key: the files name none of their words.
    expect(JSON.stringify(metadata.data)).not.toContain(taughtWord)
    expect(metadata.headers.get('cache-control')).toContain('immutable')
    expect((await reader.get(`${info.files}model.json`)).data.weightsManifest[0].paths).toEqual(['weights.bin'])
    const weights = await fetch(`${server.baseURL}${info.files}weights.bin`, { headers: { cookie: reader.cookieHeader } })
    expect(weights.status).toBe(200)
    expect((await weights.arrayBuffer()).byteLength).toBeGreaterThan(0)
    expect((await reader.get('/api/v1/embeddings/retrained-19990101000000/model.json')).status).toBe(404)
    expect((await new ApiClient(server.baseURL).get(`${info.files}metadata.json`)).status).toBe(401)

    // Every atom has a vector of the new version.
    const embedded = await atoms()
    expect(embedded).toHaveLength(total)
    for (const atom of embedded) {
      expect(atom.embeddingVersion).toBe(info.version)
      expect(atom.embedding).toHaveLength(64)
    }
    // The collection's own word finds the atom that means it without saying it.
    expect(await titles(reader, taughtWord)).toEqual([])
    expect(await titles(admin, taughtWord)).toContain(meaningTarget.title)
  }, 180_000)
})
