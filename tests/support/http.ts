import { inject } from 'vitest'

/** A tiny cookie-keeping client for the API tests: one per simulated user. */
export class ApiClient {
  private cookie = ''
  readonly baseURL = inject('baseURL')

  async request(method: string, path: string, init: { json?: unknown, body?: BodyInit, headers?: Record<string, string> } = {}) {
    const headers: Record<string, string> = { ...init.headers }
    if (this.cookie) headers.cookie = this.cookie
    let body = init.body
    if (init.json !== undefined) {
      headers['content-type'] = 'application/json'
      body = JSON.stringify(init.json)
    }
    const response = await fetch(`${this.baseURL}${path}`, { method, headers, body, redirect: 'manual' })
    const setCookie = response.headers.getSetCookie().find(value => value.startsWith('nuxt-session='))
    if (setCookie) this.cookie = setCookie.split(';')[0]!
    const text = await response.text()
    const type = response.headers.get('content-type') ?? ''
    const data = type.includes('json') && text ? JSON.parse(text) : text
    return { status: response.status, type, data, headers: response.headers }
  }

  get(path: string) {
    return this.request('GET', path)
  }

  post(path: string, json?: unknown) {
    return this.request('POST', path, { json })
  }

  delete(path: string) {
    return this.request('DELETE', path)
  }

  upload(filename: string, content: string | Uint8Array<ArrayBuffer>, options: { title?: string, type?: string } = {}) {
    const form = new FormData()
    form.set('file', new Blob([content], { type: options.type ?? 'text/markdown' }), filename)
    if (options.title !== undefined) form.set('title', options.title)
    return this.request('POST', '/api/v1/documents', { body: form })
  }

  /** Polls the document until it leaves queued/processing. */
  async waitForDocument(id: string, timeoutMs = 20_000) {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const { data } = await this.get(`/api/v1/documents/${id}`)
      if (data.status === 'ready' || data.status === 'failed') return data
      if (Date.now() > deadline) throw new Error(`document ${id} still ${data.status}`)
      await new Promise(resolve => setTimeout(resolve, 100))
    }
  }
}

let counter = 0
/** Registers a fresh user and returns a signed-in client. */
export async function signedInClient(prefix = 'user', role?: 'author' | 'learner') {
  const client = new ApiClient()
  const email = `${prefix}-${Date.now()}-${counter++}@example.test`
  const response = await client.post('/api/v1/auth/register', { email, password: 'correct horse battery', name: prefix, ...(role && { role }) })
  if (response.status !== 201) throw new Error(`register failed: ${response.status} ${JSON.stringify(response.data)}`)
  return { client, email, user: response.data as { id: string, role: string } }
}
