import { createHash } from 'node:crypto'
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { createSqliteStore } from '../../server/drivers/store/sqlite'
import { scryptHasher } from '../../server/services/passwords'
import { adminClient, ApiClient, register, signedInClient, testPassword, uniqueEmail } from '../support/http'
import { expectProblem } from '../support/problems'

const run = promisify(execFile)
const root = new URL('../../', import.meta.url).pathname
const newPassword = 'a brand new passphrase'

/** The tier's server's own SQLite store, for what the API cannot do: accounts from before the rules, expired links. */
async function withStore<T>(act: (store: ReturnType<typeof createSqliteStore>) => Promise<T>): Promise<T> {
  const store = createSqliteStore(join(inject('dataDir'), 'atomizer.sqlite'))
  try {
    return await act(store)
  }
  finally {
    await store.close()
  }
}

const tokenOf = (url: string) => new URL(url).hash.replace(/^#token=/, '')

/** The parts of a failed sign-in's answer that could tell one failure from another. */
const failure = (response: { status: number, data: { type: string, title: string, detail: string } }) =>
  ({ status: response.status, type: response.data.type, title: response.data.title, detail: response.data.detail })

describe('new passwords', () => {
  it.each([
    ['eleven characters', 'elevenchars', /at least 12/],
    ['a common password', 'password1234', /too common/],
    ['a breached password in other letters\' case', 'QwertyUiop123', /too common/],
  ])('refuses %s at registration with 422 on password', async (_case, password, message) => {
    const problem = expectProblem(await new ApiClient().post('/api/v1/auth/register', { email: uniqueEmail('weak'), password, name: 'Weak' }), 422)
    expect(problem.errors).toEqual([{ path: 'password', message: expect.stringMatching(message) }])
  })

  it('refuses the account\'s own email as its password', async () => {
    const email = uniqueEmail('own-email')
    const problem = expectProblem(await new ApiClient().post('/api/v1/auth/register', { email, password: email, name: 'Own' }), 422)
    expect(problem.errors?.[0]?.path).toBe('password')
  })

  it('still signs in an account whose password predates the rules', async () => {
    const email = uniqueEmail('older')
    await withStore(async store => store.users.create({
      id: `older-${Date.now()}`, email, name: 'Older', role: 'author', passwordHash: await scryptHasher.hash('short1'),
      createdAt: new Date().toISOString(), disabledAt: null,
    }))
    expect((await new ApiClient().post('/api/v1/auth/login', { email, password: 'short1' })).status).toBe(200)
  })
})

describe('PUT /api/v1/auth/password', () => {
  it('needs the current password, refuses a weak new one, and ends the account\'s other sessions', async () => {
    const { client, email } = await signedInClient('change')
    const otherDevice = new ApiClient()
    await otherDevice.post('/api/v1/auth/login', { email, password: testPassword })
    expect((await otherDevice.get('/api/v1/auth/me')).status).toBe(200)

    expect(expectProblem(await client.put('/api/v1/auth/password', { currentPassword: 'not my password', newPassword }), 401).type).toBe('/problems/bad-credentials')
    expectProblem(await client.put('/api/v1/auth/password', { currentPassword: testPassword, newPassword: 'qwertyuiop123' }), 422)
    expect((await client.put('/api/v1/auth/password', { currentPassword: testPassword, newPassword })).status).toBe(204)

    expect((await client.get('/api/v1/auth/me')).status).toBe(200)
    expectProblem(await otherDevice.get('/api/v1/auth/me'), 401)
    expectProblem(await new ApiClient().post('/api/v1/auth/login', { email, password: testPassword }), 401)
    expect((await new ApiClient().post('/api/v1/auth/login', { email, password: newPassword })).status).toBe(200)
  })

  it('is not for access tokens', async () => {
    const { client } = await signedInClient('change-token')
    const secret = (await client.post('/api/v1/tokens', { name: 'ci', scopes: ['documents:read'], expiresInDays: 1 })).data.secret
    const response = await new ApiClient().request('PUT', '/api/v1/auth/password', {
      json: { currentPassword: testPassword, newPassword }, headers: { authorization: `Bearer ${secret}` },
    })
    expectProblem(response, 403)
  })
})

describe('password reset links', () => {
  let admin: ApiClient

  beforeAll(async () => {
    ({ client: admin } = await adminClient())
  })

  it('are issued by admins only, work once, set the password and end every session', async () => {
    const { client, email, user } = await signedInClient('reset')
    expectProblem(await client.post(`/api/v1/users/${user.id}/password-reset`), 403)
    const issued = await admin.post(`/api/v1/users/${user.id}/password-reset`)
    expect(issued.status).toBe(201)
    expect(issued.headers.get('cache-control')).toBe('no-store')
    expect(issued.data.url).toMatch(/\/reset-password#token=[\w-]{43}$/)
    expect(Date.parse(issued.data.expiresAt) - Date.now()).toBeGreaterThan(59 * 60 * 1000)
    const token = tokenOf(issued.data.url)

    // A refused password leaves the link usable.
    expectProblem(await new ApiClient().post('/api/v1/auth/password-reset', { token, password: 'password1234' }), 422)
    expect((await new ApiClient().post('/api/v1/auth/password-reset', { token, password: newPassword })).status).toBe(204)
    expectProblem(await client.get('/api/v1/auth/me'), 401)
    expect((await new ApiClient().post('/api/v1/auth/login', { email, password: newPassword })).status).toBe(200)

    const reused = expectProblem(await new ApiClient().post('/api/v1/auth/password-reset', { token, password: 'yet another passphrase' }), 400)
    expect(reused.type).toBe('/problems/invalid-reset-link')
    expect((await new ApiClient().post('/api/v1/auth/login', { email, password: newPassword })).status).toBe(200)
  })

  it('answers an unknown, a used and an expired link alike', async () => {
    const { user } = await signedInClient('reset-expired')
    const secret = 'e'.repeat(43)
    await withStore(store => store.passwordResets.create({
      hash: createHash('sha256').update(secret).digest('hex'), userId: user.id,
      createdAt: new Date(Date.now() - 7200_000).toISOString(), expiresAt: new Date(Date.now() - 3600_000).toISOString(), usedAt: null,
    }))
    const expired = expectProblem(await new ApiClient().post('/api/v1/auth/password-reset', { token: secret, password: newPassword }), 400)
    const unknown = expectProblem(await new ApiClient().post('/api/v1/auth/password-reset', { token: 'u'.repeat(43), password: newPassword }), 400)
    expect({ ...expired, instance: '', requestId: '' }).toEqual({ ...unknown, instance: '', requestId: '' })
  })

  it('are stored as hashes only', async () => {
    const { user } = await signedInClient('reset-hash')
    const token = tokenOf((await admin.post(`/api/v1/users/${user.id}/password-reset`)).data.url)
    const stored = await withStore(async store => store.passwordResets.use(createHash('sha256').update(token).digest('hex'), new Date().toISOString()))
    expect(stored).toMatchObject({ userId: user.id, hash: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect(JSON.stringify(stored)).not.toContain(token)
  })

  it('come from `npm run admin -- reset-password <email>` too', async () => {
    const { email } = await signedInClient('reset-cli')
    const { stdout } = await run(process.execPath, ['--import', 'tsx', join(root, 'workers/admin.ts'), 'reset-password', email.toUpperCase()], {
      cwd: root, env: { ...process.env, NUXT_DATA_DIR: inject('dataDir'), NUXT_PUBLIC_URL: 'https://atomizer.example.org', MONGODB_URI: '' },
    })
    const url = /https:\/\/atomizer\.example\.org\/reset-password#token=[\w-]{43}/.exec(stdout)?.[0]
    expect(url, stdout).toBeTruthy()
    expect((await new ApiClient().post('/api/v1/auth/password-reset', { token: tokenOf(url!), password: newPassword })).status).toBe(204)
    expect((await new ApiClient().post('/api/v1/auth/login', { email, password: newPassword })).status).toBe(200)
  }, 30_000)
})

describe('disabled accounts', () => {
  it('sign in with no answer but a wrong password\'s, and lose their sessions and tokens at once', async () => {
    const { client: admin } = await adminClient()
    const { client, email, user } = await signedInClient('disabled')
    const secret = (await client.post('/api/v1/tokens', { name: 'ci', scopes: ['documents:read'], expiresInDays: 1 })).data.secret
    expectProblem(await new ApiClient().put(`/api/v1/users/${user.id}/disabled`, { disabled: true }), 401)
    expectProblem(await client.put(`/api/v1/users/${user.id}/disabled`, { disabled: true }), 403)

    const disabled = await admin.put(`/api/v1/users/${user.id}/disabled`, { disabled: true })
    expect(disabled.data).toMatchObject({ id: user.id, disabled: true })
    expectProblem(await client.get('/api/v1/auth/me'), 401)
    expectProblem(await new ApiClient().request('GET', '/api/v1/documents', { headers: { authorization: `Bearer ${secret}` } }), 401)
    const listed = (await admin.get(`/api/v1/users?q=${encodeURIComponent(email)}`)).data.items
    expect(listed).toEqual([expect.objectContaining({ id: user.id, disabled: true })])

    const refused = await new ApiClient().post('/api/v1/auth/login', { email, password: testPassword })
    const wrong = await new ApiClient().post('/api/v1/auth/login', { email, password: 'not the password at all' })
    const unknown = await new ApiClient().post('/api/v1/auth/login', { email: uniqueEmail('nobody'), password: testPassword })
    expect(failure(refused)).toEqual(failure(wrong))
    expect(failure(unknown)).toEqual(failure(wrong))

    // A reset link does not open a disabled account either.
    const token = tokenOf((await admin.post(`/api/v1/users/${user.id}/password-reset`)).data.url)
    expectProblem(await new ApiClient().post('/api/v1/auth/password-reset', { token, password: newPassword }), 400)

    await admin.put(`/api/v1/users/${user.id}/disabled`, { disabled: false })
    expect((await new ApiClient().post('/api/v1/auth/login', { email, password: testPassword })).status).toBe(200)
  })

  it('never include the admin themselves', async () => {
    const { client: admin, user } = await adminClient()
    expect(expectProblem(await admin.put(`/api/v1/users/${user.id}/disabled`, { disabled: true }), 409).type).toBe('/problems/conflict')
  })
})

describe('registering and signing in reveal no accounts', () => {
  it('gives an unknown email and a wrong password the same answer', async () => {
    const email = uniqueEmail('known')
    await register(new ApiClient(), { email, password: testPassword, name: 'Known' })
    const wrong = await new ApiClient().post('/api/v1/auth/login', { email, password: 'a wrong password here' })
    const unknown = await new ApiClient().post('/api/v1/auth/login', { email: uniqueEmail('unknown'), password: 'a wrong password here' })
    expect(failure(unknown)).toEqual(failure(wrong))
    expect(wrong.status).toBe(401)
  })
})
