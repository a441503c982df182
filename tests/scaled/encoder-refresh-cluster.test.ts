import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCluster, type Cluster, type RunningWorker } from '../support/cluster'
import { meaningTarget, targetChapter, taughtWord, teachingChapter } from '../support/growing-collection'
import type { ApiClient } from '../support/http'
import { adminClient } from '../support/http'
import type { RunningServer } from '../support/server'
import { eventually } from '../support/wait'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * The encoder refresh across processes: a worker retrains and re-embeds, publishes to S3, and the web
 * instance switches to the new version by itself (it looks for one at most once a minute).
 */
describe('scaled cluster: the text encoder refreshed by a worker', () => {
  let cluster: Cluster
  let web: RunningServer
  let worker: RunningWorker
  let admin: ApiClient

  beforeAll(async () => {
    cluster = await createCluster({ NUXT_EMBEDDINGS_RETRAIN_ATOMS: '20', NUXT_EMBEDDINGS_RETRAIN_MAX_TOKENS: '4000' })
    web = await cluster.startWeb('refresh')
    worker = await cluster.startWorker('refresh')
    admin = (await adminClient(web.baseURL)).client
  })

  afterAll(async () => {
    await cluster?.stop()
  })

  it('switches the web instance to the version the worker trained, with every atom re-embedded and search by meaning', async () => {
    const documentIds = [
      (await admin.uploadReady('life-and-rock.md', targetChapter())).id,
      (await admin.uploadReady('notebook.md', teachingChapter(30))).id,
    ]
    expect((await admin.get('/api/v1/embeddings')).data.version).toBe('1')
    expect((await admin.post('/api/v1/jobs/refreshEmbeddings')).status).toBe(202)

    const info = await eventually(async () => {
      const { data } = await admin.get('/api/v1/embeddings')
      if (data.version === '1') throw new Error(`the web instance still uses the built-in encoder; the worker said:\n${worker.output().slice(-2000)}`)
      return data
    }, { timeoutMs: 150_000, intervalMs: 1000 })
    expect(info.version).toMatch(/^retrained-\d{14}$/)
    expect(worker.output()).toContain(`text encoder ${info.version} published`)

    const atoms: Json[] = (await Promise.all(documentIds.map(id => admin.getAll(`/api/v1/documents/${id}/atoms?include=embedding`)))).flat()
    expect(atoms.length).toBe(info.trainedOn.atoms)
    expect(atoms.every(atom => atom.embeddingVersion === info.version)).toBe(true)
    expect((await admin.get(`${info.files}metadata.json`)).data.version).toBe(info.version)
    const { data } = await admin.get(`/api/v1/search?q=${taughtWord}&limit=50`)
    expect((data.items as Json[]).map(item => item.atom.title)).toContain(meaningTarget.title)
  }, 240_000)
})
