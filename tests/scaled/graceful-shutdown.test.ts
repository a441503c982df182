import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCluster, type Cluster, type RunningWorker } from '../support/cluster'
import { markdownBook, markdownChapter, uniqueWord } from '../support/content'
import { ApiClient, register, testAdminEmail } from '../support/http'
import { LiveClient } from '../support/live'
import { freePort, type RunningServer } from '../support/server'
import { eventually } from '../support/wait'

const password = 'correct horse battery'

/** Sends an upload whose body trickles in over `spreadMs`, so it is still arriving when the server is told to stop. */
async function slowUpload(baseURL: string, cookie: string, filename: string, content: string, spreadMs: number) {
  const form = new FormData()
  form.set('file', new Blob([content], { type: 'text/markdown' }), filename)
  const encoded = new Response(form)
  const body = Buffer.from(await encoded.arrayBuffer())
  const pieces = 10
  return new Promise<{ status: number, body: string }>((resolve, reject) => {
    const request = httpRequest(`${baseURL}/api/v1/documents`, {
      method: 'POST',
      headers: { 'content-type': encoded.headers.get('content-type')!, 'content-length': body.length, cookie, 'origin': baseURL },
    }, (response) => {
      let text = ''
      response.setEncoding('utf8')
      response.on('data', chunk => void (text += chunk))
      response.on('end', () => resolve({ status: response.statusCode!, body: text }))
      response.on('error', reject)
    })
    request.on('error', reject)
    const size = Math.ceil(body.length / pieces)
    let sent = 0
    const next = () => {
      request.write(body.subarray(sent * size, (sent + 1) * size))
      if (++sent < pieces) setTimeout(next, spreadMs / pieces)
      else request.end()
    }
    next()
  })
}

/**
 * SIGTERM as Kubernetes sends it, under load, on the real servers: two web instances behind a client-side
 * balancer that follows readiness (as endpoints and the mesh do), and workers on the shared queue. Nothing a
 * client was promised may be lost: requests in flight finish, live clients are told to reconnect, and every job
 * is done by some worker.
 */
