import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pipeline } from '../../server/atomizer/pipeline'
import { createCluster, type Cluster } from '../support/cluster'
import { markdownChapter, uniqueWord } from '../support/content'
import { ApiClient, register, testAdminEmail } from '../support/http'
import { LiveClient } from '../support/live'
import { startPrometheus, type PromSeries, type RunningPrometheus } from '../support/prometheus'
import { freePort, type RunningServer } from '../support/server'
import { eventually } from '../support/wait'

const root = new URL('../../', import.meta.url).pathname
const monitoring = join(root, 'k8s/monitoring')
const rulesFile = join(monitoring, 'rules/learning-atomizer.rules.yaml')
const dashboardsDir = join(monitoring, 'dashboards')

/** What a Grafana panel's query needs to run in Prometheus: its variables, with values fit for a 1 s scrape. */
const dashboardVariables: Record<string, string> = { __rate_interval: '10s', __interval: '1s', __range: '5m' }

const withValues = (series: PromSeries[]) => series.filter(one => (one.values ?? [one.value!]).some(([, value]) => Number.isFinite(Number(value))))

/**
 * A real Prometheus scrapes a web instance (NUXT_METRICS_PORT) and a worker (its health port) of the scaled
 * set-up on the real servers, loads the alert rules of k8s/monitoring, and answers every query of the Grafana
 * dashboards after real traffic: an upload the worker atomizes, reads, a search and a live connection.
 */
