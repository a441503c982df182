import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, signedInClient, uniqueEmail } from '../support/http'
import { LiveClient } from '../support/live'
import { expectProblem } from '../support/problems'
import { postLargeBody } from '../support/raw-request'
import { startServer, type RunningServer } from '../support/server'
import { markdownChapter, uniqueWord } from '../support/content'

const password = 'correct horse battery'

/** A Retry-After header in whole seconds, within the window (a minute unless said). */
function expectRetryAfter(headers: Headers, atMostSeconds = 60) {
  const value = headers.get('retry-after')
  expect(value).toMatch(/^\d+$/)
  expect(Number(value)).toBeGreaterThanOrEqual(1)
  expect(Number(value)).toBeLessThanOrEqual(atMostSeconds)
}

/** A server of its own with these settings, stopped after the file's tests. */
function serverWith(name: string, env: Record<string, string>) {
  const holder: { server?: RunningServer } = {}
  beforeAll(async () => {
    holder.server = await startServer({ name, env })
  })
  afterAll(async () => {
    await holder.server?.stop()
  })
  return () => holder.server!
}

describe('rate limits with the default settings', () => {
  it('refuse a sign-in to an account after ten failures with 429 and Retry-After, the correct password too, not others', async () => {
    const { email } = await signedInClient('guessed')
    const attacker = new ApiClient()
    // Only failures count: the owner's own sign-in after registering was not one.
    for (let i = 0; i < 10; i++) expectProblem(await attacker.post('/api/v1/auth/login', { email, password: `guess number ${i}` }), 401)
    const refused = await attacker.post('/api/v1/auth/login', { email, password })
    const problem = expectProblem(refused, 429, '/api/v1/auth/login')
    expect(problem).toMatchObject({ type: '/problems/too-many-requests', title: 'Too many requests' })
    expect(problem.detail).toMatch(/try again in \d+ seconds?/)
    expectRetryAfter(refused.headers)
    // Another account from the same address is not affected.
    const { email: other } = await signedInClient('unguessed')
    expect((await new ApiClient().post('/api/v1/auth/login', { email: other, password })).status).toBe(200)
  })
})

describe('rate limits set lower', () => {
  // A server of its own with small allowances, so reaching them takes few requests.
  let server: RunningServer

  beforeAll(async () => {
    server = await startServer({ name: 'rate-limit', env: { NUXT_RATE_LIMIT_LOGIN: '2', NUXT_RATE_LIMIT_UPLOADS: '3' } })
  })

  afterAll(async () => {
    await server?.stop()
  })

  it('refuse uploads past the allowance per user, new documents and new versions alike, and store nothing for them', async () => {
    const { client } = await signedInClient('uploader', undefined, server.baseURL)
    const first = await client.upload('one.md', '# One\n\nThe first of several small notes about rivers.')
    expect(first.status).toBe(202)
    expect((await client.upload('two.md', '# Two\n\nThe second of several small notes about rivers.')).status).toBe(202)
    expect((await client.replaceFile(first.data.id, 'one-v2.md', '# One\n\nThe first note, edited.')).status).toBe(202)

    const refusedUpload = await client.upload('four.md', '# Four\n\nOne note too many.')
    expectProblem(refusedUpload, 429, '/api/v1/documents')
    expectRetryAfter(refusedUpload.headers)
    const refusedVersion = await client.replaceFile(first.data.id, 'one-v3.md', '# One\n\nEdited once too often.')
    expectProblem(refusedVersion, 429, `/api/v1/documents/${first.data.id}/file`)
    expect(await client.getAll('/api/v1/documents')).toHaveLength(2)

    // Another user's allowance is their own.
    const { client: other } = await signedInClient('other-uploader', undefined, server.baseURL)
    expect((await other.upload('mine.md', '# Mine\n\nA note of my own about lakes.')).status).toBe(202)
  })
})

