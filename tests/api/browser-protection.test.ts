import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { ApiClient, signedInClient, type ApiResponse } from '../support/http'
import { expectProblem } from '../support/problems'
import { startServer, type RunningServer } from '../support/server'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

/** A page of another site, and one of a sibling subdomain's (same site, another origin). */
const evil = 'https://evil.example'
/** The one origin whose pages may call the API with a token (NUXT_CORS_ORIGINS of the server below). */
const tokenClient = 'https://client.example'

let server: RunningServer
beforeAll(async () => {
  // Its own server: a CORS allow-list, and the test's loopback address as a trusted proxy (for HSTS).
  server = await startServer({ name: 'browser-protection', env: { NUXT_CORS_ORIGINS: tokenClient, NUXT_TRUSTED_PROXIES: 'loopback' } })
})
afterAll(() => server?.stop())

/** A request exactly as given: the cookie and these headers only (no Origin unless named). */
async function send(method: string, path: string, headers: Record<string, string>, body?: BodyInit): Promise<ApiResponse> {
  const response = await fetch(`${server.baseURL}${path}`, { method, headers, body, redirect: 'manual' })
  const text = await response.text()
  const type = response.headers.get('content-type') ?? ''
  return { status: response.status, type, data: type.includes('json') && text ? JSON.parse(text) : text, headers: response.headers }
}

const urlencoded = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
function multipartUpload(title: string) {
  const form = new FormData()
  form.set('file', new Blob(['# Forged\n\nA document a foreign page tried to upload in the reader\'s name.'], { type: 'text/markdown' }), 'forged.md')
  form.set('title', title)
  return form
}
const uploadTextMutation = (title: string) => JSON.stringify({ query: `mutation { uploadText(title: "${title}", text: "Forged text") { id } }` })

/** A signed-in user on this file's server, and what they own. */
async function reader(prefix: string) {
  const { client } = await signedInClient(prefix, undefined, server.baseURL)
  const documents = async () => (await client.get('/api/v1/documents')).data.items.map((item: Json) => item.title) as string[]
  const collections = async () => (await client.get('/api/v1/collections')).data.items.map((item: Json) => item.name) as string[]
  return { client, cookie: client.cookieHeader, documents, collections }
}

/** Asserts the 403 problem of a refused forgery. */
function expectRefused(response: ApiResponse) {
  const problem = expectProblem(response, 403)
  expect(problem.type).toBe('/problems/cross-site')
}

