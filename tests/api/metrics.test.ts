import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pipeline } from '../../server/atomizer/pipeline'
import { markdownChapter, uniqueWord } from '../support/content'
import { ApiClient, register, testAdminEmail } from '../support/http'
import { freePort, startServer, type RunningServer } from '../support/server'
import { eventually } from '../support/wait'

/** The value of the first sample of `name` having all of `labels`, from Prometheus's text format; undefined if none. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([\w:]+)(\{.*\})? (\S+)$/.exec(line)
    if (!match || match[1] !== name) continue
    if (Object.entries(labels).every(([key, value]) => (match[2] ?? '').includes(`${key}="${value}"`))) return Number(match[3])
  }
  return undefined
}

/**
 * The embedded set-up (SQLite, Orama, the in-process queue) serves the same metrics on its metrics port: its
 * own jobs, pipeline, first-level cache, Orama searches and models, and never on the public port.
 */
describe('metrics of the embedded set-up', () => {
  let server: RunningServer
  let metricsPort: number
  let text: string
  let documentId: string

  beforeAll(async () => {
    metricsPort = await freePort()
    server = await startServer({ name: 'metrics', env: { NUXT_METRICS_PORT: String(metricsPort) } })
    const client = new ApiClient(server.baseURL)
    await register(client, { email: testAdminEmail, password: 'correct horse battery', name: 'Metrics' })
    const word = uniqueWord('embeddedmetrics')
    documentId = (await client.uploadReady('metrics.md', markdownChapter(word, 4))).id
    const [atom] = await client.getAll(`/api/v1/documents/${documentId}/atoms`)
    for (let i = 0; i < 2; i++) expect((await client.get(`/api/v1/atoms/${atom.id}`)).status).toBe(200)
    await eventually(async () => expect((await client.get(`/api/v1/search?q=${word}`)).data.total).toBeGreaterThan(0), { timeoutMs: 10_000, intervalMs: 100 })
    text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()
  })

  afterAll(async () => {
    await server?.stop()
  })

  it('counts requests by route template and status', () => {
    expect(sample(text, 'learning_atomizer_http_request_duration_seconds_count', { method: 'POST', route: '/api/v1/documents', status: '202' })).toBe(1)
    expect(sample(text, 'learning_atomizer_http_request_duration_seconds_count', { route: '/api/v1/atoms/{id}', status: '200' })).toBe(2)
    expect(text).not.toContain(documentId)
  })

  it('reports the in-process queue and the jobs it ran', () => {
    expect(sample(text, 'learning_atomizer_process_info', { process: 'web', queue_driver: 'memory' })).toBe(1)
    expect(sample(text, 'learning_atomizer_queue_jobs', { queue: 'atomize', state: 'waiting' })).toBe(0)
    expect(sample(text, 'learning_atomizer_queue_oldest_waiting_age_seconds', { queue: 'atomize' })).toBe(0)
    expect(sample(text, 'learning_atomizer_job_duration_seconds_count', { queue: 'atomize', outcome: 'completed' })).toBe(1)
  })

  it('times every pipeline stage and counts the words atomized', () => {
    for (const stage of pipeline) expect(sample(text, 'learning_atomizer_pipeline_stage_duration_seconds_count', { stage: stage.name }), stage.name).toBe(1)
    expect(sample(text, 'learning_atomizer_words_atomized_total')).toBeGreaterThan(100)
  })

  it('counts the first-level cache (there is no second) and times Orama and the models', () => {
    expect(sample(text, 'learning_atomizer_cache_reads_total', { level: 'l1', result: 'hit' })).toBeGreaterThan(0)
    expect(sample(text, 'learning_atomizer_cache_reads_total', { level: 'l2' })).toBeUndefined()
    expect(sample(text, 'learning_atomizer_search_duration_seconds_count', { driver: 'orama', operation: 'search' })).toBeGreaterThan(0)
    for (const model of ['types', 'terms', 'difficulty', 'embeddings']) {
      expect(sample(text, 'learning_atomizer_model_inference_duration_seconds_count', { model }), model).toBeGreaterThan(0)
    }
    expect(sample(text, 'learning_atomizer_live_connections')).toBe(0)
    expect(sample(text, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0)
  })

  it('never answers metrics on the public port', async () => {
    const answer = await fetch(`${server.baseURL}/metrics`, { redirect: 'manual' })
    expect(await answer.text()).not.toContain('learning_atomizer_')
  })
})