describe('sign-in limits per client address', () => {
  // The allowance per address as the defaults would have it for a lone attacker, small here.
  const server = serverWith('sign-in-address', { NUXT_RATE_LIMIT_LOGIN_ADDRESS: '3', NUXT_RATE_LIMIT_REGISTER: '100' })
  const client = () => new ApiClient(server().baseURL)

  it('count failures for many emails from one address, whatever X-Forwarded-For claims, before reading the body', async () => {
    const { email } = await signedInClient('address-victim', undefined, server().baseURL)
    for (let i = 0; i < 3; i++) {
      const guess = await client().request('POST', '/api/v1/auth/login', {
        json: { email: uniqueEmail(`sprayed-${i}`), password: 'wrong password here' }, headers: { 'x-forwarded-for': `198.51.100.${i}` },
      })
      expectProblem(guess, 401)
    }
    const refused = await client().request('POST', '/api/v1/auth/login', { json: { email, password }, headers: { 'x-forwarded-for': '198.51.100.77' } })
    expectProblem(refused, 429, '/api/v1/auth/login')
    expectRetryAfter(refused.headers, 600)
    // The refusal comes before the body is read: a body far over the limit is not even looked at.
    const large = await postLargeBody(server().baseURL, '/api/v1/auth/login', 40 * 1024 * 1024)
    expect(large.status).toBe(429)
  })

  it('count uses of reset links and single sign-on callbacks per address too, with the same allowance', async () => {
    for (let i = 0; i < 3; i++) {
      expectProblem(await client().post('/api/v1/auth/password-reset', { token: `${'r'.repeat(42)}${i}`, password: 'a guessed passphrase' }), 400)
      expect((await client().get(`/api/v1/auth/sso/oidc/callback?code=guess-${i}&state=s`)).status).toBe(404)
    }
    const reset = await client().post('/api/v1/auth/password-reset', { token: 'r'.repeat(43), password: 'a guessed passphrase' })
    expectProblem(reset, 429, '/api/v1/auth/password-reset')
    expectRetryAfter(reset.headers, 600)
    expectProblem(await client().get('/api/v1/auth/sso/oidc/callback?code=guess&state=s'), 429)
  })
})

describe('registration limits per client address', () => {
  const server = serverWith('register-address', { NUXT_RATE_LIMIT_REGISTER: '2' })

  it('refuse registrations from one address past the allowance, whatever the emails, with Retry-After', async () => {
    const client = () => new ApiClient(server().baseURL)
    for (let i = 0; i < 2; i++) expect((await client().post('/api/v1/auth/register', { email: uniqueEmail(`address-${i}`), password, name: 'One' })).status).toBe(202)
    const refused = await client().post('/api/v1/auth/register', { email: uniqueEmail('address-3'), password, name: 'Three' })
    expectProblem(refused, 429, '/api/v1/auth/register')
    expectRetryAfter(refused.headers, 3600)
  })
})

describe('sign-in limits behind a trusted proxy', () => {
  const server = serverWith('sign-in-proxy', { NUXT_TRUSTED_PROXIES: 'loopback', NUXT_RATE_LIMIT_LOGIN_ADDRESS: '3' })
  const from = (address: string, body: unknown) => new ApiClient(server().baseURL).request('POST', '/api/v1/auth/login', { json: body, headers: { 'x-forwarded-for': address } })

  it('count each client the proxy names on its own: one attacker does not lock out the others', async () => {
    const { email } = await signedInClient('proxy-user', undefined, server().baseURL)
    for (let i = 0; i < 3; i++) expectProblem(await from('203.0.113.66', { email: uniqueEmail(`proxy-guess-${i}`), password: 'wrong password here' }), 401)
    expectProblem(await from('203.0.113.66', { email, password }), 429)
    expect((await from('203.0.113.10', { email, password })).status).toBe(200)
  })
})

