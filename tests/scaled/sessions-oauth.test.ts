import { decodeProtectedHeader } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCluster, type Cluster } from '../support/cluster'
import { ApiClient, register, testAdminEmail, testPassword, uniqueEmail } from '../support/http'
import { LiveClient } from '../support/live'
import type { RunningServer } from '../support/server'

/** Session lists and machine clients on MongoDB and Redis, across two web instances. */
describe('scaled: sessions and OAuth clients across two web instances', () => {
  let cluster: Cluster
  let webA: RunningServer
  let webB: RunningServer

  beforeAll(async () => {
    cluster = await createCluster({ NUXT_ADMIN_EMAIL: testAdminEmail })
    ;[webA, webB] = await Promise.all([cluster.startWeb('a'), cluster.startWeb('b')])
  })

  afterAll(async () => {
    await cluster?.stop()
  })

  it('a session made on A is listed on B; ending the others on B signs out A\'s and closes its WebSocket', async () => {
    const laptop = new ApiClient(webA.baseURL)
    const email = uniqueEmail('scaled-sessions')
    await register(laptop, { email, password: testPassword, name: 'Scaled' })
    const phone = new ApiClient(webB.baseURL)
    expect((await phone.post('/api/v1/auth/login', { email, password: testPassword })).status).toBe(200)
    const socket = await LiveClient.connect(webA.baseURL, laptop.cookieHeader)

    const listed = await phone.get('/api/v1/sessions')
    expect(listed.data.items).toHaveLength(2)
    expect((await phone.post('/api/v1/sessions/end-others')).data).toEqual({ ended: 1 })
    expect((await laptop.get('/api/v1/auth/me')).status).toBe(401)
    await socket.waitUntil(() => socket.closed !== undefined, 10_000)
    expect(socket.closed!.code).toBe(4401)
    expect((await phone.get('/api/v1/auth/me')).status).toBe(200)
  })

  it('a client registered on A gets a token on B that works on A; revoked on B, it stops on A within a minute', async () => {
    const admin = new ApiClient(webA.baseURL)
    await register(admin, { email: testAdminEmail, password: testPassword, name: 'Admin' })
    const { client, secret } = (await admin.post('/api/v1/oauth/clients', { name: 'scaled', scopes: ['documents:read'] })).data
    const basic = `Basic ${Buffer.from(`${client.id}:${secret}`).toString('base64')}`
    const issued = await new ApiClient(webB.baseURL).request('POST', '/api/v1/oauth/token', {
      body: 'grant_type=client_credentials', headers: { 'content-type': 'application/x-www-form-urlencoded', 'authorization': basic },
    })
    expect(issued.status).toBe(200)
    const token: string = issued.data.access_token
    const asBearer = (server: RunningServer) => new ApiClient(server.baseURL).request('GET', '/api/v1/documents', { headers: { authorization: `Bearer ${token}` } })
    expect((await asBearer(webA)).status).toBe(200)
    const kid = decodeProtectedHeader(token).kid
    expect((await new ApiClient(webA.baseURL).get('/.well-known/jwks.json')).data.keys.map((key: { kid: string }) => key.kid)).toContain(kid)

    expect((await new ApiClient(webB.baseURL).request('DELETE', `/api/v1/oauth/clients/${client.id}`, { headers: { cookie: admin.cookieHeader } })).status).toBe(204)
    const started = Date.now()
    while ((await asBearer(webA)).status === 200 && Date.now() - started < 60_000) await new Promise(resolve => setTimeout(resolve, 1000))
    expect((await asBearer(webA)).status).toBe(401)
    expect(Date.now() - started).toBeLessThan(60_000)
  })
})
