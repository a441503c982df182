import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { createMemoryCache } from '../../../server/drivers/cache/memory'
import { createOramaIndex } from '../../../server/drivers/search/orama'
import { measureRequest, routeLabel } from '../../../server/metrics/http'
import { metricsRegistry } from '../../../server/metrics/registry'
import { timeSearchReads } from '../../../server/metrics/search'
import { startMetricsServer } from '../../../server/metrics/server'
import { startHealthServer } from '../../../server/process/health-server'

/** A metric's value for the given labels (a histogram's count), as the registry holds it now. */
async function valueOf(name: string, labels: Record<string, string>): Promise<number> {
  const metric = await metricsRegistry.getSingleMetric(name)?.get()
  // A histogram's values are its buckets, sum and count, each named; a counter's are unnamed.
  const matching = (metric?.values as { metricName?: string, labels: Record<string, unknown>, value: number }[] | undefined)?.find(value =>
    (value.metricName === undefined || value.metricName === `${name}_count`)
    && Object.entries(labels).every(([key, wanted]) => value.labels[key] === wanted))
  return matching?.value ?? 0
}

const servers: Server[] = []
const listen = async (server: Server | Promise<Server>) => {
  const listening = await server
  servers.push(listening)
  if (!listening.listening) await new Promise<void>(resolve => listening.listen(0, '127.0.0.1', resolve))
  return `http://127.0.0.1:${(listening.address() as AddressInfo).port}`
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => new Promise(resolve => server.close(resolve))))
})

describe('route label', () => {
  it('is the API operation\'s path template, whatever the ids and query', () => {
    expect(routeLabel('GET', '/api/v1/documents/3f6c1a/atoms?limit=5&cursor=abc')).toBe('/api/v1/documents/{id}/atoms')
    expect(routeLabel('GET', '/api/v1/atoms/some-atom-id')).toBe('/api/v1/atoms/{id}')
    expect(routeLabel('POST', '/api/v1/documents')).toBe('/api/v1/documents')
    expect(routeLabel('GET', '/api/health')).toBe('/api/health')
  })

  it('puts everything else in a few fixed groups', () => {
    expect(routeLabel('POST', '/api/graphql')).toBe('/api/graphql')
    expect(routeLabel('GET', '/api/v1/no/such/route/12345')).toBe('api-unmatched')
    // A method the operation does not have is not that operation.
    expect(routeLabel('PATCH', '/api/v1/documents')).toBe('api-unmatched')
    expect(routeLabel('GET', '/_nuxt/entry.abc123.js')).toBe('assets')
    expect(routeLabel('GET', '/documents/3f6c1a?tab=atoms')).toBe('pages')
  })
})

describe('request measurement', () => {
  it('counts each answered request under its route and status, and one the client cut as 499', async () => {
    const base = await listen(createServer((request, response) => {
      measureRequest(request, response)
      if (request.url!.startsWith('/api/v1/atoms/slow')) return void setTimeout(() => response.end('late'), 300)
      response.statusCode = request.url!.includes('missing') ? 404 : 200
      response.end('ok')
    }))
    const labels = { method: 'GET', route: '/api/v1/atoms/{id}' }
    const name = 'learning_atomizer_http_request_duration_seconds'
    const before = { ok: await valueOf(name, { ...labels, status: '200' }), missing: await valueOf(name, { ...labels, status: '404' }), cut: await valueOf(name, { ...labels, status: '499' }) }
    await fetch(`${base}/api/v1/atoms/a1`)
    await fetch(`${base}/api/v1/atoms/a2?x=1`)
    await fetch(`${base}/api/v1/atoms/missing`)
    await fetch(`${base}/api/v1/atoms/slow`, { signal: AbortSignal.timeout(50) }).catch(() => {})
    await new Promise(resolve => setTimeout(resolve, 100))
    expect(await valueOf(name, { ...labels, status: '200' })).toBe(before.ok + 2)
    expect(await valueOf(name, { ...labels, status: '404' })).toBe(before.missing + 1)
    expect(await valueOf(name, { ...labels, status: '499' })).toBe(before.cut + 1)
  })
})

describe('cache and search metrics', () => {
  it('counts first-level hits and misses', async () => {
    const cache = createMemoryCache()
    const read = (result: string) => valueOf('learning_atomizer_cache_reads_total', { level: 'l1', result })
    const before = { hit: await read('hit'), miss: await read('miss') }
    await cache.get('absent')
    await cache.set('present', { a: 1 })
    await cache.get('present')
    await cache.get('present')
    expect({ hit: await read('hit'), miss: await read('miss') }).toEqual({ hit: before.hit + 2, miss: before.miss + 1 })
  })

  it('times the index\'s searches by driver and operation, and still answers as the index does', async () => {
    const index = timeSearchReads(createOramaIndex())
    const labels = { driver: 'orama', operation: 'search' }
    const before = await valueOf('learning_atomizer_search_duration_seconds', labels)
    const answer = await index.search({ text: 'anything', documentIds: [], limit: 5, offset: 0 })
    expect(answer.hits).toEqual([])
    expect(await valueOf('learning_atomizer_search_duration_seconds', labels)).toBe(before + 1)
    expect(await valueOf('learning_atomizer_search_duration_seconds', { driver: 'orama', operation: 'suggest' })).toBe(0)
  })
})

describe('metrics endpoints', () => {
  it('serve the registry in Prometheus\'s text format on the metrics port, and nothing else', async () => {
    const base = await listen(startMetricsServer(0))
    const answer = await fetch(`${base}/metrics`)
    expect(answer.status).toBe(200)
    expect(answer.headers.get('content-type')).toContain('text/plain; version=0.0.4')
    const text = await answer.text()
    expect(text).toContain('# TYPE nodejs_eventloop_lag_seconds gauge')
    expect(text).toContain('# TYPE learning_atomizer_http_request_duration_seconds histogram')
    expect((await fetch(`${base}/`)).status).toBe(404)
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404)
  })

  it('are served by the worker\'s health server beside its probes', async () => {
    const base = await listen(startHealthServer(0, async () => undefined))
    expect((await fetch(`${base}/live`)).status).toBe(200)
    const answer = await fetch(`${base}/metrics`)
    expect(answer.status).toBe(200)
    expect(await answer.text()).toContain('process_resident_memory_bytes')
  })
})
