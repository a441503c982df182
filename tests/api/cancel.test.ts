import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { markdownBook, markdownChapter, uniqueWord } from '../support/content'
import { ApiClient, signedInClient } from '../support/http'
import { expectProblem } from '../support/problems'
import { startServer, type RunningServer } from '../support/server'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

/** Sixteen hundred sections of six paragraphs of varied sentences: seconds of atomizing even on a fast machine, one atom per section. */
const book = markdownBook(1600, 1, 'A long book about many things', 6)

describe('cancelling atomization', () => {
  // A server of its own that works on one document at a time, so a second upload waits in the queue and a
  // later upload that becomes ready proves every job queued before it has finished.
  let server: RunningServer
  let client: ApiClient

  beforeAll(async () => {
    server = await startServer({ name: 'cancel', env: { NUXT_QUEUE_CONCURRENCY: '1', NUXT_MAX_UPLOAD_BYTES: String(32 * 1024 * 1024) } })
    client = (await signedInClient('canceller', undefined, server.baseURL)).client
  })

  afterAll(async () => {
    await server?.stop()
  })

  async function document(id: string) {
    const response = await client.get(`/api/v1/documents/${id}`)
    expect(response.status).toBe(200)
    return response.data
  }

  /** Polls until the document is being processed (fails if it gets past that first). */
  async function waitUntilProcessing(id: string, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const current = await document(id)
      if (current.status === 'processing') return current
      expect(current.status, JSON.stringify(current)).toBe('queued')
      if (Date.now() > deadline) throw new Error(`document ${id} still queued after ${timeoutMs} ms`)
      await new Promise(resolve => setTimeout(resolve, 20))
    }
  }

  /** Uploads a small chapter and waits until it is ready: with one job at a time, every earlier job is done. */
  async function drainQueue() {
    const ready = await client.uploadReady('barrier.md', markdownChapter(uniqueWord(), 1))
    expect(ready.status).toBe('ready')
  }

  it('keeps answering /api/health quickly while a large document is atomized', async () => {
    const upload = await client.upload('busy-book.md', book)
    expect(upload.status).toBe(202)
    await waitUntilProcessing(upload.data.id)
    // Health is polled, each answer timed, from the start of the processing to its end, which another loop watches.
    let processing = true
    const watcher = (async () => {
      while (processing) {
        processing = (await document(upload.data.id)).status === 'processing'
        await new Promise(resolve => setTimeout(resolve, 50))
      }
    })()
    const durations: number[] = []
    try {
      while (processing) {
        const started = performance.now()
        const response = await fetch(`${server.baseURL}/api/health`)
        expect(response.status).toBe(200)
        await response.arrayBuffer()
        durations.push(performance.now() - started)
        await new Promise(resolve => setTimeout(resolve, 25))
      }
    }
    finally {
      processing = false
      await watcher
    }
    expect((await document(upload.data.id)).status).toBe('ready')
    // The measurement means something only if it had a good number of polls.
    console.info(`health polled ${durations.length} times while the book was atomized`)
    expect(durations.length, 'the book was atomized too quickly to measure: make it longer').toBeGreaterThanOrEqual(10)
    const slowest = Math.max(...durations)
    expect(slowest, `health answers took ${durations.map(ms => Math.round(ms)).join(', ')} ms`).toBeLessThan(2_000)
  }, 120_000)

  it('cancels a queued document and one being processed: both end failed with "Cancelled." and stay so', async () => {
    const processing = await client.upload('book.md', book)
    const queued = await client.upload('queued.md', markdownChapter(uniqueWord(), 3))
    expect([processing.status, queued.status]).toEqual([202, 202])
    await waitUntilProcessing(processing.data.id)
    expect((await document(queued.data.id)).status).toBe('queued')

    const cancelQueued = await client.post(`/api/v1/documents/${queued.data.id}/cancel`)
    expect(cancelQueued.status, JSON.stringify(cancelQueued.data)).toBe(200)
    expect(cancelQueued.data).toMatchObject({ id: queued.data.id, status: 'failed', error: 'Cancelled.', atomCount: 0, progress: 0 })
    expect(cancelQueued.data.stage).toBeUndefined()

    const cancelProcessing = await client.post(`/api/v1/documents/${processing.data.id}/cancel`)
    expect(cancelProcessing.status, JSON.stringify(cancelProcessing.data)).toBe(200)
    expect(cancelProcessing.data).toMatchObject({ id: processing.data.id, status: 'failed', error: 'Cancelled.' })
    expect(cancelProcessing.data.stage).toBeUndefined()

    // Every job queued so far has run to its end; none may have brought either document back.
    await drainQueue()
    for (const cancelled of [cancelQueued.data, cancelProcessing.data]) {
      const now = await document(cancelled.id)
      const atoms = await client.getAll(`/api/v1/documents/${cancelled.id}/atoms`)
      const { updatedAt: _cancelledAt, ...asCancelled } = cancelled
      const { updatedAt: _now, ...asNow } = now
      // As the cancel left it: failed, "Cancelled.", no stage, the same progress and count.
      expect(asNow, `${cancelled.filename} after its job ended`).toEqual(asCancelled)
      expect(atoms, cancelled.filename).toHaveLength(now.atomCount)
    }
    expect((await document(queued.data.id)).atomCount).toBe(0)

    // Cancelling what is not being processed is a conflict, and changes nothing.
    for (const cancelled of [cancelQueued.data, cancelProcessing.data]) {
      const before = await document(cancelled.id)
      const problem = expectProblem(await client.post(`/api/v1/documents/${cancelled.id}/cancel`), 409, `/api/v1/documents/${cancelled.id}/cancel`)
      expect(problem.type).toBe('/problems/conflict')
      expect(await document(cancelled.id)).toEqual(before)
    }
  }, 120_000)

  it('answers 409 to cancelling a ready document, and leaves it ready with its atoms', async () => {
    const ready = await client.uploadReady('ready.md', markdownChapter(uniqueWord(), 4))
    const atoms = await client.getAll(`/api/v1/documents/${ready.id}/atoms`)
    const before = await document(ready.id)
    const problem = expectProblem(await client.post(`/api/v1/documents/${ready.id}/cancel`), 409, `/api/v1/documents/${ready.id}/cancel`)
    expect(problem.detail).toMatch(/not being processed/)
    expect(await document(ready.id)).toEqual(before)
    expect(await client.getAll(`/api/v1/documents/${ready.id}/atoms`)).toEqual(atoms)
  })

  it('reprocesses a cancelled document to ready', async () => {
    const upload = await client.upload('again-book.md', book)
    expect(upload.status).toBe(202)
    await waitUntilProcessing(upload.data.id)
    expect((await client.post(`/api/v1/documents/${upload.data.id}/cancel`)).data).toMatchObject({ status: 'failed', error: 'Cancelled.' })

    const reprocess = await client.post(`/api/v1/documents/${upload.data.id}/reprocess`)
    expect(reprocess.status).toBe(202)
    expect(reprocess.data).toMatchObject({ status: 'queued', progress: 0 })
    expect(reprocess.data.error).toBeUndefined()
    const done: Json = await client.waitForDocument(upload.data.id, 90_000)
    expect(done, JSON.stringify(done)).toMatchObject({ status: 'ready', progress: 1 })
    expect(done.error).toBeUndefined()
    const atoms = await client.getAll(`/api/v1/documents/${upload.data.id}/atoms`)
    expect(atoms.length).toBeGreaterThanOrEqual(400)
    expect(atoms).toHaveLength(done.atomCount)
    expect(new Set(atoms.map(atom => atom.id)).size).toBe(atoms.length)
  }, 120_000)

  it('still serves, with nothing unhandled in the server output', async () => {
    expect((await new ApiClient(server.baseURL).get('/api/health')).data).toMatchObject({ status: 'ok' })
    expect(server.output()).not.toMatch(/unhandled/i)
  })
})
