import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqliteStore } from '../../../server/drivers/store/sqlite'
import type { DocumentStore } from '../../../server/drivers/store/types'
import { createToken, listTokens, revokeToken, rotateToken, tokenCaller, tokenHash } from '../../../server/services/tokens'
import { watchToken } from '../../../server/live/token-watch'
import { makeUser } from '../../contracts/store.contract'

let store: DocumentStore
const now = new Date('2026-12-07T10:00:00.000Z')
const later = (ms: number) => new Date(now.getTime() + ms)

beforeEach(() => {
  store = createSqliteStore(':memory:')
})

afterEach(() => store.close())

async function newUser(role: 'admin' | 'author' | 'learner' = 'author') {
  return store.users.create(makeUser({ role }))
}

describe('personal access tokens', () => {
  it('are la_pat_ and 256 random bits, stored only as a hash with the last four characters', async () => {
    const user = await newUser()
    const { secret, token } = await createToken(store, user, { name: 'CI', scopes: ['documents:read'], expiresInDays: 30 }, now)
    expect(secret).toMatch(/^la_pat_[\w-]{43}$/)
    expect(token.lastFour).toBe(secret.slice(-4))
    expect(token.expiresAt).toBe(later(30 * 86_400_000).toISOString())
    const stored = await store.tokens.get(token.id)
    expect(stored?.hash).toBe(tokenHash(secret))
    expect(JSON.stringify(stored)).not.toContain(secret.slice(7))
    expect(JSON.stringify(await listTokens(store, user))).not.toContain(secret.slice(7))
  })

  it('act for their user with their scopes, and refuse scopes beyond the role', async () => {
    const user = await newUser('learner')
    const { secret } = await createToken(store, user, { name: 'CI', scopes: ['study:read'], expiresInDays: 1 }, now)
    expect(await tokenCaller(store, secret, now)).toMatchObject({ actor: { id: user.id, role: 'learner' }, scopes: ['study:read'], via: 'token' })
    await expect(createToken(store, user, { name: 'x', scopes: ['admin'], expiresInDays: 1 }, now)).rejects.toMatchObject({ status: 403 })
  })

  it('answer 401 alike when malformed, unknown, expired or revoked', async () => {
    const user = await newUser()
    const { secret, token } = await createToken(store, user, { name: 'CI', scopes: ['documents:read'], expiresInDays: 1 }, now)
    const refusals = [
      tokenCaller(store, 'la_pat_short', now),
      tokenCaller(store, `la_pat_${'A'.repeat(43)}`, now),
      tokenCaller(store, secret, later(86_400_000)),
    ]
    for (const refusal of refusals) await expect(refusal).rejects.toMatchObject({ status: 401, message: 'The access token is not valid.' })
    await revokeToken(store, user, token.id, now)
    await expect(tokenCaller(store, secret, now)).rejects.toMatchObject({ status: 401, message: 'The access token is not valid.' })
  })

  it('write the last-used time at most once a minute', async () => {
    const user = await newUser()
    const { secret, token } = await createToken(store, user, { name: 'CI', scopes: ['documents:read'], expiresInDays: 1 }, now)
    await tokenCaller(store, secret, now)
    await tokenCaller(store, secret, later(30_000))
    expect((await store.tokens.get(token.id))?.lastUsedAt).toBe(now.toISOString())
    await tokenCaller(store, secret, later(61_000))
    expect((await store.tokens.get(token.id))?.lastUsedAt).toBe(later(61_000).toISOString())
  })

  it('rotate once into the same family; the old secret presented again revokes the family', async () => {
    const user = await newUser()
    const first = await createToken(store, user, { name: 'CI', scopes: ['documents:read'], expiresInDays: 10 }, now)
    const second = await rotateToken(store, user, first.token.id, later(1000))
    expect(second.token).toMatchObject({ name: 'CI', scopes: ['documents:read'], expiresAt: later(1000 + 10 * 86_400_000).toISOString() })
    await expect(rotateToken(store, user, first.token.id, later(2000))).rejects.toMatchObject({ status: 404 })
    expect(await tokenCaller(store, second.secret, later(3000))).toMatchObject({ tokenId: second.token.id })
    await expect(tokenCaller(store, first.secret, later(4000))).rejects.toMatchObject({ status: 401 })
    await expect(tokenCaller(store, second.secret, later(5000))).rejects.toMatchObject({ status: 401 })
    expect(await listTokens(store, user)).toEqual([])
  })

  it('cannot be revoked or rotated by another user', async () => {
    const owner = await newUser()
    const other = await newUser()
    const { token } = await createToken(store, owner, { name: 'CI', scopes: ['documents:read'], expiresInDays: 1 }, now)
    await expect(revokeToken(store, other, token.id, now)).rejects.toMatchObject({ status: 404 })
    await expect(rotateToken(store, other, token.id, now)).rejects.toMatchObject({ status: 404 })
  })

  it('of an admin without the admin scope act as an author', async () => {
    const admin = await newUser('admin')
    const { secret } = await createToken(store, admin, { name: 'CI', scopes: ['documents:read'], expiresInDays: 1 }, now)
    expect((await tokenCaller(store, secret, now)).actor.role).toBe('author')
  })

  it('end a live connection opened with them once revoked', async () => {
    const user = await newUser()
    const { token } = await createToken(store, user, { name: 'live', scopes: ['documents:read'], expiresInDays: 1 })
    let ended = 0
    const stop = await watchToken(store, token.id, () => ended++, 10)
    expect(ended).toBe(0)
    await revokeToken(store, user, token.id)
    await expect.poll(() => ended).toBe(1)
    await new Promise(resolve => setTimeout(resolve, 40))
    expect(ended).toBe(1)
    await stop()
  })
})