describe('cross-site request forgery, with the reader\'s real session cookie', () => {
  it('refuses forged form posts from another site: urlencoded, multipart and text/plain, with or without Sec-Fetch-Site', async () => {
    const { cookie, documents, collections } = await reader('csrf-forms')
    // What a browser sends for a form another site's page submits (a Chromium, and a browser without Sec-Fetch-Site).
    const browsers: Record<string, string>[] = [{ 'origin': evil, 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'navigate' }, { origin: evil }]
    for (const browser of browsers) {
      const headers = { cookie, ...browser }
      expectRefused(await send('POST', '/api/v1/collections', { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, urlencoded({ name: 'Forged' })))
      expectRefused(await send('POST', '/api/v1/documents', headers, multipartUpload('Forged upload')))
      expectRefused(await send('POST', '/api/graphql', { ...headers, 'content-type': 'text/plain' }, uploadTextMutation('Forged by GraphQL')))
      expectRefused(await send('POST', '/api/v1/auth/logout', headers))
    }
    // A sandboxed frame or a data: page sends Origin: null.
    expectRefused(await send('POST', '/api/v1/collections', { cookie, 'origin': 'null', 'content-type': 'application/json' }, JSON.stringify({ name: 'Forged' })))
    expect(await collections()).toEqual([])
    expect(await documents()).toEqual([])
  })

  it('refuses forged fetches: JSON, PATCH and DELETE from another site, and from a sibling subdomain (same site, other origin)', async () => {
    const { client, cookie, collections } = await reader('csrf-fetch')
    const created = await client.post('/api/v1/collections', { name: 'Mine' })
    expect(created.status).toBe(201)
    for (const fetchSite of ['cross-site', 'same-site']) {
      const headers = { cookie, 'origin': fetchSite === 'same-site' ? `http://sub.${new URL(server.baseURL).host}` : evil, 'sec-fetch-site': fetchSite, 'sec-fetch-mode': 'cors', 'content-type': 'application/json' }
      expectRefused(await send('POST', '/api/v1/collections', headers, JSON.stringify({ name: 'Forged' })))
      expectRefused(await send('PATCH', `/api/v1/collections/${created.data.id}`, headers, JSON.stringify({ name: 'Renamed' })))
      expectRefused(await send('DELETE', `/api/v1/collections/${created.data.id}`, headers))
      expectRefused(await send('POST', '/api/graphql', headers, uploadTextMutation('Forged')))
    }
    expect(await collections()).toEqual(['Mine'])
  })

  it('keeps the session cookie from scripts and from other sites\' requests: HttpOnly, Secure, SameSite=Lax', async () => {
    const { email } = await signedInClient('cookie-flags', undefined, server.baseURL)
    const login = await send('POST', '/api/v1/auth/login', { 'origin': server.baseURL, 'content-type': 'application/json' }, JSON.stringify({ email, password: 'correct horse battery' }))
    const cookie = login.headers.getSetCookie().find(value => value.startsWith('nuxt-session='))!
    expect(cookie).toMatch(/;\s*HttpOnly/i)
    expect(cookie).toMatch(/;\s*Secure/i)
    expect(cookie).toMatch(/;\s*SameSite=Lax/i)
  })

  it('refuses a forged sign-in: a foreign page may not sign the reader into an account of its choosing', async () => {
    const { client } = await signedInClient('csrf-login-target', undefined, server.baseURL)
    const me = await client.get('/api/v1/auth/me')
    const forged = await send('POST', '/api/v1/auth/login', { 'origin': evil, 'sec-fetch-site': 'cross-site', 'content-type': 'application/x-www-form-urlencoded' },
      urlencoded({ email: me.data.email, password: 'correct horse battery' }))
    expectRefused(forged)
    // Whatever cookie came back (every first request gets an empty session), it signs nobody in.
    const cookie = forged.headers.getSetCookie().map(value => value.split(';')[0]).join('; ')
    expectProblem(await send('GET', '/api/v1/auth/me', cookie ? { cookie } : {}), 401)
  })

  it('takes the same requests from the app\'s own pages: Sec-Fetch-Site same-origin, or its own Origin', async () => {
    const { cookie, documents, collections } = await reader('csrf-same-origin')
    const own = { cookie, 'origin': server.baseURL, 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors' }
    expect((await send('POST', '/api/v1/collections', { ...own, 'content-type': 'application/json' }, JSON.stringify({ name: 'Own page' }))).status).toBe(201)
    expect((await send('POST', '/api/v1/documents', own, multipartUpload('Own upload'))).status).toBe(202)
    const graphql = await send('POST', '/api/graphql', { ...own, 'content-type': 'application/json' }, uploadTextMutation('Own GraphQL'))
    expect(graphql.data.errors).toBeUndefined()
    // A browser without Sec-Fetch-Site: Origin alone.
    expect((await send('POST', '/api/v1/collections', { cookie, 'origin': server.baseURL, 'content-type': 'application/json' }, JSON.stringify({ name: 'Origin only' }))).status).toBe(201)
    expect((await collections()).sort()).toEqual(['Origin only', 'Own page'])
    expect((await documents()).sort()).toEqual(['Own GraphQL', 'Own upload'])
  })

  it('asks a client that sends neither header for the session\'s token, which only its own session\'s works', async () => {
    const { client, cookie, collections } = await reader('csrf-token')
    const other = await reader('csrf-token-other')
    const json = { cookie, 'content-type': 'application/json' }
    const body = JSON.stringify({ name: 'Scripted' })
    const refused = await send('POST', '/api/v1/collections', json, body)
    expectRefused(refused)
    expect(refused.data.detail).toMatch(/x-csrf-token/)

    const token = await client.get('/api/v1/auth/csrf-token')
    expect(token.status).toBe(200)
    expect(token.data).toEqual({ token: expect.stringMatching(/^[\w-]{43}$/), header: 'x-csrf-token' })
    const othersToken = (await other.client.get('/api/v1/auth/csrf-token')).data.token
    expectRefused(await send('POST', '/api/v1/collections', { ...json, 'x-csrf-token': othersToken }, body))
    expectRefused(await send('POST', '/api/v1/collections', { ...json, 'x-csrf-token': `${token.data.token.slice(0, -1)}A` }, body))
    expect((await send('POST', '/api/v1/collections', { ...json, 'x-csrf-token': token.data.token }, body)).status).toBe(201)
    expect(await collections()).toEqual(['Scripted'])
    // The token is the session's: signing in again makes another.
    await client.post('/api/v1/auth/login', { email: (await client.get('/api/v1/auth/me')).data.email, password: 'correct horse battery' })
    expect((await client.get('/api/v1/auth/csrf-token')).data.token).not.toBe(token.data.token)
    // A bearer token cannot ask for it: it is the cookie session's.
    expectProblem(await new ApiClient(server.baseURL).request('GET', '/api/v1/auth/csrf-token'), 401)
  })

  it('behind a trusted proxy, takes the host the browser asked for from X-Forwarded-Host', async () => {
    const { cookie } = await reader('csrf-proxy')
    const viaProxy = { cookie, 'origin': 'https://app.example.org', 'x-forwarded-host': 'app.example.org', 'content-type': 'application/json' }
    expect((await send('POST', '/api/v1/collections', viaProxy, JSON.stringify({ name: 'Via the proxy' }))).status).toBe(201)
    // The default server trusts no proxy: a client cannot name its own host.
    const claimed = await fetch(`${inject('baseURL')}/api/v1/collections`, { method: 'POST', headers: viaProxy, body: JSON.stringify({ name: 'x' }) })
    expect(claimed.status).toBe(403)
  })

  it('exempts bearer tokens, whatever page sends them', async () => {
    const { client, collections } = await reader('csrf-bearer')
    const { secret } = (await client.post('/api/v1/tokens', { name: 'script', scopes: ['documents:write', 'documents:read'], expiresInDays: 1 })).data
    const created = await send('POST', '/api/v1/collections', { 'authorization': `Bearer ${secret}`, 'origin': evil, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }, JSON.stringify({ name: 'By token' }))
    expect(created.status).toBe(201)
    expect(await collections()).toEqual(['By token'])
  })
})

describe('CORS for token clients', () => {
  const preflight = (origin: string, method = 'POST') => send('OPTIONS', '/api/v1/collections', {
    'origin': origin, 'access-control-request-method': method, 'access-control-request-headers': 'authorization, content-type',
  })

  it('answers a preflight from an allowed origin, without credentials; refuses any other origin\'s', async () => {
    const allowed = await preflight(tokenClient, 'PATCH')
    expect(allowed.status).toBe(204)
    expect(allowed.headers.get('access-control-allow-origin')).toBe(tokenClient)
    expect(allowed.headers.get('access-control-allow-methods')).toMatch(/PATCH/)
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/)
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull()
    expect(allowed.headers.get('vary')).toMatch(/origin/i)

    const refused = await preflight(evil)
    expectProblem(refused, 403)
    expect(refused.headers.get('access-control-allow-origin')).toBeNull()
    // The default server lists no origin: every preflight is refused there.
    const none = await fetch(`${inject('baseURL')}/api/v1/collections`, { method: 'OPTIONS', headers: { 'origin': tokenClient, 'access-control-request-method': 'POST' } })
    expect(none.status).toBe(403)
    expect(none.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('lets an allowed page read answers to its bearer token, never with credentials, and no other page', async () => {
    const { client } = await reader('cors-token')
    const { secret } = (await client.post('/api/v1/tokens', { name: 'spa', scopes: ['documents:read'], expiresInDays: 1 })).data
    const read = await send('GET', '/api/v1/collections', { authorization: `Bearer ${secret}`, origin: tokenClient })
    expect(read.status).toBe(200)
    expect(read.headers.get('access-control-allow-origin')).toBe(tokenClient)
    expect(read.headers.get('access-control-expose-headers')).toMatch(/x-request-id/)
    expect(read.headers.get('access-control-allow-credentials')).toBeNull()
    const foreign = await send('GET', '/api/v1/collections', { authorization: `Bearer ${secret}`, origin: evil })
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull()
    // The cookie from an allowed origin: the browser would not show the answer (no Allow-Credentials), and a change is refused.
    const withCookie = await send('POST', '/api/v1/collections', { 'cookie': client.cookieHeader, 'origin': tokenClient, 'sec-fetch-site': 'cross-site', 'content-type': 'application/json' }, JSON.stringify({ name: 'x' }))
    expectRefused(withCookie)
    expect(withCookie.headers.get('access-control-allow-credentials')).toBeNull()
  })
})

describe('security headers', () => {
  const expectSecurityHeaders = (response: Response | ApiResponse, what: string) => {
    const headers = response.headers
    const csp = headers.get('content-security-policy') ?? ''
    expect(csp, what).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'wasm-unsafe-eval'/)
    expect(csp, what).toMatch(/frame-ancestors 'none'/)
    expect(headers.get('x-content-type-options'), what).toBe('nosniff')
    expect(headers.get('referrer-policy'), what).toBe('same-origin')
    expect(headers.get('permissions-policy'), what).toMatch(/camera=\(\)/)
    expect(headers.get('cross-origin-opener-policy'), what).toBe('same-origin')
    expect(headers.get('cross-origin-resource-policy'), what).toBe('same-origin')
    expect(headers.get('x-frame-options'), what).toBe('DENY')
    return csp
  }

  it('are on every kind of response: pages, the API and its errors, the reference page, static files, the service worker', async () => {
    const baseURL = inject('baseURL')
    const { client } = await signedInClient('headers')
    const samples: [string, Promise<Response | ApiResponse>][] = [
      ['login page', fetch(`${baseURL}/login`)],
      ['page of a signed-out reader (redirect)', fetch(`${baseURL}/`, { redirect: 'manual' })],
      ['missing page', fetch(`${baseURL}/no/such/page`)],
      ['offline app shell', fetch(`${baseURL}/app-shell`)],
      ['health', fetch(`${baseURL}/api/health`)],
      ['OpenAPI document', fetch(`${baseURL}/api/openapi.json`)],
      ['API reference', fetch(`${baseURL}/api/docs`)],
      ['401 problem', fetch(`${baseURL}/api/v1/auth/me`)],
      ['404 problem', client.get('/api/v1/documents/nope')],
      ['list', client.get('/api/v1/collections')],
      ['created', client.post('/api/v1/collections', { name: 'Headers' })],
      ['GraphQL', client.request('POST', '/api/graphql', { json: { query: '{ me { id } }' } })],
      ['favicon', fetch(`${baseURL}/favicon.svg`)],
      ['service worker', fetch(`${baseURL}/sw.js`)],
      ['web app manifest', fetch(`${baseURL}/manifest.webmanifest`)],
    ]
    const nonces = new Set<string>()
    for (const [what, pending] of samples) {
      const response = await pending
      expect(response.status, what).toBeLessThan(500)
      nonces.add(/'nonce-([^']+)'/.exec(expectSecurityHeaders(response, what))![1]!)
      expect(response.headers.get('strict-transport-security'), what).toBeNull()
    }
    expect(nonces.size).toBe(samples.length)
  })

  it('put the response\'s nonce on every script of a server-rendered page and of the API reference, and on nothing else', async () => {
    for (const path of ['/login', '/api/docs', '/app-shell']) {
      const response = await fetch(`${inject('baseURL')}${path}`)
      const nonce = /'nonce-([^']+)'/.exec(response.headers.get('content-security-policy') ?? '')![1]!
      const html = await response.text()
      const scripts = html.match(/<script\b[^>]*>/g) ?? []
      expect(scripts.length, path).toBeGreaterThan(0)
      for (const tag of scripts) expect(tag, path).toContain(`nonce="${nonce}"`)
    }
  })

  it('send HSTS only when a trusted proxy says the client came over TLS', async () => {
    const viaProxy = await fetch(`${server.baseURL}/login`, { headers: { 'x-forwarded-proto': 'https' } })
    expect(viaProxy.headers.get('strict-transport-security')).toMatch(/^max-age=\d+; includeSubDomains$/)
    expect(viaProxy.headers.get('content-security-policy')).toMatch(/upgrade-insecure-requests/)
    expect((await fetch(`${server.baseURL}/login`)).headers.get('strict-transport-security')).toBeNull()
    // The default server trusts no proxy: a client cannot claim TLS for itself.
    const claimed = await fetch(`${inject('baseURL')}/api/health`, { headers: { 'x-forwarded-proto': 'https' } })
    expect(claimed.headers.get('strict-transport-security')).toBeNull()
  })
})
