import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, inject, it } from 'vitest'
import WebSocket from 'ws'
import { markdownChapter, uniqueWord } from '../support/content'
import { adminClient, ApiClient, signedInClient } from '../support/http'
import { expectProblem } from '../support/problems'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

const dataDir = inject('dataDir')

/** A client that sends no cookie, only `Authorization: Bearer <secret>`. */
function bearer(secret: string) {
  const client = new ApiClient()
  const headers = { authorization: `Bearer ${secret}` }
  return {
    get: (path: string) => client.request('GET', path, { headers }),
    post: (path: string, json?: unknown) => client.request('POST', path, { headers, json }),
    delete: (path: string) => client.request('DELETE', path, { headers }),
    graphql: (query: string) => client.request('POST', '/api/graphql', { headers, json: { query } }),
  }
}

async function createToken(client: ApiClient, scopes: string[], name = 'CI', expiresInDays = 30) {
  const created = await client.post('/api/v1/tokens', { name, scopes, expiresInDays })
  expect(created.status, JSON.stringify(created.data)).toBe(201)
  return created.data as { token: Json, secret: string }
}

/** Opens /_ws with the headers; resolves with the server's hello, or rejects with the refused upgrade's status. */
function openSocket(headers: Record<string, string>): Promise<{ hello: Json, socket: WebSocket }> {
  const socket = new WebSocket(`${inject('baseURL').replace(/^http/, 'ws')}/_ws`, { headers })
  return new Promise((resolve, reject) => {
    socket.once('message', data => resolve({ hello: JSON.parse(String(data)), socket }))
    socket.once('unexpected-response', (_request, response) => reject(Object.assign(new Error('refused'), { status: response.statusCode })))
    socket.once('error', reject)
  })
}

