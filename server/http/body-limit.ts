import type { IncomingMessage, ServerResponse } from 'node:http'
import type { H3Event } from 'h3'
import type { AppConfig } from '../config'
import { problems } from '../errors'
import type { Operation } from '../openapi/operation'
import { graphqlEndpoint } from '../graphql/endpoint'

/** Text uploads travel inside GraphQL's JSON, which may escape their bytes: room above the upload limit. */
export const graphqlBodyLimit = (settings: Pick<AppConfig, 'maxUploadBytes'>) => settings.maxUploadBytes * 2 + 64 * 1024

/**
 * The most a request's body may hold: the upload limit for GraphQL, none here for multipart uploads (their
 * reader streams them and stops at the upload limit, server/utils/upload.ts), NUXT_MAX_BODY_BYTES otherwise.
 */
export function bodyLimitFor(path: string, operation: Operation | undefined, settings: Pick<AppConfig, 'maxUploadBytes' | 'maxBodyBytes'>): number | undefined {
  if (operation?.upload) return undefined
  if (path.split('?')[0] === graphqlEndpoint) return graphqlBodyLimit(settings)
  return settings.maxBodyBytes
}

/**
 * Once the refusal has been sent, the client gets this long to read it, and what it still sends meanwhile
 * is dropped; past that time, or past the byte budget after a short grace, the connection is cut off.
 * Counting starts only once the answer is out: cutting off earlier resets the connection (the unread
 * bytes make the kernel answer with RST) before the client has read why.
 */
const lingerMs = 5_000
const lingerBytes = 16 * 1024 ** 2
const graceMs = 500

/**
 * After refusing a body: once the answer is out, takes and drops what the client still sends, so that it
 * can read the answer; a client that goes on sending is cut off. The connection stays open for a client that stops and ends its
 * request (Node's `Connection: close` would destroy the socket as soon as the answer is out).
 */
function dropRest(request: IncomingMessage, response: ServerResponse): void {
  let answeredAt: number | undefined
  let droppedSinceAnswer = 0
  const cutOff = () => {
    if (!request.readableEnded) request.socket?.destroy()
  }
  // Nothing more is read until the answer is out: the client is held back by TCP rather than let send
  // the rest of its body at full speed while the refusal is being written.
  request.pause()
  request.on('data', (chunk: Buffer) => {
    droppedSinceAnswer += chunk.byteLength
    if (droppedSinceAnswer > lingerBytes && Date.now() - answeredAt! >= graceMs) cutOff()
  })
  const onAnswered = () => {
    if (answeredAt !== undefined) return
    answeredAt = Date.now()
    request.resume()
    setTimeout(cutOff, lingerMs).unref()
  }
  if (response.writableFinished) onAnswered()
  else response.once('finish', onAnswered).once('close', onAnswered)
}

/** The body as one buffer, refused with 413 at the first byte past the limit; nothing past it is kept. */
function readCappedBody(request: IncomingMessage, response: ServerResponse, limit: number): Promise<Buffer> {
  const refuse = () => {
    dropRest(request, response)
    return problems.bodyTooLarge(limit)
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const stop = () => request.off('data', onData).off('end', onEnd).off('error', onError)
    const onData = (chunk: Buffer) => {
      size += chunk.byteLength
      if (size <= limit) return chunks.push(chunk)
      stop()
      reject(refuse())
    }
    const onEnd = () => {
      stop()
      resolve(Buffer.concat(chunks))
    }
    const onError = (error: Error) => {
      stop()
      reject(error)
    }
    request.on('data', onData).on('end', onEnd).on('error', onError)
  })
}

/**
 * Caps the request's body for every reader of it (h3's readBody, readRawBody and getRequestWebStream take
 * a body given as the request's `rawBody`). A declared length over the limit is refused at once; otherwise
 * the body is read, capped, only when a handler first asks for it, so checks before that (rate limits,
 * the session) cost no reading.
 */
export function capRequestBody(event: H3Event, limit: number | undefined): void {
  const request = event.node.req as IncomingMessage & { rawBody?: PromiseLike<Buffer> }
  const declared = Number(request.headers['content-length'] ?? 0)
  const chunked = /\bchunked\b/i.test(request.headers['transfer-encoding'] ?? '')
  if (limit === undefined || (!(declared > 0) && !chunked)) return
  if (declared > limit) {
    dropRest(request, event.node.res)
    throw problems.bodyTooLarge(limit)
  }
  let reading: Promise<Buffer> | undefined
  // A thenable rather than a promise: reading starts at the first `then`, i.e. when a handler reads the body.
  request.rawBody = { then: (resolve, reject) => (reading ??= readCappedBody(request, event.node.res, limit)).then(resolve, reject) }
}
