import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, inject, it } from 'vitest'
import { ApiClient, signedInClient } from '../support/http'
import { LiveClient } from '../support/live'
import { expectProblem } from '../support/problems'
import { startServer } from '../support/server'

const password = 'correct horse battery'

/** A request made with a copy of a session cookie, as someone who kept the cookie would. */
const withCookie = (cookie: string, path: string) => new ApiClient().request('GET', path, { headers: { cookie } })

describe('server-side sessions', () => {
  it('end at sign-out: a copy of the cookie kept from before is refused by the API and the WebSocket', async () => {
    const { client } = await signedInClient('revoked')
    const kept = client.cookieHeader
    expect((await withCookie(kept, '/api/v1/auth/me')).status).toBe(200)
    expect((await client.post('/api/v1/auth/logout')).status).toBe(204)
    expectProblem(await withCookie(kept, '/api/v1/auth/me'), 401)
    expectProblem(await withCookie(kept, '/api/v1/documents'), 401)
    await expect(LiveClient.connect(inject('baseURL'), kept)).rejects.toMatchObject({ status: 401 })
  })

  it('end when the page signs out through nuxt-auth-utils\' endpoint, which then reports no session for the kept cookie', async () => {
    const { client, user } = await signedInClient('page-sign-out')
    const kept = client.cookieHeader
    expect((await withCookie(kept, '/api/_auth/session')).data).toMatchObject({ user: { id: user.id } })
    expect((await client.request('DELETE', '/api/_auth/session')).status).toBe(200)
    expectProblem(await withCookie(kept, '/api/v1/auth/me'), 401)
    expectProblem(await withCookie(kept, '/api/_auth/session'), 401)
  })

  it('are one per sign-in: signing out on one device leaves the others signed in', async () => {
    const { client: laptop, email } = await signedInClient('devices')
    const phone = new ApiClient()
    expect((await phone.post('/api/v1/auth/login', { email, password })).status).toBe(200)
    expect((await laptop.post('/api/v1/auth/logout')).status).toBe(204)
    expect((await phone.get('/api/v1/auth/me')).status).toBe(200)
    const socket = await LiveClient.connect(inject('baseURL'), phone.cookieHeader)
    socket.socket.close()
  })

  it('replace the session the cookie held when signing in again', async () => {
    const { client, email } = await signedInClient('again')
    const before = client.cookieHeader
    expect((await client.post('/api/v1/auth/login', { email, password })).status).toBe(200)
    expect(client.cookieHeader).not.toBe(before)
    expect((await client.get('/api/v1/auth/me')).status).toBe(200)
    expectProblem(await withCookie(before, '/api/v1/auth/me'), 401)
  })

  it('survive a restart of the embedded server', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'atomizer-sessions-'))
    try {
      let server = await startServer({ name: 'sessions', dataDir })
      const { client } = await signedInClient('restart', undefined, server.baseURL)
      const cookie = client.cookieHeader
      await server.stop()
      server = await startServer({ name: 'sessions', dataDir })
      try {
        const response = await new ApiClient(server.baseURL).request('GET', '/api/v1/auth/me', { headers: { cookie } })
        expect(response.status).toBe(200)
      }
      finally {
        await server.stop()
      }
    }
    finally {
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})
