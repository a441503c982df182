import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { describe, expect, inject, it } from 'vitest'
import { openSubscription } from '../support/graphql'
import { adminClient, ApiClient, signedInClient } from '../support/http'
import { LiveClient } from '../support/live'
import { expectProblem } from '../support/problems'
import { markdownChapter, uniqueWord } from '../support/content'

const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`

/** A form-encoded request to the token endpoint. */
function tokenRequest(form: Record<string, string>, authorization?: string, baseURL?: string) {
  return new ApiClient(baseURL).request('POST', '/api/v1/oauth/token', {
    body: new URLSearchParams(form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization && { authorization }) },
  })
}

const asBearer = (token: string, path: string, method = 'GET', baseURL?: string) =>
  new ApiClient(baseURL).request(method, path, { headers: { authorization: `Bearer ${token}` } })

async function registered(admin: ApiClient, scopes = ['documents:read']) {
  const response = await admin.post('/api/v1/oauth/clients', { name: `ingest ${uniqueWord()}`, scopes })
  expect(response.status).toBe(201)
  return response.data as { client: { id: string, scopes: string[] }, secret: string }
}

describe('OAuth client credentials', () => {
  it('an admin registers a client, its secret shown once, and lists it without the secret', async () => {
    const { client: admin } = await adminClient()
    const { client, secret } = await registered(admin, ['documents:read', 'study:read'])
    expect(secret).toMatch(/^la_cs_[\w-]{43}$/)
    const listed = await admin.get('/api/v1/oauth/clients')
    const found = listed.data.items.find((item: { id: string }) => item.id === client.id)
    expect(found).toMatchObject({ scopes: ['documents:read', 'study:read'], revokedAt: null })
    expect(JSON.stringify(listed.data)).not.toContain(secret)
  })

  it('only admins, and only from a session, manage clients', async () => {
    const { client: author } = await signedInClient('oauth-author')
    expectProblem(await author.post('/api/v1/oauth/clients', { name: 'x', scopes: ['documents:read'] }), 403)
    expectProblem(await author.get('/api/v1/oauth/clients'), 403)
    const { client: admin } = await adminClient()
    const token = (await admin.post('/api/v1/tokens', { name: 'admin', scopes: ['admin'], expiresInDays: 1 })).data.secret
    expectProblem(await asBearer(token, '/api/v1/oauth/clients'), 403)
    expectProblem(await admin.post('/api/v1/oauth/clients', { name: '', scopes: [] }), 422)
  })

  it('issues a 15-minute ES256 JWT with kid, iss, aud, sub and jti, verifiable with the published keys, by Basic and by form', async () => {
    const { client: admin } = await adminClient()
    const { client, secret } = await registered(admin, ['documents:read', 'study:read'])
    const byBasic = await tokenRequest({ grant_type: 'client_credentials', scope: 'documents:read' }, basic(client.id, secret))
    expect(byBasic.status).toBe(200)
    expect(byBasic.headers.get('cache-control')).toBe('no-store')
    expect(byBasic.data).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'documents:read' })
    const byForm = await tokenRequest({ grant_type: 'client_credentials', client_id: client.id, client_secret: secret })
    expect(byForm.status).toBe(200)
    expect(byForm.data.scope).toBe('documents:read study:read')

    const jwks = await new ApiClient().get('/.well-known/jwks.json')
    expect(jwks.status).toBe(200)
    const header = decodeProtectedHeader(byBasic.data.access_token)
    expect(header).toMatchObject({ alg: 'ES256', typ: 'at+jwt' })
    expect(jwks.data.keys.map((key: { kid: string }) => key.kid)).toContain(header.kid)
    expect(JSON.stringify(jwks.data)).not.toMatch(/"d":/)
    const { payload } = await jwtVerify(byBasic.data.access_token, createLocalJWKSet(jwks.data), { audience: 'learning-atomizer-api', issuer: 'learning-atomizer' })
    expect(payload.sub).toBe(client.id)
    expect(payload.jti).toEqual(expect.any(String))
    expect(payload.exp! - payload.iat!).toBe(900)
  })

  it('answers RFC 6749 errors as JSON', async () => {
    const { client: admin } = await adminClient()
    const { client, secret } = await registered(admin)
    const wrong = await tokenRequest({ grant_type: 'client_credentials' }, basic(client.id, `${secret}x`))
    expect(wrong.status).toBe(401)
    expect(wrong.data.error).toBe('invalid_client')
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic/)
    expect((await tokenRequest({ grant_type: 'client_credentials' })).data.error).toBe('invalid_client')
    expect((await tokenRequest({ grant_type: 'password' }, basic(client.id, secret))).data.error).toBe('unsupported_grant_type')
    const beyond = await tokenRequest({ grant_type: 'client_credentials', scope: 'admin' }, basic(client.id, secret))
    expect([beyond.status, beyond.data.error]).toEqual([400, 'invalid_scope'])
    const both = await tokenRequest({ grant_type: 'client_credentials', client_id: client.id, client_secret: secret }, basic(client.id, secret))
    expect([both.status, both.data.error]).toEqual([400, 'invalid_request'])
    const json = await new ApiClient().request('POST', '/api/v1/oauth/token', { json: { grant_type: 'client_credentials' } })
    expect([json.status, json.data.error]).toEqual([400, 'invalid_request'])
  })

  it('the token works as a bearer on REST, GraphQL and the WebSocket through the same scope check', async () => {
    const { client: admin } = await adminClient()
    const document = await admin.uploadReady('for-machines.md', markdownChapter(uniqueWord(), 2))
    const { client, secret } = await registered(admin)
    const token = (await tokenRequest({ grant_type: 'client_credentials' }, basic(client.id, secret))).data.access_token as string
    expect((await asBearer(token, `/api/v1/documents/${document.id}`)).status).toBe(200)
    expectProblem(await asBearer(token, '/api/v1/study/due'), 403)
    expectProblem(await asBearer(token, '/api/v1/users'), 403)
    expectProblem(await asBearer(token, '/api/v1/sessions'), 403)
    const graphql = await new ApiClient().request('POST', '/api/graphql', {
      json: { query: '{ documents { items { id } } }' }, headers: { 'authorization': `Bearer ${token}`, 'content-type': 'application/json' },
    })
    expect(graphql.status).toBe(200)
    expect(graphql.data.errors).toBeUndefined()
    const due = await new ApiClient().request('POST', '/api/graphql', {
      json: { query: '{ dueCards { __typename } }' }, headers: { 'authorization': `Bearer ${token}`, 'content-type': 'application/json' },
    })
    expect(JSON.stringify(due.data.errors ?? [])).toMatch(/study:read/)
    const live = await LiveClient.connect(inject('baseURL'), '', { headers: { authorization: `Bearer ${token}` } })
    expect(live.hello).toBeDefined()
    live.close()
    // Tampered or foreign tokens are refused.
    expectProblem(await asBearer(`${token.slice(0, -4)}AAAA`, '/api/v1/documents'), 401)
  })

  it('a revoked client gets no tokens, and its tokens stop working at once here, with its live connections', async () => {
    const { client: admin } = await adminClient()
    const document = await admin.uploadReady('revoked-client.md', markdownChapter(uniqueWord(), 2))
    const { client, secret } = await registered(admin)
    const token = (await tokenRequest({ grant_type: 'client_credentials' }, basic(client.id, secret))).data.access_token as string
    expect((await asBearer(token, '/api/v1/documents')).status).toBe(200)
    const bearer = new ApiClient()
    const subscription = await openSubscription(bearer, 'subscription($id: ID!) { documentProgress(documentId: $id) { id status } }', { id: document.id }, 30_000, { authorization: `Bearer ${token}` })
    expect((await admin.delete(`/api/v1/oauth/clients/${client.id}`)).status).toBe(204)
    expectProblem(await asBearer(token, '/api/v1/documents'), 401)
    expect((await tokenRequest({ grant_type: 'client_credentials' }, basic(client.id, secret))).data.error).toBe('invalid_client')
    const ended = await Promise.race([subscription.ended, new Promise<boolean>(resolve => setTimeout(() => resolve(false), 40_000))])
    expect(ended).toBe(true)
    subscription.close()
    expectProblem(await admin.delete(`/api/v1/oauth/clients/${client.id}`), 404)
  })

  it('rotating the keys (the scheduled job, run by an admin) signs with a new kid, and the previous key still verifies and is published', async () => {
    const { client: admin } = await adminClient()
    const { client, secret } = await registered(admin)
    const before = (await tokenRequest({ grant_type: 'client_credentials' }, basic(client.id, secret))).data.access_token as string
    expect((await admin.post('/api/v1/jobs/rotateSigningKeys')).status).toBe(202)
    const oldKid = decodeProtectedHeader(before).kid
    let after = before
    const deadline = Date.now() + 20_000
    while (decodeProtectedHeader(after).kid === oldKid && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 500))
      after = (await tokenRequest({ grant_type: 'client_credentials' }, basic(client.id, secret))).data.access_token
    }
    expect(decodeProtectedHeader(after).kid).not.toBe(oldKid)
    const kids = (await new ApiClient().get('/.well-known/jwks.json')).data.keys.map((key: { kid: string }) => key.kid)
    expect(kids).toEqual(expect.arrayContaining([oldKid, decodeProtectedHeader(after).kid]))
    expect((await asBearer(before, '/api/v1/documents')).status).toBe(200)
    expect((await asBearer(after, '/api/v1/documents')).status).toBe(200)
  })
})
