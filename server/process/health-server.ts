import { createServer, type Server } from 'node:http'
import { answerMetrics } from '../metrics/server'

/**
 * A small HTTP server for a process that serves no other HTTP (the worker), so Kubernetes can probe it:
 * `GET /live` answers 200 while the event loop runs; `GET /ready` answers 200, or 503 with the reason that
 * `unreadyReason` gives; `GET /metrics` gives its Prometheus metrics (the port is the pod's, never public).
 */
export function startHealthServer(port: number, unreadyReason: () => Promise<string | undefined>): Promise<Server> {
  const server = createServer((request, response) => {
    const answer = (status: number, body: object) => {
      response.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' })
      response.end(JSON.stringify(body))
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, { status: 'method not allowed' })
    if (request.url === '/live') return answer(200, { status: 'live' })
    if (request.url === '/metrics') return answerMetrics(response)
    if (request.url !== '/ready') return answer(404, { status: 'not found' })
    unreadyReason().then(
      reason => reason ? answer(503, { status: 'unready', reason }) : answer(200, { status: 'ready' }),
      error => answer(503, { status: 'unready', reason: error instanceof Error ? error.message : String(error) }),
    )
  })
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, () => resolve(server))
  })
}
