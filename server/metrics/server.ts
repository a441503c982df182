import { createServer, type Server, type ServerResponse } from 'node:http'
import { metricsRegistry } from './registry'

/** Answers a scrape with the process's metrics in Prometheus's text format. */
export function answerMetrics(response: ServerResponse): void {
  metricsRegistry.metrics().then(
    (text) => {
      response.writeHead(200, { 'Content-Type': metricsRegistry.contentType, 'Cache-Control': 'no-store' })
      response.end(text)
    },
    (error: unknown) => {
      response.writeHead(500, { 'Content-Type': 'text/plain' })
      response.end(`metrics unavailable: ${error instanceof Error ? error.message : String(error)}\n`)
    },
  )
}

/**
 * The web server's metrics on a port of their own, `GET /metrics` only: the public port never serves them, so
 * what they reveal (routes, load, queue sizes) reaches only who can reach this port (the cluster's Prometheus).
 */
export function startMetricsServer(port: number): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.url === '/metrics' && (request.method === 'GET' || request.method === 'HEAD')) return answerMetrics(response)
    response.writeHead(404, { 'Content-Type': 'text/plain' })
    response.end('not found\n')
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, () => resolve(server))
  })
}
