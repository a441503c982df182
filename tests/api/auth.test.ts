import { describe, expect, it } from 'vitest'
import { ApiClient, register, signedInClient, uniqueEmail } from '../support/http'
import { expectProblem } from '../support/problems'

const password = 'correct horse battery'

/** A registration's raw answer: status, body text and headers, as a client would see them. */
async function rawRegister(body: Record<string, unknown>) {
  const response = await fetch(`${new ApiClient().baseURL}/api/v1/auth/register`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
  })
  // Only these differ from one answer to the next whatever is registered: the time, the request id, the CSP's
  // nonce, and the value and expiry of the empty session every first request gets (it signs nobody in).
  const headers = [...response.headers].filter(([name]) => !['date', 'x-request-id', 'set-cookie'].includes(name))
    .map(([name, value]) => [name, name === 'content-security-policy' ? value.replace(/'nonce-[^']+'/, '\'nonce-…\'') : value])
  const cookies = response.headers.getSetCookie().map(cookie => cookie.replace(/^([^=]+)=[^;]*/, '$1=…').replace(/Expires=[^;]*/i, 'Expires=…'))
  return { status: response.status, text: await response.text(), headers, cookies }
}

describe('POST /api/v1/auth/register', () => {
  it('creates the account and answers 202 {status: accepted} without signing in; signing in then works', async () => {
    const client = new ApiClient()
    const email = uniqueEmail('register')
    const response = await client.post('/api/v1/auth/register', { email, password, name: '  Ada Lovelace  ' })
    expect(response.status).toBe(202)
    expect(response.data).toEqual({ status: 'accepted' })
    // Not signed in: registering starts no session.
    expectProblem(await client.get('/api/v1/auth/me'), 401)
    const login = await client.post('/api/v1/auth/login', { email, password })
    expect(login.status).toBe(200)
    expect(login.data).toEqual({ id: expect.any(String), email, name: 'Ada Lovelace', role: 'author', createdAt: expect.any(String) })
    const cookie = login.headers.getSetCookie().find(value => value.startsWith('nuxt-session='))
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect((await client.get('/api/v1/auth/me')).data).toEqual(login.data)
  })

  it('answers a taken email (any case) exactly as a new one, and leaves that account as it was', async () => {
    const taken = uniqueEmail('taken')
    const owner = await register(new ApiClient(), { email: taken, password, name: 'Owner' })
    const attempts = [
      await rawRegister({ email: uniqueEmail('fresh'), password: 'another password', name: 'Someone' }),
      await rawRegister({ email: taken, password: 'another password', name: 'Someone' }),
      await rawRegister({ email: taken.toUpperCase(), password: 'another password', name: 'Someone' }),
    ]
    for (const attempt of attempts) {
      expect(attempt).toEqual(attempts[0])
      expect(attempt.status).toBe(202)
      expect(attempt.text).toBe('{"status":"accepted"}')
    }
    // The account keeps its password and name; the second password opens nothing.
    expectProblem(await new ApiClient().post('/api/v1/auth/login', { email: taken, password: 'another password' }), 401)
    expect((await new ApiClient().post('/api/v1/auth/login', { email: taken, password })).data).toEqual(owner)
  })

  it('never returns the password or its hash', async () => {
    const client = new ApiClient()
    const email = uniqueEmail('secret')
    const registered = await client.post('/api/v1/auth/register', { email, password, name: 'Secret' })
    const login = await client.post('/api/v1/auth/login', { email, password })
    const me = await client.get('/api/v1/auth/me')
    for (const body of [registered.data, login.data, me.data]) {
      expect(JSON.stringify(body)).not.toContain(password)
      expect(Object.keys(body)).not.toContain('passwordHash')
    }
  })

  it('lets a new account choose learner, never admin', async () => {
    const client = new ApiClient()
    expect((await register(client, { email: uniqueEmail('learner'), password, name: 'Learner', role: 'learner' })).role).toBe('learner')
    const greedy = expectProblem(await new ApiClient().post('/api/v1/auth/register', { email: uniqueEmail('greedy'), password, name: 'Greedy', role: 'admin' }), 422)
    expect(greedy.errors?.map(error => error.path)).toContain('role')
  })

  it('says registration is open (the default), for the sign-in page', async () => {
    const response = await new ApiClient().get('/api/v1/auth/options')
    expect(response.status).toBe(200)
    expect(response.data).toEqual({ openRegistration: true, providers: [] })
  })

  it.each([
    ['a bad email', { email: 'not-an-email', password, name: 'X' }, 'email'],
    ['a short password', { email: uniqueEmail('short'), password: 'short', name: 'X' }, 'password'],
    ['a missing name', { email: uniqueEmail('noname'), password }, 'name'],
    ['an unknown role', { email: uniqueEmail('role'), password, name: 'X', role: 'superuser' }, 'role'],
  ])('refuses %s with 422 and the field in errors', async (_case, body, field) => {
    const problem = expectProblem(await new ApiClient().post('/api/v1/auth/register', body), 422)
    expect(problem.type).toBe('/problems/validation')
    expect(problem.errors?.map(error => error.path)).toContain(field)
    expect(problem.errors?.every(error => typeof error.message === 'string' && error.message.length > 0)).toBe(true)
  })

  it('does not make an account from a refused registration', async () => {
    const client = new ApiClient()
    const email = uniqueEmail('refused')
    await client.post('/api/v1/auth/register', { email, password: 'short', name: 'X' })
    expectProblem(await client.get('/api/v1/auth/me'), 401)
    expectProblem(await new ApiClient().post('/api/v1/auth/login', { email, password: 'short' }), 401)
    expectProblem(await new ApiClient().post('/api/v1/auth/login', { email, password }), 401)
  })
})

