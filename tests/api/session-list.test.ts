import { afterEach, describe, expect, inject, it } from 'vitest'
import { markdownChapter, uniqueWord } from '../support/content'
import { openSubscription } from '../support/graphql'
import { adminClient, ApiClient, signedInClient, testPassword } from '../support/http'
import { LiveClient } from '../support/live'
import { expectProblem } from '../support/problems'
import { startServer } from '../support/server'

const firefox = 'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0'
const android = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'

const sockets: LiveClient[] = []
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close()
})

/** Another sign-in of the same account, as a second device would make it. */
async function signInAgain(email: string, userAgent: string, baseURL?: string) {
  const device = new ApiClient(baseURL)
  const response = await device.request('POST', '/api/v1/auth/login', { json: { email, password: testPassword }, headers: { 'user-agent': userAgent } })
  expect(response.status).toBe(200)
  return device
}

async function liveSocket(client: ApiClient, baseURL = inject('baseURL')) {
  const live = await LiveClient.connect(baseURL, client.cookieHeader)
  sockets.push(live)
  return live
}

const withCookie = (cookie: string, path = '/api/v1/auth/me') => new ApiClient().request('GET', path, { headers: { cookie } })

describe('my sessions', () => {
  it('lists each sign-in with its device, browser, masked place, created and last seen, this one marked', async () => {
    const { client: laptop, email } = await signedInClient('list-sessions')
    const phone = await signInAgain(email, android)
    const stranger = await signedInClient('list-stranger')

    const listed = await phone.get('/api/v1/sessions')
    expect(listed.status).toBe(200)
    expect(listed.headers.get('cache-control')).toBe('no-store')
    const items = listed.data.items as { id: string, device: string, browser: string, place: string, createdAt: string, lastSeenAt: string, current: boolean }[]
    expect(items).toHaveLength(2)
    const here = items.find(item => item.current)!
    expect(here).toMatchObject({ device: 'Mobile, Android 14', browser: 'Chrome 131', place: '127.0.0.x' })
    expect(Date.parse(here.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(here.createdAt))
    // The handle is not the secret the cookie seals, and another user sees none of these.
    expect(laptop.cookieHeader).not.toContain(here.id)
    expect((await stranger.client.get('/api/v1/sessions')).data.items).toHaveLength(1)
    expect((await laptop.get('/api/v1/sessions')).data.items.filter((item: { current: boolean }) => item.current)).toHaveLength(1)
  })

  it('ends one session: its cookie, even copied, gets 401, and its WebSocket and GraphQL subscription close', async () => {
    const { client: laptop, email } = await signedInClient('end-one')
    const phone = await signInAgain(email, android)
    const kept = phone.cookieHeader
    const document = await laptop.uploadReady('mine.md', markdownChapter(uniqueWord(), 2))
    const socket = await liveSocket(phone)
    const subscription = await openSubscription(phone, 'subscription($id: ID!) { documentProgress(documentId: $id) { id status } }', { id: document.id })

    const phoneSession = (await laptop.get('/api/v1/sessions')).data.items.find((item: { browser: string }) => item.browser === 'Chrome 131')
    expect((await laptop.delete(`/api/v1/sessions/${phoneSession.id}`)).status).toBe(204)

    expectProblem(await withCookie(kept), 401)
    expectProblem(await phone.get('/api/v1/documents'), 401)
    await socket.waitUntil(() => socket.closed !== undefined, 10_000)
    expect(socket.closed!.code).toBe(4401)
    const ended = await Promise.race([subscription.ended, new Promise<boolean>(resolve => setTimeout(() => resolve(false), 10_000))])
    expect(ended).toBe(true)
    subscription.close()
    expect((await laptop.get('/api/v1/auth/me')).status).toBe(200)
    expectProblem(await laptop.delete(`/api/v1/sessions/${phoneSession.id}`), 404)
  })

  it('never ends another user\'s session, and takes only well-formed ids', async () => {
    const { client: mine } = await signedInClient('end-theirs-a')
    const { client: theirs } = await signedInClient('end-theirs-b')
    const theirId = (await theirs.get('/api/v1/sessions')).data.items[0].id
    expectProblem(await mine.delete(`/api/v1/sessions/${theirId}`), 404)
    expect((await theirs.get('/api/v1/auth/me')).status).toBe(200)
    expectProblem(await mine.delete('/api/v1/sessions/not-a-session'), 422)
  })

  it('ends all the others: they get 401 and their live connections close; this one goes on', async () => {
    const { client: laptop, email } = await signedInClient('end-others')
    const phone = await signInAgain(email, android)
    const tablet = await signInAgain(email, firefox)
    const sockets = await Promise.all([liveSocket(phone), liveSocket(tablet)])
    const mine = await liveSocket(laptop)

    const ended = await laptop.post('/api/v1/sessions/end-others')
    expect(ended.status).toBe(200)
    expect(ended.data).toEqual({ ended: 2 })
    for (const device of [phone, tablet]) expectProblem(await device.get('/api/v1/auth/me'), 401)
    for (const socket of sockets) {
      await socket.waitUntil(() => socket.closed !== undefined, 10_000)
      expect(socket.closed!.code).toBe(4401)
    }
    expect((await laptop.get('/api/v1/auth/me')).status).toBe(200)
    expect((await laptop.get('/api/v1/sessions')).data.items).toHaveLength(1)
    expect(mine.closed).toBeUndefined()
  })

  it('ending this session signs out here', async () => {
    const { client } = await signedInClient('end-mine')
    const kept = client.cookieHeader
    const mineId = (await client.get('/api/v1/sessions')).data.items[0].id
    expect((await client.delete(`/api/v1/sessions/${mineId}`)).status).toBe(204)
    expectProblem(await withCookie(kept), 401)
  })

  it('are managed with the session cookie only, never with an access token', async () => {
    const { client } = await signedInClient('sessions-token')
    const token = (await client.post('/api/v1/tokens', { name: 'ci', scopes: ['documents:read', 'study:read'], expiresInDays: 1 })).data.secret
    const asToken = (method: string, path: string) => new ApiClient().request(method, path, { headers: { authorization: `Bearer ${token}` } })
    expectProblem(await asToken('GET', '/api/v1/sessions'), 403)
    expectProblem(await asToken('POST', '/api/v1/sessions/end-others'), 403)
    expectProblem(await new ApiClient().get('/api/v1/sessions'), 401)
  })
})

describe('my sessions in GraphQL', () => {
  const graphql = (client: ApiClient, query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    client.request('POST', '/api/graphql', { json: { query, variables }, headers })

  it('lists them, ends one, and ends the others, with the session cookie only', async () => {
    const { client: laptop, email } = await signedInClient('graphql-sessions')
    const phone = await signInAgain(email, android)
    const tablet = await signInAgain(email, firefox)
    const listed = await graphql(laptop, '{ sessions { id device browser place current } }')
    expect(listed.data.errors).toBeUndefined()
    expect(listed.data.data.sessions).toHaveLength(3)
    const phoneSession = listed.data.data.sessions.find((session: { browser: string }) => session.browser === 'Chrome 131')
    const ended = await graphql(laptop, 'mutation($id: ID!) { endSession(id: $id) }', { id: phoneSession.id })
    expect(ended.data.data).toEqual({ endSession: true })
    expectProblem(await phone.get('/api/v1/auth/me'), 401)
    expect((await graphql(laptop, 'mutation { endOtherSessions }')).data.data).toEqual({ endOtherSessions: 1 })
    expectProblem(await tablet.get('/api/v1/auth/me'), 401)

    const token = (await laptop.post('/api/v1/tokens', { name: 'gql', scopes: ['documents:read'], expiresInDays: 1 })).data.secret
    const refused = await graphql(new ApiClient(), '{ sessions { id } }', {}, { authorization: `Bearer ${token}` })
    expect(refused.data.errors?.[0]?.extensions?.code ?? refused.data.errors?.[0]?.message).toBeDefined()
    expect(refused.data.data?.sessions ?? null).toBeNull()
  })
})

describe('session ids rotate', () => {
  it('when the role changes: the next request gets a new id, and the old cookie stops working', async () => {
    const { client: admin } = await adminClient()
    const { client, user } = await signedInClient('role-rotates', 'author')
    const before = client.cookieHeader
    expect((await admin.put(`/api/v1/users/${user.id}/role`, { role: 'learner' })).status).toBe(200)
    const me = await client.get('/api/v1/auth/me')
    expect(me.status).toBe(200)
    expect(me.data.role).toBe('learner')
    expect(client.cookieHeader).not.toBe(before)
    expectProblem(await withCookie(before), 401)
    expect((await client.get('/api/v1/auth/me')).status).toBe(200)
    expect((await client.get('/api/v1/sessions')).data.items).toHaveLength(1)
  })
})

describe('session timeouts', () => {
  it('an idle session ends after the idle timeout, and its WebSocket closes; use keeps another alive', { timeout: 150_000 }, async () => {
    const server = await startServer({ name: 'idle-sessions', env: { NUXT_SESSION_IDLE_MINUTES: '1', NUXT_LIVE_HEARTBEAT_SECONDS: '2', NUXT_LIVE_HEARTBEAT_TIMEOUT_SECONDS: '600' } })
    try {
      const { client: idle, email } = await signedInClient('idle', undefined, server.baseURL)
      const busy = await signInAgain(email, firefox, server.baseURL)
      const socket = await liveSocket(idle, server.baseURL)
      const started = Date.now()
      // The busy session is used every 20 seconds; the idle one only holds its WebSocket, which does not count as use.
      while (socket.closed === undefined && Date.now() - started < 120_000) {
        expect((await busy.get('/api/v1/auth/me')).status).toBe(200)
        await new Promise(resolve => setTimeout(resolve, 20_000))
      }
      expect(socket.closed?.code).toBe(4401)
      expect(Date.now() - started).toBeGreaterThanOrEqual(55_000)
      expectProblem(await idle.get('/api/v1/auth/me'), 401)
      expect((await busy.get('/api/v1/auth/me')).status).toBe(200)
    }
    finally {
      await server.stop()
    }
  })
})
