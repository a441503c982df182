import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCluster, type Cluster } from '../support/cluster'
import { ApiClient, register, uniqueEmail } from '../support/http'
import type { RunningServer } from '../support/server'

/** Personal access tokens on MongoDB and Redis, across two web instances: one instance issues, the other honours. */
describe('scaled: personal access tokens across two web instances', () => {
  let cluster: Cluster
  let webA: RunningServer
  let webB: RunningServer
  let owner: ApiClient

  const asBearer = (server: RunningServer, secret: string, path: string, method = 'GET') =>
    new ApiClient(server.baseURL).request(method, path, { headers: { authorization: `Bearer ${secret}` } })

  beforeAll(async () => {
    cluster = await createCluster({ NUXT_RATE_LIMIT_SEARCH: '10' })
    ;[webA, webB] = await Promise.all([cluster.startWeb('a'), cluster.startWeb('b')])
    owner = new ApiClient(webA.baseURL)
    await register(owner, { email: uniqueEmail('scaled-pat'), password: 'correct horse battery', name: 'Scaled' })
  })

  afterAll(async () => {
    await cluster?.stop()
  })

  it('issues on A, acts on B with its scopes, and rotation and reuse revoke the family everywhere', async () => {
    const created = await owner.post('/api/v1/tokens', { name: 'CI', scopes: ['documents:read'], expiresInDays: 30 })
    expect(created.status).toBe(201)
    const first: string = created.data.secret
    expect((await asBearer(webB, first, '/api/v1/documents')).status).toBe(200)
    expect((await asBearer(webB, first, '/api/v1/study/due')).status).toBe(403)
    expect((await asBearer(webB, first, '/api/v1/tokens')).status).toBe(403)

    const rotated = await owner.post(`/api/v1/tokens/${created.data.token.id}/rotate`)
    expect(rotated.status).toBe(201)
    const second: string = rotated.data.secret
    expect((await asBearer(webB, second, '/api/v1/documents')).status).toBe(200)
    expect((await asBearer(webA, first, '/api/v1/documents')).status).toBe(401)
    expect((await asBearer(webB, second, '/api/v1/documents')).status).toBe(401)
    expect((await owner.get('/api/v1/tokens')).data.items).toEqual([])
  })

  it('keys a token\'s rate limits on its user, shared by both instances through Redis', async () => {
    const created = await owner.post('/api/v1/tokens', { name: 'search', scopes: ['documents:read'], expiresInDays: 1 })
    const secret: string = created.data.secret
    const statuses: number[] = []
    for (let i = 0; i < 30 && !statuses.includes(429); i++) {
      statuses.push((await asBearer(i % 2 ? webA : webB, secret, '/api/v1/search?q=cells')).status)
    }
    expect(statuses).toContain(429)
    // The same user with the cookie is held back too: the allowance is the user's, not the token's or the address's.
    expect((await owner.get('/api/v1/search?q=cells')).status).toBe(429)
  })
})