describe('graceful shutdown under load', () => {
  let cluster: Cluster
  let webA: RunningServer
  let webB: RunningServer
  let worker: RunningWorker
  let onA: ApiClient
  let onB: ApiClient
  let healthPort: number

  beforeAll(async () => {
    cluster = await createCluster()
    ;[webA, webB] = await Promise.all([cluster.startWeb('a'), cluster.startWeb('b')])
    healthPort = await freePort()
    worker = await cluster.startWorker('first', { NUXT_WORKER_HEALTH_PORT: String(healthPort) })
    onA = new ApiClient(webA.baseURL)
    await register(onA, { email: testAdminEmail, password, name: 'Operator' })
    onB = new ApiClient(webB.baseURL)
    expect((await onB.post('/api/v1/auth/login', { email: testAdminEmail, password })).status).toBe(200)
  }, 120_000)

  afterAll(async () => {
    await cluster?.stop()
  })

  it('web drains what is in flight, tells live clients to reconnect, and fails no request', async () => {
    const word = uniqueWord('drain')
    const seed = await onA.uploadReady('seed.md', markdownChapter(word, 4))
    const atomId: string = (await onA.getAll(`/api/v1/documents/${seed.id}/atoms`))[0].id
    expect((await onA.get('/api/health/ready')).status).toBe(200)

    // The balancer: ready instances, as the endpoints controller keeps them.
    const clients = new Map([[webA.baseURL, onA], [webB.baseURL, onB]])
    const ready = new Set(clients.keys())
    const counts = { sent: 0, failed: 0, retried: 0 }
    const failures: string[] = []
    let loading = true
    const pick = (index: number) => [...ready][index % ready.size]!
    async function load(stream: number) {
      for (let index = stream; loading; index += 4) {
        const base = pick(index)
        counts.sent++
        try {
          const response = index % 5 === 0
            ? await clients.get(base)!.get(`/api/v1/documents/${seed.id}/atoms`)
            : await clients.get(base)!.get(`/api/v1/atoms/${atomId}`)
          if (response.status !== 200) {
            counts.failed++
            failures.push(`${base}: ${response.status}`)
          }
        }
        catch (error) {
          // A refused connection never reached the app: the mesh retries it elsewhere (retryOn connect-failure).
          if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED') {
            counts.retried++
            continue
          }
          counts.failed++
          failures.push(`${base}: ${String((error as { cause?: unknown }).cause ?? error)}`)
        }
      }
    }
    const streams = [0, 1, 2, 3].map(load)

    const live = await LiveClient.connect(webA.baseURL, onA.cookieHeader)
    live.send({ type: 'subscribe', documentId: seed.id })
    await live.waitFor(message => message.type === 'subscribed')

    // Requests whose bodies are still arriving when the signal comes.
    const uploads = [0, 1, 2].map(index =>
      slowUpload(webA.baseURL, onA.cookieHeader, `late-${index}.md`, markdownChapter(`${word}${index}`, 6), 2000)
        .catch((error: Error) => ({ status: 0, body: error.message })))
    await new Promise(resolve => setTimeout(resolve, 300))

    // Kubernetes: the pod leaves the endpoints while its pre-stop pause runs, then gets SIGTERM.
    ready.delete(webA.baseURL)
    await new Promise(resolve => setTimeout(resolve, 200))
    const signalled = Date.now()
    const stopped = webA.stop()
    const readiness = await onA.get('/api/health/ready').catch(() => undefined)
    await stopped
    const drainMs = Date.now() - signalled
    loading = false
    await Promise.all(streams)

    const answers = await Promise.all(uploads)
    console.info(`[shutdown] web: ${counts.sent} requests under load, ${counts.failed} failed, ${counts.retried} retried elsewhere; `
      + `${answers.length} uploads in flight all answered ${answers.map(answer => answer.status).join(', ')}; exited ${drainMs} ms after SIGTERM`)
    expect(failures).toEqual([])
    expect(counts.failed).toBe(0)
    expect(answers.map(answer => answer.status)).toEqual([202, 202, 202])
    // Once signalled, the instance is no longer ready (or no longer takes connections at all).
    if (readiness) expect(readiness.status).toBe(503)
    await live.waitUntil(() => live.closed !== undefined, 10_000)
    expect(live.closed!.code).toBe(1012)

    // The uploads it accepted were queued, and a worker atomizes them.
    for (const answer of answers) {
      const { id } = JSON.parse(answer.body) as { id: string }
      const document = await onB.waitForDocument(id, 60_000)
      expect(document.status).toBe('ready')
    }
  }, 180_000)

  it('the worker answers the orchestrator\'s probes on its health port', async () => {
    const live = await fetch(`http://127.0.0.1:${healthPort}/live`)
    expect(live.status).toBe(200)
    expect(await live.json()).toEqual({ status: 'live' })
    const ready = await fetch(`http://127.0.0.1:${healthPort}/ready`)
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ready' })
    expect((await fetch(`http://127.0.0.1:${healthPort}/other`)).status).toBe(404)
  })

  it('a worker stopped mid-job hands the job back, and another one finishes it: no job is lost', async () => {
    const uploaded = await onB.upload('long-book.md', markdownBook(600, 11, 'A long book for a polite stop'))
    expect(uploaded.status).toBe(202)
    const documentId: string = uploaded.data.id
    await eventually(async () => {
      const { data } = await onB.get(`/api/v1/documents/${documentId}`)
      expect(data.status).toBe('processing')
      expect(data.progress).toBeGreaterThan(0.05)
    }, { timeoutMs: 60_000, intervalMs: 50 })
    const signalled = Date.now()
    expect(await worker.kill('SIGTERM')).toBe(0)
    const stopMs = Date.now() - signalled

    worker = await cluster.startWorker('second')
    const done = await onB.waitForDocument(documentId, 180_000)
    expect(done.status).toBe('ready')
    const atoms = await onB.getAll(`/api/v1/documents/${documentId}/atoms`)
    expect(atoms).toHaveLength(done.atomCount)
    expect(new Set(atoms.map(atom => atom.id)).size).toBe(atoms.length)
    const jobs = await onB.get('/api/v1/jobs')
    expect(jobs.data.failed).toEqual([])
    console.info(`[shutdown] worker: stopped ${stopMs} ms after SIGTERM mid-job; the next worker finished the document (${atoms.length} atoms); jobs lost: 0`)
  }, 300_000)
})