describe('metrics: Prometheus scrapes web and worker', () => {
  let cluster: Cluster
  let web: RunningServer
  let prometheus: RunningPrometheus
  let live: LiveClient
  let documentId: string
  let trafficStart: number
  const ports = { web: 0, worker: 0 }

  beforeAll(async () => {
    cluster = await createCluster()
    ports.web = await freePort()
    ports.worker = await freePort()
    web = await cluster.startWeb('web', { NUXT_METRICS_PORT: String(ports.web) })
    await cluster.startWorker('worker', { NUXT_WORKER_HEALTH_PORT: String(ports.worker) })
    prometheus = await startPrometheus({
      jobs: { web: [`127.0.0.1:${ports.web}`], worker: [`127.0.0.1:${ports.worker}`] },
      ruleFiles: [rulesFile],
    })
    // Both targets up before the traffic, so every counter's rise is seen.
    await eventually(async () => {
      const up = await prometheus.query('up == 1')
      expect(up.map(series => series.metric.job).sort()).toEqual(['web', 'worker'])
    }, { timeoutMs: 20_000, intervalMs: 250 })
    trafficStart = Date.now() / 1000 - 5

    const client = new ApiClient(web.baseURL)
    await register(client, { email: testAdminEmail, password: 'correct horse battery', name: 'Metrics' })
    const word = uniqueWord('metricsterm')
    live = await LiveClient.connect(web.baseURL, client.cookieHeader)
    const document = await client.uploadReady('metrics.md', markdownChapter(word, 6))
    documentId = document.id
    const atoms = await client.getAll(`/api/v1/documents/${documentId}/atoms`)
    // Twice each: the first read misses the cache, the second hits it.
    for (const atom of atoms.slice(0, 3)) {
      for (let i = 0; i < 2; i++) expect((await client.get(`/api/v1/atoms/${atom.id}`)).status).toBe(200)
    }
    await eventually(async () => {
      const found = await client.get(`/api/v1/search?q=${word}`)
      expect(found.data.total).toBeGreaterThan(0)
    }, { timeoutMs: 20_000, intervalMs: 250 })
    // A route's series starts at its first request: rates (and so the dashboards' latencies) need later ones, a scrape apart.
    for (let i = 0; i < 3; i++) {
      await new Promise(resolve => setTimeout(resolve, 1200))
      expect((await client.get(`/api/v1/search?q=${word}`)).status).toBe(200)
    }
    expect((await client.get('/api/v1/documents/no-such-document')).status).toBe(404)
    // The last of it scraped, and the rules evaluated on it.
    await eventually(async () => {
      expect(await prometheus.query('learning_atomizer_words_atomized_total{job="worker"} > 0')).toHaveLength(1)
      expect(await prometheus.query('learning_atomizer_search_duration_seconds_count{job="web",operation="search"} > 0')).not.toHaveLength(0)
    }, { timeoutMs: 20_000, intervalMs: 250 })
    await new Promise(resolve => setTimeout(resolve, 3000))
  })

  afterAll(async () => {
    live?.close()
    await prometheus?.stop()
    await cluster?.stop()
  })

  /** Each family of the metrics, with a query that must find series of each job that has them. */
  const families: [string, string, ('web' | 'worker')[]][] = [
    ['HTTP requests by route', 'learning_atomizer_http_request_duration_seconds_count{route="/api/v1/documents/{id}"}', ['web']],
    ['live WebSocket connections', 'learning_atomizer_live_connections >= 1', ['web']],
    ['queue depth', 'learning_atomizer_queue_jobs{queue="atomize",state="waiting"}', ['web', 'worker']],
    ['failed jobs per job name', 'learning_atomizer_queue_jobs{queue="atomize",state="failed"}', ['web', 'worker']],
    ['active jobs per job name', 'learning_atomizer_queue_jobs{queue="atomize",state="active"}', ['web', 'worker']],
    ['age of the oldest waiting job', 'learning_atomizer_queue_oldest_waiting_age_seconds{queue="atomize"}', ['web', 'worker']],
    ['jobs run', 'learning_atomizer_job_duration_seconds_count{queue="atomize",outcome="completed"} >= 1', ['worker']],
    ['pipeline stage durations', 'learning_atomizer_pipeline_stage_duration_seconds_count{stage="segment"} >= 1', ['worker']],
    ['words atomized', 'learning_atomizer_words_atomized_total > 0', ['worker']],
    ['cache reads, first level', 'learning_atomizer_cache_reads_total{level="l1",result="hit"} > 0', ['web']],
    ['cache reads, Redis', 'learning_atomizer_cache_reads_total{level="l2",result="miss"} > 0', ['web']],
    ['search latency by driver', 'learning_atomizer_search_duration_seconds_count{driver="elasticsearch",operation="search"} > 0', ['web']],
    ['model inference time', 'learning_atomizer_model_inference_duration_seconds_count{model="embeddings"} > 0', ['web', 'worker']],
    ['model inference time of the atomizing models', 'learning_atomizer_model_inference_duration_seconds_count{model=~"types|terms|difficulty"} > 0', ['worker']],
    ['event-loop lag', 'nodejs_eventloop_lag_p99_seconds', ['web', 'worker']],
    ['memory', 'process_resident_memory_bytes > 0', ['web', 'worker']],
    ['GC', 'nodejs_gc_duration_seconds_count', ['web', 'worker']],
    ['process', 'learning_atomizer_process_info{queue_driver="bullmq"}', ['web', 'worker']],
  ]

  it.each(families)('has series of %s', async (_name, expr, jobs) => {
    const found = await prometheus.query(expr)
    expect([...new Set(found.map(series => series.metric.job))].sort()).toEqual([...jobs].sort())
  })

  it('times every stage of the pipeline', async () => {
    const found = await prometheus.query('learning_atomizer_pipeline_stage_duration_seconds_count{job="worker"} >= 1')
    expect(found.map(series => series.metric.stage).sort()).toEqual(pipeline.map(stage => stage.name).sort())
  })

  it('labels requests by route template, never by raw URL', async () => {
    const routes = (await prometheus.query('count by (route) (learning_atomizer_http_request_duration_seconds_count)')).map(series => series.metric.route!)
    expect(routes).toContain('/api/v1/atoms/{id}')
    expect(routes).toContain('/api/v1/search')
    expect(routes.filter(route => route.includes(documentId) || route.includes('no-such-document') || route.includes('?'))).toEqual([])
    const notFound = await prometheus.query('learning_atomizer_http_request_duration_seconds_count{route="/api/v1/documents/{id}",status="404"}')
    expect(notFound).toHaveLength(1)
  })

  it('serves metrics only on their own port, not on the public one', async () => {
    const publicAnswer = await fetch(`${web.baseURL}/metrics`, { redirect: 'manual' })
    expect(await publicAnswer.text()).not.toContain('learning_atomizer_')
    const metricsAnswer = await fetch(`http://127.0.0.1:${ports.web}/metrics`)
    expect(metricsAnswer.headers.get('content-type')).toContain('text/plain')
    expect(await metricsAnswer.text()).toContain('learning_atomizer_http_request_duration_seconds_bucket')
  })

  it('loads every alert and recording rule, healthy, and records the SLO ratios', async () => {
    const { groups } = await prometheus.api<{ groups: { name: string, rules: { name: string, health: string, lastError?: string }[] }[] }>('/api/v1/rules')
    const rules = groups.flatMap(group => group.rules)
    expect(rules.length).toBeGreaterThan(20)
    expect(rules.filter(rule => rule.health !== 'ok')).toEqual([])
    const availability = await prometheus.query('learning_atomizer:http_error_ratio:rate5m')
    expect(availability).toHaveLength(1)
    expect(Number(availability[0]!.value![1])).toBe(0)
    // A worker is alive: the alert that says none is must be quiet.
    const alerts = await prometheus.api<{ alerts: { labels: { alertname: string } }[] }>('/api/v1/alerts')
    expect(alerts.alerts.map(alert => alert.labels.alertname)).not.toContain('LearningAtomizerNoWorker')
  })

  const dashboards = readdirSync(dashboardsDir).filter(file => file.endsWith('.json'))

  it('has the four dashboards', () => {
    expect(dashboards.sort()).toEqual(['learning-atomizer-ml.json', 'learning-atomizer-overview.json', 'learning-atomizer-queue.json', 'learning-atomizer-search.json'])
  })

  it.each(dashboards)('answers every panel of %s with series', async (file) => {
    const dashboard = JSON.parse(readFileSync(join(dashboardsDir, file), 'utf8')) as { panels: { title: string, targets: { expr: string }[] }[] }
    const empty: string[] = []
    for (const panel of dashboard.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0)
      for (const target of panel.targets) {
        const expr = target.expr.replace(/\$(\w+)|\$\{(\w+)\}/g, (_match, plain?: string, braced?: string) => {
          const value = dashboardVariables[(plain ?? braced)!]
          if (value === undefined) throw new Error(`${file}, "${panel.title}": unknown variable in ${target.expr}`)
          return value
        })
        const series = withValues(await prometheus.queryRange(expr, trafficStart))
        if (series.length === 0) empty.push(`${panel.title}: ${expr}`)
      }
    }
    expect(empty).toEqual([])
  })
})
