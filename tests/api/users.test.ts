import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, register as registerAndSignIn, testAdminEmail, uniqueEmail } from '../support/http'
import { expectProblem } from '../support/problems'
import { startServer, type RunningServer } from '../support/server'

const password = 'correct horse battery'

describe('/api/v1/users: admins find and manage users', () => {
  // A server of its own, so that its admin (NUXT_ADMIN_EMAIL) and its users are this test's.
  let server: RunningServer
  let admin: ApiClient
  let learner: ApiClient
  const users: { id: string, email: string, name: string, role: string }[] = []

  const register = async (client: ApiClient, name: string, role?: 'author' | 'learner') => {
    const email = name === 'Admin' ? testAdminEmail : uniqueEmail(name.toLowerCase())
    const user = await registerAndSignIn(client, { email, password, name, ...(role && { role }) })
    users.push(user)
    return user
  }

  beforeAll(async () => {
    server = await startServer({ name: 'users' })
    admin = new ApiClient(server.baseURL)
    expect((await register(admin, 'Admin')).role).toBe('admin')
    learner = new ApiClient(server.baseURL)
    await register(learner, 'Lena', 'learner')
    for (const name of ['Ada', 'Grace', 'Alan', 'Adele']) await register(new ApiClient(server.baseURL), name, 'author')
  })

  afterAll(async () => {
    await server?.stop()
  })

  it('lists every user newest first, a page at a time', async () => {
    const pages: { id: string }[][] = []
    let cursor: string | undefined
    do {
      const response = await admin.get(`/api/v1/users?limit=4${cursor ? `&cursor=${cursor}` : ''}`)
      expect(response.status).toBe(200)
      pages.push(response.data.items)
      cursor = response.data.nextCursor
    } while (cursor)
    expect(pages.map(page => page.length)).toEqual([4, 2])
    expect(pages.flat().map(user => user.id)).toEqual([...users].reverse().map(user => user.id))
    expect(pages.flat()[0]).toEqual({ id: users.at(-1)!.id, email: users.at(-1)!.email, name: 'Adele', role: 'author', createdAt: expect.any(String), disabled: false })
  })

  it('filters by part of the email or name and by role', async () => {
    const named = await admin.get('/api/v1/users?q=AD')
    expect(named.data.items.map((user: { name: string }) => user.name).sort()).toEqual(['Ada', 'Adele', 'Admin'])
    const learners = await admin.get('/api/v1/users?role=learner')
    expect(learners.data.items.map((user: { name: string }) => user.name)).toEqual(['Lena'])
    expectProblem(await admin.get('/api/v1/users?role=wizard'), 422)
  })

  it('shows one user to an admin or to that user, and nobody else', async () => {
    const lena = users.find(user => user.name === 'Lena')!
    const ada = users.find(user => user.name === 'Ada')!
    expect((await admin.get(`/api/v1/users/${ada.id}`)).data).toMatchObject({ id: ada.id, name: 'Ada' })
    expect((await learner.get(`/api/v1/users/${lena.id}`)).data).toMatchObject({ id: lena.id, role: 'learner' })
    expectProblem(await learner.get(`/api/v1/users/${ada.id}`), 403)
    expectProblem(await admin.get('/api/v1/users/no-such-user'), 404)
  })

  it('refuses the list to anyone but an admin', async () => {
    expectProblem(await learner.get('/api/v1/users'), 403)
    expectProblem(await new ApiClient(server.baseURL).get('/api/v1/users'), 401)
  })

  it('lets an admin change a role, which the list then shows', async () => {
    const alan = users.find(user => user.name === 'Alan')!
    expect((await admin.put(`/api/v1/users/${alan.id}/role`, { role: 'learner' })).data.role).toBe('learner')
    const learners = await admin.get('/api/v1/users?role=learner')
    expect(learners.data.items.map((user: { name: string }) => user.name).sort()).toEqual(['Alan', 'Lena'])
  })
})
