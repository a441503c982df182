import WebSocket from 'ws'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

export interface LiveClientOptions {
  /** Leave the server's pings unanswered (a client that went silent). */
  silent?: boolean
  timeoutMs?: number
  /** More headers of the upgrade request, such as `authorization`. */
  headers?: Record<string, string>
}

/**
 * A WebSocket client of `/_ws` that records every message, for the API tests. It connects once the server
 * said hello (kept in `hello`, not in `messages`) and answers the server's pings unless told to be silent.
 */
export class LiveClient {
  readonly messages: Json[] = []
  hello: Json
  /** The close code and reason, once closed. */
  closed?: { code: number, reason: string }
  /** Bytes of WebSocket frames received. */
  receivedBytes = 0
  private waiters: (() => void)[] = []

  private constructor(readonly socket: WebSocket, private readonly options: LiveClientOptions) {
    socket.on('message', (data) => {
      const message = JSON.parse(String(data))
      this.receivedBytes += String(data).length
      if (message.type === 'hello' && !this.hello) this.hello = message
      else this.messages.push(message)
      if (message.type === 'ping' && !this.options.silent) this.send({ type: 'pong' })
      this.wake()
    })
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) }
      this.wake()
    })
  }

  private wake() {
    for (const wake of this.waiters.splice(0)) wake()
  }

  /** Opens a connection with the given session cookie; rejects with the HTTP status if the upgrade is refused. */
  static connect(baseURL: string, cookie?: string, options: LiveClientOptions = {}): Promise<LiveClient> {
    const timeoutMs = options.timeoutMs ?? 10_000
    const socket = new WebSocket(`${baseURL.replace(/^http/, 'ws')}/_ws`, { headers: { ...options.headers, ...(cookie ? { cookie } : {}) } })
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.terminate()
        reject(new Error(`no answer to the WebSocket upgrade within ${timeoutMs} ms`))
      }, timeoutMs)
      socket.once('open', () => {
        const client = new LiveClient(socket, options)
        void client.waitUntil(() => client.hello !== undefined, timeoutMs).then(() => {
          clearTimeout(timer)
          resolve(client)
        }, reject)
      })
      socket.once('unexpected-response', (_request, response) => {
        clearTimeout(timer)
        socket.terminate()
        reject(Object.assign(new Error(`upgrade refused with ${response.statusCode}`), { status: response.statusCode }))
      })
      socket.once('error', (error) => {
        clearTimeout(timer)
        reject(error)
      })
    })
  }

  send(message: unknown) {
    this.socket.send(JSON.stringify(message))
  }

  /** Sends several messages in one write, so the server reads them together. */
  sendTogether(messages: unknown[]) {
    const raw = (this.socket as unknown as { _socket: import('node:net').Socket })._socket
    raw.cork()
    for (const message of messages) this.send(message)
    raw.uncork()
  }

  /** Resolves with the first message from index `from` on that matches, waiting until the deadline. */
  async waitFor(predicate: (message: Json) => boolean, { from = 0, timeoutMs = 20_000 } = {}): Promise<Json> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const found = this.messages.slice(from).find(predicate)
      if (found) return found
      if (this.socket.readyState !== WebSocket.OPEN) throw new Error(`the socket closed; got ${JSON.stringify(this.messages)}`)
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(this.messages).slice(0, 2000)}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  /** Resolves once the condition holds (checked on every message and on close), or rejects at the deadline. */
  async waitUntil(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!condition()) {
      const left = deadline - Date.now()
      if (left <= 0) throw new Error(`the condition did not hold within ${timeoutMs} ms; got ${JSON.stringify(this.messages).slice(0, 2000)}`)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left)
        this.waiters.push(() => {
          clearTimeout(timer)
          resolve()
        })
      })
    }
  }

  /** Messages about one document (every kind but `error`). */
  about(documentId: string): Json[] {
    return this.messages.filter(message => message.type !== 'error' && (message.documentId === documentId || message.document?.id === documentId))
  }

  close() {
    this.socket.close()
  }
}
