/**
 * The production server entry: Nitro's node-server entry (nitropack/dist/presets/node/runtime/node-server.mjs)
 * with four changes. The process's error handlers are the app's (server/process/unhandled-errors.ts), not
 * Nitro's; the live WebSocket caps frames at the transport, so a large frame is refused (close 1009)
 * before it is buffered, rather than read whole and then found too long; and a request's head may take
 * `maxRequestHeadBytes`, so every query the API's schemas allow is read; and SIGTERM drains the server
 * (server/process/graceful-shutdown.ts).
 */
import '#nitro-internal-pollyfills'
import { Server as HttpServer } from 'node:http'
import { Server as HttpsServer } from 'node:https'
import type { Duplex } from 'node:stream'
import wsAdapter from 'crossws/adapters/node'
import destr from 'destr'
import { toNodeListener } from 'h3'
import { useNitroApp, useRuntimeConfig } from 'nitropack/runtime'
import { startScheduleRunner } from 'nitropack/runtime/internal/index'
import { maxRequestHeadBytes } from '../../shared/schemas/common'
import { liveMaxFrameBytes } from '../../shared/schemas/live'
import { requestIdFrom } from '../http/request-id'
import { installGracefulShutdown } from './graceful-shutdown'
import { ownUnhandledErrors } from './unhandled-errors'

ownUnhandledErrors('server')

/**
 * Requests Node refuses before the app sees them: a head past `maxRequestHeadBytes` gets problem details (431)
 * like every other error of the API; anything else Node's own way (400, or the socket closed).
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex) {
  if (!socket.writable || error.code === 'ECONNRESET') return socket.destroy()
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    // The head was not read, so neither the path nor a caller's request id is known: a new id names it in logs.
    const requestId = requestIdFrom(undefined)
    const body = JSON.stringify({
      type: '/problems/request-head-too-large', title: 'Request Header Fields Too Large', status: 431,
      detail: `The URL and headers take more than ${maxRequestHeadBytes / 1024} KiB.`, requestId,
    })
    console.warn(`[http] 431: a request head over ${maxRequestHeadBytes} bytes refused (${requestId})`)
    return socket.end(`HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`)
  }
  socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
}

const cert = process.env.NITRO_SSL_CERT
const key = process.env.NITRO_SSL_KEY
const nitroApp = useNitroApp()
const listener = toNodeListener(nitroApp.h3App)
// A query at the API's limits (many study terms, percent-encoded) fits the head the server reads.
const serverOptions = { maxHeaderSize: maxRequestHeadBytes }
const server = cert && key ? new HttpsServer({ key, cert, ...serverOptions }, listener) : new HttpServer(serverOptions, listener)
server.on('clientError', answerClientError)
const configuredPort = destr<number | undefined>(process.env.NITRO_PORT || process.env.PORT)
const port = configuredPort === 0 ? 0 : configuredPort || 3000
const host = process.env.NITRO_HOST || process.env.HOST
const path = process.env.NITRO_UNIX_SOCKET

const listening = server.listen(path ? { path } : { port, host }, () => {
  const address = listening.address()
  if (typeof address === 'string') return console.log(`Listening on unix socket ${address}`)
  const baseURL = (useRuntimeConfig().app.baseURL || '').replace(/\/$/, '')
  const protocol = cert && key ? 'https' : 'http'
  console.log(`Listening on ${protocol}://${address?.family === 'IPv6' ? `[${address.address}]` : address?.address}:${address?.port}${baseURL}`)
})
listening.on('error', (error) => {
  console.error(error)
  process.exit(1)
})

installGracefulShutdown(server, { closeApp: () => nitroApp.hooks.callHook('close') })

if (import.meta._websocket) {
  const { handleUpgrade } = wsAdapter({ ...nitroApp.h3App.websocket, serverOptions: { maxPayload: liveMaxFrameBytes } })
  server.on('upgrade', handleUpgrade)
}
if (import.meta._tasks) startScheduleRunner()

export default {}
