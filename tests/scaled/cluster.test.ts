import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCluster, type Cluster, type RunningWorker } from '../support/cluster'
import { markdownBook, markdownChapter, uniqueWord } from '../support/content'
import { ApiClient, register, testAdminEmail, uniqueEmail } from '../support/http'
import { LiveClient } from '../support/live'
import type { RunningServer } from '../support/server'
import { eventually } from '../support/wait'

/**
 * The scaled set-up end to end on the real servers: two web instances and worker processes sharing
 * MongoDB, Redis, Elasticsearch and S3. Web instances only enqueue; the workers atomize.
 */
describe('scaled cluster: two web instances and a worker', () => {
  let cluster: Cluster
  let webA: RunningServer
  let webB: RunningServer
  let worker: RunningWorker
  let onA: ApiClient
  let onB: ApiClient

  beforeAll(async () => {
    cluster = await createCluster({ NUXT_MAX_UPLOAD_BYTES: String(8 * 1024 * 1024) })
    ;[webA, webB] = await Promise.all([cluster.startWeb('a'), cluster.startWeb('b')])
    worker = await cluster.startWorker('first')
    onA = new ApiClient(webA.baseURL)
    // The installation's admin (NUXT_ADMIN_EMAIL of the test servers), who may also read the queue.
    const email = testAdminEmail
    expect((await register(onA, { email, password: 'correct horse battery', name: 'Cluster' })).role).toBe('admin')
    // The same account signs in through the other instance: sessions and users are shared.
    onB = new ApiClient(webB.baseURL)
    expect((await onB.post('/api/v1/auth/login', { email, password: 'correct horse battery' })).status).toBe(200)
  })

  afterAll(async () => {
    await cluster?.stop()
  })

  it('reports the scaled driver of every concern on both instances', async () => {
    for (const client of [onA, onB]) {
      const health = await client.get('/api/health')
      expect(health.status).toBe(200)
      expect(health.data.drivers).toMatchObject({
        store: 'mongodb', cache: 'redis', search: 'elasticsearch', files: 's3', queue: 'bullmq', events: 'redis', limits: 'redis', sessions: 'redis',
      })
    }
  })

  it('atomizes an upload through A in a worker, with progress live on B, and serves atoms and search from both', async () => {
    const word = uniqueWord('clusterterm')
    const live = await LiveClient.connect(webB.baseURL, onB.cookieHeader)
    try {
      const uploaded = await onA.upload('cells.md', markdownChapter(word, 8))
      expect(uploaded.status).toBe(202)
      const documentId: string = uploaded.data.id
      live.send({ type: 'subscribe', documentId })
      await live.waitFor(message => message.type === 'subscribed' && message.documentId === documentId)
      await live.waitFor(message => message.type === 'document' && message.document.id === documentId && message.document.status === 'ready', { timeoutMs: 60_000 })

      const stages = live.about(documentId).filter(message => message.type === 'document').map(message => message.document.status)
      expect(stages).toContain('processing')
      const liveAtoms = live.about(documentId).filter(message => message.type === 'atoms').flatMap(message => message.atoms)
      expect(liveAtoms.length).toBeGreaterThan(0)
      // The job ran in the worker, not in either web process.
      expect(worker.output()).not.toContain('error')

      const fromA = await onA.getAll(`/api/v1/documents/${documentId}/atoms`)
      const fromB = await onB.getAll(`/api/v1/documents/${documentId}/atoms`)
      expect(fromA.length).toBeGreaterThan(2)
      expect(fromB).toEqual(fromA)
      expect(new Set(liveAtoms.map(atom => atom.id))).toEqual(new Set(fromA.map(atom => atom.id)))
      const atom = await onB.get(`/api/v1/atoms/${fromA[0].id}`)
      expect(atom.status).toBe(200)
      expect(atom.data.id).toBe(fromA[0].id)

      for (const client of [onA, onB]) {
        const found = await eventually(async () => {
          const result = await client.get(`/api/v1/search?q=${word}`)
          expect(result.status).toBe(200)
          expect(result.data.total).toBeGreaterThan(0)
          return result.data
        }, { timeoutMs: 10_000, intervalMs: 200 })
        expect(found.items.every((hit: { atom: { documentId: string } }) => hit.atom.documentId === documentId)).toBe(true)
      }
    }
    finally {
      live.close()
    }
  })

  it('shares one sign-in allowance per account across instances', async () => {
    const email = uniqueEmail('cluster-locked')
    const guess = (client: ApiClient, password: string) => client.post('/api/v1/auth/login', { email, password })
    for (let i = 0; i < 10; i++) expect((await guess(new ApiClient(i % 2 ? webB.baseURL : webA.baseURL), `guess ${i}`)).status).toBe(401)
    const refused = await guess(new ApiClient(webA.baseURL), 'guess 10')
    expect(refused.status).toBe(429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await guess(new ApiClient(webB.baseURL), 'guess 11')).status).toBe(429)
  })

  it('finishes a document with every atom exactly once after its worker is killed mid-job', async () => {
    const uploaded = await onA.upload('long-book.md', markdownBook(900, 7, 'A long book for a crash'))
    expect(uploaded.status).toBe(202)
    const documentId: string = uploaded.data.id
    // Kill the worker while it is in the middle of this job.
    await eventually(async () => {
      const { data } = await onB.get(`/api/v1/documents/${documentId}`)
      expect(data.status).toBe('processing')
      expect(data.progress).toBeGreaterThan(0.05)
    }, { timeoutMs: 60_000, intervalMs: 50 })
    expect(await worker.kill('SIGKILL')).toBe('SIGKILL')
    expect((await onA.get(`/api/v1/documents/${documentId}`)).data.status).not.toBe('ready')

    worker = await cluster.startWorker('second')
    const done = await eventually(async () => {
      const { data } = await onA.get(`/api/v1/documents/${documentId}`)
      expect(data.status).toBe('ready')
      return data
    }, { timeoutMs: 120_000, intervalMs: 500 })

    const atoms = await onB.getAll(`/api/v1/documents/${documentId}/atoms`)
    expect(atoms).toHaveLength(done.atomCount)
    expect(new Set(atoms.map(atom => atom.id)).size).toBe(atoms.length)
    expect(atoms.map(atom => atom.order)).toEqual(atoms.map((_, index) => index))
    // The index holds each atom once too.
    const indexed = await fetch(`${cluster.env.ELASTICSEARCH_URL}/${cluster.env.ELASTICSEARCH_INDEX}/_count`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: { term: { documentId } } }),
    }).then(response => response.json())
    expect(indexed.count).toBe(atoms.length)
    const jobs = await onA.get('/api/v1/jobs')
    expect(jobs.status).toBe(200)
    expect(jobs.data).toMatchObject({ queue: 'bullmq', runsInProcess: false })
    expect(jobs.data.failed).toEqual([])
    // Stopped politely, a worker exits cleanly.
    expect(await worker.kill('SIGTERM')).toBe(0)
  }, 300_000)
})
