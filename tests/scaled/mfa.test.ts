import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCluster, type Cluster } from '../support/cluster'
import { adminClient, ApiClient, register, testAdminEmail, testPassword, uniqueEmail } from '../support/http'
import { enrolTotp, totpCode } from '../support/mfa'
import type { RunningServer } from '../support/server'

/** Second factors on MongoDB and Redis, across two web instances: a code used on one is refused on the other. */
describe('scaled: second factors across two web instances', () => {
  let cluster: Cluster
  let webA: RunningServer
  let webB: RunningServer

  beforeAll(async () => {
    cluster = await createCluster()
    ;[webA, webB] = await Promise.all([cluster.startWeb('a'), cluster.startWeb('b')])
  })

  afterAll(async () => {
    await cluster?.stop()
  })

  /** A client of `server` carrying `from`'s cookie: the same browser, its next request served by the other instance. */
  const sameBrowserOn = (server: RunningServer, from: ApiClient) => {
    const client = new ApiClient(server.baseURL)
    return {
      post: (path: string, json: unknown) => client.request('POST', path, { json, headers: { cookie: from.cookieHeader } }),
    }
  }

  it('enrols on A, finishes a sign-in begun on A on B, and no code or recovery code works twice on either', async () => {
    const owner = new ApiClient(webA.baseURL)
    const email = uniqueEmail('scaled-mfa')
    await register(owner, { email, password: testPassword, name: 'Scaled MFA' })
    const { secret, recoveryCodes } = await enrolTotp(owner)

    const browser = new ApiClient(webA.baseURL)
    expect((await browser.post('/api/v1/auth/login', { email, password: testPassword })).status).toBe(202)
    const code = totpCode(secret, 1)
    const done = await sameBrowserOn(webB, browser).post('/api/v1/auth/second-factor', { method: 'totp', code })
    expect(done.status, JSON.stringify(done.data)).toBe(200)

    const replay = new ApiClient(webB.baseURL)
    expect((await replay.post('/api/v1/auth/login', { email, password: testPassword })).status).toBe(202)
    expect((await sameBrowserOn(webA, replay).post('/api/v1/auth/second-factor', { method: 'totp', code })).status).toBe(401)
    expect((await sameBrowserOn(webA, replay).post('/api/v1/auth/second-factor', { method: 'recovery-code', code: recoveryCodes[0] })).status).toBe(200)

    const again = new ApiClient(webA.baseURL)
    expect((await again.post('/api/v1/auth/login', { email, password: testPassword })).status).toBe(202)
    expect((await sameBrowserOn(webB, again).post('/api/v1/auth/second-factor', { method: 'recovery-code', code: recoveryCodes[0] })).status).toBe(401)
  })

  it('keeps a passkey attempt\'s challenge in Redis: options from A, an answer on B is checked against it once', async () => {
    const client = new ApiClient(webA.baseURL)
    const options = await client.post('/api/v1/auth/passkey', { verify: false })
    expect(options.status).toBe(200)
    const forged = { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' } }
    const onB = new ApiClient(webB.baseURL)
    expect((await onB.post('/api/v1/auth/passkey', { verify: true, attemptId: options.data.attemptId, response: forged })).status).toBe(401)
  })

  it('applies a policy set on A to sign-ins on B: admins only may enrol until they have a factor', async () => {
    const { client: admin } = await adminClient(webA.baseURL)
    expect((await admin.request('PUT', '/api/v1/admin/mfa-policy', { json: { required: 'admins' } })).status).toBe(200)
    const adminOnB = new ApiClient(webB.baseURL)
    expect((await adminOnB.post('/api/v1/auth/login', { email: testAdminEmail, password: testPassword })).status).toBe(200)
    expect((await adminOnB.get('/api/v1/users')).data.type).toBe('/problems/mfa-enrolment-required')
    expect((await adminOnB.get('/api/v1/mfa')).data.required).toBe(true)
    const author = new ApiClient(webB.baseURL)
    await register(author, { email: uniqueEmail('scaled-author'), password: testPassword, name: 'Author' })
    expect((await author.get('/api/v1/documents')).status).toBe(200)
    await enrolTotp(adminOnB)
    expect((await adminOnB.get('/api/v1/users')).status).toBe(200)
  })
})
