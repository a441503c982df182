import { Agent, request } from 'node:http'

export interface RawAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
  /** How many bytes of the body the server took before it answered (the socket may close after). */
  sent: number
}

/**
 * POSTs a body of `bytes` bytes of JSON-looking text, chunked (no Content-Length) unless `declareLength`,
 * with Node's own HTTP client: fetch cannot send a body the server stops reading. Resolves with the
 * server's answer, whenever it comes.
 */
export function postLargeBody(baseURL: string, path: string, bytes: number, options: { declareLength?: boolean, headers?: Record<string, string> } = {}): Promise<RawAnswer> {
  const url = new URL(path, baseURL)
  const agent = new Agent({ keepAlive: true })
  return new Promise<RawAnswer>((resolve, reject) => {
    let sent = 0
    let answered = false
    const req = request(url, {
      // A connection of its own: one kept alive from an earlier large body has socket buffers the kernel has
      // grown meanwhile, which would let far more through before the answer than the server ever reads. Kept
      // alive all the same, as browsers do: with `Connection: close` Node's server ends the socket once it has
      // answered, and the bytes still arriving make the kernel reset it, sometimes before the answer is read.
      agent,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.declareLength ? { 'content-length': String(bytes) } : { 'transfer-encoding': 'chunked' }),
        ...options.headers,
      },
    }, (response) => {
      answered = true
      let body = ''
      response.on('data', (chunk) => {
        body += chunk
      })
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body, sent }))
      response.on('error', reject)
    })
    // The server may answer and close while this side still writes (EPIPE, ECONNRESET): that is the point.
    // Only a request that ends without an answer fails.
    let failure: Error | undefined
    req.on('error', (error) => {
      failure = error
    })
    req.on('close', () => {
      if (!answered) reject(failure ?? new Error('the connection closed without an answer'))
    })
    const chunk = Buffer.alloc(64 * 1024, 'a')
    const write = () => {
      while (sent < bytes && !answered) {
        const part = chunk.subarray(0, Math.min(chunk.length, bytes - sent))
        sent += part.length
        if (!req.write(part)) return void req.once('drain', write)
      }
      req.end()
    }
    write()
  }).finally(() => agent.destroy())
}
