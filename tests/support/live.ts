import WebSocket from 'ws'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

/** A WebSocket client of `/_ws` that records every message, for the API tests. */
export class LiveClient {
  readonly messages: Json[] = []
  private waiters: (() => void)[] = []

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)))
      for (const wake of this.waiters.splice(0)) wake()
    })
    socket.on('close', () => {
      for (const wake of this.waiters.splice(0)) wake()
    })
  }

  /** Opens a connection with the given session cookie; rejects with the HTTP status if the upgrade is refused. */
  static connect(baseURL: string, cookie?: string, timeoutMs = 10_000): Promise<LiveClient> {
    const socket = new WebSocket(`${baseURL.replace(/^http/, 'ws')}/_ws`, { headers: cookie ? { cookie } : {} })
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        socket.terminate()
        reject(new Error(`no answer to the WebSocket upgrade within ${timeoutMs} ms`))
      }, timeoutMs)
      socket.once('open', () => {
        clearTimeout(timer)
        resolve(new LiveClient(socket))
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

  /** Messages about one document (every kind but `error`). */
  about(documentId: string): Json[] {
    return this.messages.filter(message => message.type !== 'error' && (message.documentId === documentId || message.document?.id === documentId))
  }

  close() {
    this.socket.close()
  }
}
