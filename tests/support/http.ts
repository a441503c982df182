import { inject } from 'vitest'
import { testAdminEmail } from './server'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

export interface UploadOptions {
  title?: string
  /** The media type of the file; text/markdown by default. */
  type?: string
  collectionId?: string
}

export interface ApiResponse {
  status: number
  type: string
  data: Json
  headers: Headers
}

/** A tiny cookie-keeping client for the API tests: one per simulated user. */
export class ApiClient {
  private cookie = ''

  /** By default the server the tier's global setup started. */
  constructor(readonly baseURL: string = inject('baseURL')) {}

  /** The session cookie as a `cookie` header value (empty when signed out), for the WebSocket upgrade. */
  get cookieHeader(): string {
    return this.cookie
  }

  async request(method: string, path: string, init: { json?: unknown, body?: BodyInit, headers?: Record<string, string> } = {}): Promise<ApiResponse> {
    // The Origin a page of the app sends: requests that change state with the cookie need it (server/http/csrf.ts).
    const headers: Record<string, string> = { origin: this.baseURL, ...init.headers }
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

  patch(path: string, json?: unknown) {
    return this.request('PATCH', path, { json })
  }

  put(path: string, json?: unknown) {
    return this.request('PUT', path, { json })
  }

  delete(path: string) {
    return this.request('DELETE', path)
  }

  upload(filename: string, content: string | Uint8Array<ArrayBuffer>, options: UploadOptions = {}) {
    return this.request('POST', '/api/v1/documents', { body: uploadForm(filename, content, options) })
  }

  /** `PUT /api/v1/documents/:id/file`: sends an edited version of the document, as multipart like an upload. */
  replaceFile(id: string, filename: string, content: string | Uint8Array<ArrayBuffer>, options: { title?: string, type?: string } = {}) {
    return this.request('PUT', `/api/v1/documents/${id}/file`, { body: uploadForm(filename, content, options) })
  }

  /** Uploads and waits until the document is ready; fails with the server's answer otherwise. */
  async uploadReady(filename: string, content: string | Uint8Array<ArrayBuffer>, options: UploadOptions = {}) {
    const response = await this.upload(filename, content, options)
    if (response.status !== 202) throw new Error(`upload failed: ${response.status} ${JSON.stringify(response.data)}`)
    const document = await this.waitForDocument(response.data.id)
    if (document.status !== 'ready') throw new Error(`document ${document.id} ${document.status}: ${document.error}`)
    return document
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

  /** Every item of a paginated list, following `nextCursor` (with a bound, so a cursor loop fails the test). */
  async getAll(path: string, limit = 100, maxPages = 1000): Promise<Json[]> {
    const items: Json[] = []
    let cursor: string | undefined
    for (let page = 0; page < maxPages; page++) {
      const separator = path.includes('?') ? '&' : '?'
      const response = await this.get(`${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`)
      if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(response.data)}`)
      items.push(...response.data.items)
      cursor = response.data.nextCursor
      if (!cursor) return items
    }
    throw new Error(`GET ${path}: more than ${maxPages} pages`)
  }
}

/** The multipart body of an upload: the file in `file`, and `title` and `collectionId` if given. */
function uploadForm(filename: string, content: string | Uint8Array<ArrayBuffer>, options: UploadOptions) {
  const form = new FormData()
  if (options.collectionId !== undefined) form.set('collectionId', options.collectionId)
  form.set('file', new Blob([content], { type: options.type ?? 'text/markdown' }), filename)
  if (options.title !== undefined) form.set('title', options.title)
  return form
}

let counter = 0

/** A fresh, unused email address. */
export function uniqueEmail(prefix = 'user') {
  return `${prefix}-${Date.now()}-${process.pid}-${counter++}@example.test`
}

/** The password every test account is registered with. */
export const testPassword = 'correct horse battery'

export interface RegisterBody {
  email: string
  password: string
  name: string
  role?: 'author' | 'learner'
}

/**
 * Registers as the app does: the registration (202, the same for a known email, no session), then signing in
 * with the same credentials. Returns the signed-in user.
 */
export async function register(client: ApiClient, body: RegisterBody): Promise<{ id: string, email: string, name: string, role: string, createdAt: string }> {
  const registered = await client.post('/api/v1/auth/register', body)
  if (registered.status !== 202) throw new Error(`register failed: ${registered.status} ${JSON.stringify(registered.data)}`)
  const signedIn = await client.post('/api/v1/auth/login', { email: body.email, password: body.password })
  if (signedIn.status !== 200) throw new Error(`sign-in after registering failed: ${signedIn.status} ${JSON.stringify(signedIn.data)}`)
  return signedIn.data
}

/** Registers a fresh user and returns a signed-in client (against `baseURL`, by default the tier's server). */
export async function signedInClient(prefix = 'user', role?: 'author' | 'learner', baseURL?: string) {
  const client = new ApiClient(baseURL)
  const email = uniqueEmail(prefix)
  const user = await register(client, { email, password: testPassword, name: prefix, ...(role && { role }) })
  return { client, email, user: user as { id: string, role: string } }
}

/** The admin of a server the tests started: registers NUXT_ADMIN_EMAIL (once per server) and signs in. */
export async function adminClient(baseURL?: string) {
  const client = new ApiClient(baseURL)
  const user = await register(client, { email: testAdminEmail, password: testPassword, name: 'Admin' })
  if (user.role !== 'admin') throw new Error(`${testAdminEmail} is ${user.role}, not admin: was the server started with NUXT_ADMIN_EMAIL?`)
  return { client, email: testAdminEmail, user }
}

/**
 * Shares a collection or document (`path` is its `…/shares`) through an invitation the invitee accepts at once,
 * which is when a share takes effect. Returns the owner's answer to sharing.
 */
export async function shareAndAccept(owner: ApiClient, invitee: ApiClient, path: string, body: { email: string, role?: 'viewer' | 'editor' }): Promise<ApiResponse> {
  const shared = await owner.post(path, body)
  if (shared.status === 202) {
    const accepted = await invitee.post(`/api/v1/invitations/${shared.data.invitationId}/accept`)
    if (accepted.status !== 200) throw new Error(`accepting failed: ${accepted.status} ${JSON.stringify(accepted.data)}`)
  }
  else if (shared.status !== 200) {
    throw new Error(`sharing failed: ${shared.status} ${JSON.stringify(shared.data)}`)
  }
  return shared
}

export { testAdminEmail }