describe('login, me and logout', () => {
  it('signs in with the right password (any email case) and answers 200 with the user', async () => {
    const { email, user } = await signedInClient('login')
    const client = new ApiClient()
    const response = await client.post('/api/v1/auth/login', { email: email.toUpperCase(), password })
    expect(response.status).toBe(200)
    expect(response.data).toMatchObject({ id: user.id, email })
    expect(response.headers.getSetCookie().some(value => value.startsWith('nuxt-session='))).toBe(true)
    expect((await client.get('/api/v1/auth/me')).data.id).toBe(user.id)
  })

  it('refuses a wrong password and an unknown email alike with 401, and does not sign in', async () => {
    const { email } = await signedInClient('wrong')
    const client = new ApiClient()
    const wrong = expectProblem(await client.post('/api/v1/auth/login', { email, password: 'not the password' }), 401)
    const unknown = expectProblem(await client.post('/api/v1/auth/login', { email: uniqueEmail('nobody'), password }), 401)
    expect(unknown.type).toBe(wrong.type)
    expect(unknown.detail).toBe(wrong.detail)
    expectProblem(await client.get('/api/v1/auth/me'), 401)
  })

  it('refuses a login without a password with 422', async () => {
    const problem = expectProblem(await new ApiClient().post('/api/v1/auth/login', { email: uniqueEmail('x') }), 422)
    expect(problem.errors?.map(error => error.path)).toContain('password')
  })

  it('signs out with 204; afterwards me and the API answer 401', async () => {
    const { client } = await signedInClient('logout')
    expect((await client.get('/api/v1/auth/me')).status).toBe(200)
    const response = await client.post('/api/v1/auth/logout')
    expect(response.status).toBe(204)
    expectProblem(await client.get('/api/v1/auth/me'), 401, '/api/v1/auth/me')
    expectProblem(await client.get('/api/v1/documents'), 401)
  })

  it('answers 401 to me and to every API route when never signed in', async () => {
    const client = new ApiClient()
    expectProblem(await client.get('/api/v1/auth/me'), 401)
    expectProblem(await client.get('/api/v1/documents'), 401)
    expectProblem(await client.get('/api/v1/search?q=anything'), 401)
    expectProblem(await client.upload('x.md', '# X\n\ntext'), 401)
  })

  it('answers 401 to a forged session cookie', async () => {
    const client = new ApiClient()
    const response = await client.request('GET', '/api/v1/auth/me', { headers: { cookie: 'nuxt-session=Fe26.2**forged**value' } })
    expectProblem(response, 401)
  })
})
