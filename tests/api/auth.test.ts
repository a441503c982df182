import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, signedInClient, uniqueEmail } from '../support/http'
import { expectProblem } from '../support/problems'
import { startServer, type RunningServer } from '../support/server'

const password = 'correct horse battery'

describe('registration on a fresh installation', () => {
  // A server of its own: on the shared one, other test files register users concurrently.
  let server: RunningServer

  beforeAll(async () => {
    server = await startServer({ name: 'auth' })
  })

  afterAll(async () => {
    await server?.stop()
  })

  it('makes the first account admin and later ones author or learner, and only an admin changes roles', async () => {
    const admin = new ApiClient(server.baseURL)
    const first = await admin.post('/api/v1/auth/register', { email: uniqueEmail('first'), password, name: 'First' })
    expect(first.status).toBe(201)
    expect(first.data.role).toBe('admin')

    const author = new ApiClient(server.baseURL)
    const second = await author.post('/api/v1/auth/register', { email: uniqueEmail('second'), password, name: 'Second' })
    expect(second.status).toBe(201)
    expect(second.data.role).toBe('author')

    const learner = new ApiClient(server.baseURL)
    const third = await learner.post('/api/v1/auth/register', { email: uniqueEmail('third'), password, name: 'Third', role: 'learner' })
    expect(third.status).toBe(201)
    expect(third.data.role).toBe('learner')

    // Self-registration cannot ask for admin.
    const greedy = await new ApiClient(server.baseURL).post('/api/v1/auth/register', { email: uniqueEmail('greedy'), password, name: 'Greedy', role: 'admin' })
    expectProblem(greedy, 422)

    // An author cannot change roles; an admin can, and the change applies at once to the signed-in user.
    expectProblem(await author.put(`/api/v1/users/${third.data.id}/role`, { role: 'author' }), 403)
    expectProblem(await learner.upload('notes.md', '# Notes\n\nSome notes of mine.'), 403)
    const promoted = await admin.put(`/api/v1/users/${third.data.id}/role`, { role: 'author' })
    expect(promoted.status).toBe(200)
    expect(promoted.data).toMatchObject({ id: third.data.id, role: 'author' })
    expect((await learner.get('/api/v1/auth/me')).data.role).toBe('author')
    expect((await learner.upload('notes.md', '# Notes\n\nSome notes of mine.')).status).toBe(202)
    expectProblem(await admin.put('/api/v1/users/no-such-user/role', { role: 'author' }), 404)
    expectProblem(await admin.put(`/api/v1/users/${third.data.id}/role`, { role: 'owner' }), 422)
  })
})

describe('concurrent registrations on a fresh installation', () => {
  let server: RunningServer

  beforeAll(async () => {
    server = await startServer({ name: 'auth-race' })
  })

  afterAll(async () => {
    await server?.stop()
  })

  it('make exactly one admin', async () => {
    const responses = await Promise.all(Array.from({ length: 6 }, (_, i) =>
      new ApiClient(server.baseURL).post('/api/v1/auth/register', { email: uniqueEmail(`race${i}`), password, name: `Racer ${i}` })))
    expect(responses.map(response => response.status)).toEqual(Array.from({ length: 6 }, () => 201))
    expect(responses.filter(response => response.data.role === 'admin')).toHaveLength(1)
    expect(responses.filter(response => response.data.role === 'author')).toHaveLength(5)
  })
})

describe('POST /api/v1/auth/register', () => {
  it('creates the account, answers 201 with the public user and signs it in with an HttpOnly cookie', async () => {
    const client = new ApiClient()
    const email = uniqueEmail('register')
    const response = await client.post('/api/v1/auth/register', { email, password, name: '  Ada Lovelace  ' })
    expect(response.status).toBe(201)
    expect(response.data).toEqual({ id: expect.any(String), email, name: 'Ada Lovelace', role: expect.stringMatching(/^(admin|author)$/), createdAt: expect.any(String) })
    const cookie = response.headers.getSetCookie().find(value => value.startsWith('nuxt-session='))
    expect(cookie).toBeDefined()
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    const me = await client.get('/api/v1/auth/me')
    expect(me.status).toBe(200)
    expect(me.data).toEqual(response.data)
  })

  it('never returns the password or its hash', async () => {
    const client = new ApiClient()
    const registered = await client.post('/api/v1/auth/register', { email: uniqueEmail('secret'), password, name: 'Secret' })
    const me = await client.get('/api/v1/auth/me')
    for (const body of [registered.data, me.data]) {
      expect(JSON.stringify(body)).not.toContain(password)
      expect(Object.keys(body)).not.toContain('passwordHash')
    }
  })

  it('refuses an email already taken, whatever its case, with 409', async () => {
    const email = uniqueEmail('taken')
    expect((await new ApiClient().post('/api/v1/auth/register', { email, password, name: 'One' })).status).toBe(201)
    expectProblem(await new ApiClient().post('/api/v1/auth/register', { email, password, name: 'Two' }), 409, '/api/v1/auth/register')
    expectProblem(await new ApiClient().post('/api/v1/auth/register', { email: email.toUpperCase(), password, name: 'Three' }), 409)
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

  it('does not sign in after a refused registration', async () => {
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
