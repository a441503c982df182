import type { IncomingMessage, ServerResponse } from 'node:http'
import { Histogram } from 'prom-client'
import { operationAt } from '../openapi/match'
import { latencyBuckets, metricPrefix, metricsRegistry } from './registry'

const requestDuration = new Histogram({
  name: `${metricPrefix}http_request_duration_seconds`,
  help: 'HTTP requests by method, route template and status, with their duration from head read to response sent.',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: latencyBuckets,
  registers: [metricsRegistry],
})

const knownMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

/**
 * The histogram's child of each label set, so a request costs a map lookup and an observe rather than
 * prom-client hashing a labels object each time. Bounded as the labels are: methods, route templates, statuses.
 */
const children = new Map<string, ReturnType<typeof requestDuration.labels>>()

function childFor(method: string, route: string, status: string) {
  const key = `${method} ${route} ${status}`
  let child = children.get(key)
  if (!child) {
    child = requestDuration.labels(method, route, status)
    children.set(key, child)
  }
  return child
}

/**
 * The route a request counts under: the API operation's path template (`/api/v1/documents/{id}`), never the
 * raw URL, so the series stay few whatever the ids and queries. What is not an API operation falls in a few
 * fixed groups.
 */
export function routeLabel(method: string, url: string): string {
  const path = url.split('?', 1)[0]!
  const operation = operationAt(method, path)
  if (operation) return operation.path
  if (path === '/api/graphql') return path
  if (path.startsWith('/api/')) return 'api-unmatched'
  if (path.startsWith('/_nuxt/')) return 'assets'
  return 'pages'
}

/**
 * Measures one request when its response ends: sent (its status) or cut by the client (499, as proxies name
 * it). One timestamp and one listener per request; the route is looked up only once it is done.
 */
export function measureRequest(request: IncomingMessage, response: ServerResponse): void {
  const started = performance.now()
  response.once('close', () => {
    const method = knownMethods.has(request.method!) ? request.method! : 'OTHER'
    const status = response.writableFinished ? String(response.statusCode) : '499'
    childFor(method, routeLabel(method, request.url ?? '/'), status).observe((performance.now() - started) / 1000)
  })
}