describe('personal access tokens', () => {
  it('are created once with their secret, listed without it, and act for their user on REST', async () => {
    const { client, user } = await signedInClient('pat-owner')
    const { token, secret } = await createToken(client, ['documents:read', 'documents:write'])
    expect(secret).toMatch(/^la_pat_[\w-]{43}$/)
    expect(token).toMatchObject({ name: 'CI', scopes: ['documents:read', 'documents:write'], lastFour: secret.slice(-4), lastUsedAt: null })

    const listed = await client.get('/api/v1/tokens')
    expect(listed.status).toBe(200)
    expect(listed.data.items).toEqual([expect.objectContaining({ id: token.id, lastFour: secret.slice(-4) })])
    expect(JSON.stringify(listed.data)).not.toContain(secret.slice(7))

    const api = bearer(secret)
    expect((await api.get('/api/v1/auth/me')).data).toMatchObject({ id: user.id })
    const uploaded = await new ApiClient().request('POST', '/api/v1/documents', {
      headers: { authorization: `Bearer ${secret}` },
      body: (() => {
        const form = new FormData()
        form.append('file', new Blob([markdownChapter(uniqueWord())], { type: 'text/markdown' }), 'chapter.md')
        return form
      })(),
    })
    expect(uploaded.status, JSON.stringify(uploaded.data)).toBe(202)
    expect((await api.get(`/api/v1/documents/${uploaded.data.id}`)).data).toMatchObject({ ownerId: user.id })
    const after = (await client.get('/api/v1/tokens')).data.items[0]
    expect(after.lastUsedAt).toEqual(expect.any(String))
    expect(JSON.stringify(after)).not.toContain(secret.slice(7))
  })

  it('are refused with 403 problem details for an operation beyond their scopes', async () => {
    const { client } = await signedInClient('pat-scoped')
    const { secret } = await createToken(client, ['study:read'])
    const api = bearer(secret)
    expect((await api.get('/api/v1/study/due')).status).toBe(200)
    expect(expectProblem(await api.get('/api/v1/documents'), 403).detail).toContain('documents:read')
    expectProblem(await api.post('/api/v1/reviews', { reviews: [] }), 403)
  })

  it('cannot mint, list, revoke or rotate tokens: that needs the session cookie', async () => {
    const { client } = await signedInClient('pat-mint')
    const { token, secret } = await createToken(client, ['documents:read', 'documents:write', 'study:read', 'study:write'])
    const api = bearer(secret)
    expectProblem(await api.post('/api/v1/tokens', { name: 'more', scopes: ['documents:read'], expiresInDays: 1 }), 403)
    expectProblem(await api.get('/api/v1/tokens'), 403)
    expectProblem(await api.post(`/api/v1/tokens/${token.id}/rotate`), 403)
    expectProblem(await api.delete(`/api/v1/tokens/${token.id}`), 403)
    expect((await client.get('/api/v1/tokens')).data.items).toHaveLength(1)
  })

  it('are checked on input: scopes, a required expiry of at most 365 days, admin for admins only', async () => {
    const { client } = await signedInClient('pat-input')
    for (const body of [
      { name: 'x', scopes: ['documents:read'] },
      { name: 'x', scopes: ['documents:read'], expiresInDays: 366 },
      { name: 'x', scopes: ['documents:read'], expiresInDays: 0 },
      { name: 'x', scopes: ['everything'], expiresInDays: 1 },
      { name: '', scopes: ['documents:read'], expiresInDays: 1 },
      { name: 'x', scopes: [], expiresInDays: 1 },
    ]) expectProblem(await client.post('/api/v1/tokens', body), 422)
    expectProblem(await client.post('/api/v1/tokens', { name: 'x', scopes: ['admin'], expiresInDays: 1 }), 403)
    expectProblem(await new ApiClient().post('/api/v1/tokens', { name: 'x', scopes: ['documents:read'], expiresInDays: 1 }), 401)
  })

  it('answer 401 alike once revoked, expired or unknown', async () => {
    const { client } = await signedInClient('pat-401')
    const revoked = await createToken(client, ['documents:read'])
    const expired = await createToken(client, ['documents:read'])
    expect((await client.delete(`/api/v1/tokens/${revoked.token.id}`)).status).toBe(204)
    const db = new Database(join(dataDir, 'atomizer.sqlite'))
    try {
      db.prepare('UPDATE access_tokens SET expires_at = ? WHERE id = ?').run('2020-01-01T00:00:00.000Z', expired.token.id)
    }
    finally {
      db.close()
    }
    const answers = [revoked.secret, expired.secret, `la_pat_${'A'.repeat(43)}`, 'not-a-token'].map(secret => bearer(secret).get('/api/v1/documents'))
    const details = (await Promise.all(answers)).map(answer => expectProblem(answer, 401)).map(({ type, title, detail }) => ({ type, title, detail }))
    expect(new Set(details.map(detail => JSON.stringify(detail))).size).toBe(1)
    expect((await client.get('/api/v1/tokens')).data.items.map((token: Json) => token.id)).toEqual([expired.token.id])
  })

  it('rotate into a new secret; the old one presented again revokes the whole family', async () => {
    const { client } = await signedInClient('pat-rotate')
    const first = await createToken(client, ['documents:read'])
    const rotated = await client.post(`/api/v1/tokens/${first.token.id}/rotate`)
    expect(rotated.status).toBe(201)
    const second = rotated.data as { token: Json, secret: string }
    expect(second.token).toMatchObject({ name: 'CI', scopes: ['documents:read'] })
    expect(second.secret).not.toBe(first.secret)
    expect((await bearer(second.secret).get('/api/v1/documents')).status).toBe(200)
    expectProblem(await bearer(first.secret).get('/api/v1/documents'), 401)
    expectProblem(await bearer(second.secret).get('/api/v1/documents'), 401)
    expect((await client.get('/api/v1/tokens')).data.items).toEqual([])
    expectProblem(await client.post(`/api/v1/tokens/${second.token.id}/rotate`), 404)
  })

  it('work on GraphQL with their scopes: reads with a read scope, mutations refused without a write scope', async () => {
    const { client, user } = await signedInClient('pat-gql')
    const { secret } = await createToken(client, ['documents:read'])
    const api = bearer(secret)
    const read = await api.graphql('{ me { id } documents { items { id } } }')
    expect(read.status).toBe(200)
    expect(read.data).toEqual({ data: { me: { id: user.id }, documents: { items: [] } } })
    const write = await api.graphql('mutation { uploadText(title: "t", text: "# T\\n\\nSome text.") { id } }')
    expect(write.data.errors?.[0]?.extensions?.code).toBeDefined()
    expect(JSON.stringify(write.data.errors)).toContain('documents:write')
    const due = await api.graphql('{ dueCards { cardId } }')
    expect(JSON.stringify(due.data.errors)).toContain('study:read')
    expectProblem(await bearer(`la_pat_${'B'.repeat(43)}`).graphql('{ me { id } }'), 401)
  })

  it('open the WebSocket with documents:read, and are refused without it or when not valid', async () => {
    const { client, user } = await signedInClient('pat-ws')
    const reader = await createToken(client, ['documents:read'])
    const { hello, socket } = await openSocket({ authorization: `Bearer ${reader.secret}` })
    expect(hello).toMatchObject({ type: 'hello', userId: user.id })
    socket.close()
    const studier = await createToken(client, ['study:read'])
    await expect(openSocket({ authorization: `Bearer ${studier.secret}` })).rejects.toMatchObject({ status: 403 })
    await expect(openSocket({ authorization: `Bearer la_pat_${'C'.repeat(43)}` })).rejects.toMatchObject({ status: 401 })
  })

  it('of an admin act as admin only with the admin scope', async () => {
    const { client } = await adminClient()
    const plain = await createToken(client, ['documents:read'])
    const admin = await createToken(client, ['admin'])
    expectProblem(await bearer(plain.secret).get('/api/v1/users'), 403)
    expect((await bearer(admin.secret).get('/api/v1/users')).status).toBe(200)
  })
})