describe('sign-in limits per account', () => {
  const server = serverWith('sign-in-account', { NUXT_RATE_LIMIT_LOGIN: '3' })

  it('lock the account after its failures, the correct password too, for a minute on the first lock', async () => {
    const { email } = await signedInClient('locked', undefined, server().baseURL)
    const attempt = (password: string) => new ApiClient(server().baseURL).post('/api/v1/auth/login', { email, password })
    for (let i = 0; i < 3; i++) expectProblem(await attempt(`wrong guess ${i}`), 401)
    const refused = await attempt(password)
    expectProblem(refused, 429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(50)
    expectRetryAfter(refused.headers, 60)
    // An unknown email is throttled the same way: a lock says nothing about whether the account exists.
    const unknown = uniqueEmail('nobody')
    for (let i = 0; i < 3; i++) expectProblem(await new ApiClient(server().baseURL).post('/api/v1/auth/login', { email: unknown, password: `guess ${i}` }), 401)
    expectProblem(await new ApiClient(server().baseURL).post('/api/v1/auth/login', { email: unknown, password }), 429)
  })
})

describe('costly operations', () => {
  const server = serverWith('costly', {
    NUXT_RATE_LIMIT_SEARCH: '3', NUXT_RATE_LIMIT_EDITS: '2', NUXT_RATE_LIMIT_UPLOADS: '3', NUXT_RATE_LIMIT_SUBSCRIPTIONS: '2',
  })

  it('searches and suggestions share one allowance per user, over REST and GraphQL', async () => {
    const { client } = await signedInClient('searcher', undefined, server().baseURL)
    expect((await client.get('/api/v1/search?q=rivers')).status).toBe(200)
    expect((await client.get('/api/v1/search/suggest?q=riv')).status).toBe(200)
    const graphql = await client.post('/api/graphql', { query: '{ search(q: "rivers") { total } }' })
    expect(graphql.data.errors).toBeUndefined()
    const refused = await client.get('/api/v1/search?q=lakes')
    expectProblem(refused, 429, '/api/v1/search')
    expectRetryAfter(refused.headers)
    const refusedGraphql = await client.post('/api/graphql', { query: '{ search(q: "lakes") { total } }' })
    expect(refusedGraphql.data.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED' })
    // Another user's allowance is their own.
    const { client: other } = await signedInClient('other-searcher', undefined, server().baseURL)
    expect((await other.get('/api/v1/search?q=lakes')).status).toBe(200)
  })

  it('atom edits, and reprocessing together with uploads, have their allowances', async () => {
    const { client } = await signedInClient('editor', undefined, server().baseURL)
    const document = await client.uploadReady('edits.md', markdownChapter(uniqueWord(), 4))
    const [atom] = await client.getAll(`/api/v1/documents/${document.id}/atoms`)
    expect((await client.patch(`/api/v1/atoms/${atom.id}`, { title: 'First title' })).status).toBe(200)
    expect((await client.patch(`/api/v1/atoms/${atom.id}`, { title: 'Second title' })).status).toBe(200)
    expectProblem(await client.patch(`/api/v1/atoms/${atom.id}`, { title: 'Third title' }), 429)

    await client.waitForDocument(document.id)
    expect((await client.post(`/api/v1/documents/${document.id}/reprocess`)).status).toBe(202)
    await client.waitForDocument(document.id)
    expect((await client.post(`/api/v1/documents/${document.id}/reprocess`)).status).toBe(202)
    expectProblem(await client.post(`/api/v1/documents/${document.id}/reprocess`), 429)
  })

  it('live subscriptions are counted per user, on the WebSocket', async () => {
    const { client } = await signedInClient('subscriber', undefined, server().baseURL)
    const document = await client.uploadReady('live.md', markdownChapter(uniqueWord(), 3))
    const live = await LiveClient.connect(server().baseURL, client.cookieHeader)
    try {
      for (let i = 0; i < 2; i++) {
        live.send({ type: 'subscribe', documentId: document.id })
        await live.waitFor(message => message.type === 'subscribed')
        live.send({ type: 'unsubscribe', documentId: document.id })
        await live.waitFor(message => message.type === 'unsubscribed', { from: live.messages.length - 1 })
      }
      const from = live.messages.length
      live.send({ type: 'subscribe', documentId: document.id })
      const error = await live.waitFor(message => message.type === 'error', { from })
      expect(error.message).toMatch(/too many subscriptions; try again in \d+ s/)
    }
    finally {
      live.close()
    }
  })
})
