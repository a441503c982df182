import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { ApiClient, register, testAdminEmail, uniqueEmail } from '../support/http'
import { expectProblem } from '../support/problems'
import { startServer, type RunningServer } from '../support/server'
import { eventually } from '../support/wait'

const password = 'correct horse battery'
const root = new URL('../../', import.meta.url).pathname
const run = promisify(execFile)

/** `npm run admin -- …` against a server's data folder (the SQLite store it serves). */
const adminCli = (dataDir: string, args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', join(root, 'workers/admin.ts'), ...args], { cwd: root, env: { ...process.env, NUXT_DATA_DIR: dataDir, ...env } })

// Each test has fresh servers of its own: "first" means first on that installation.
const servers: RunningServer[] = []
async function fresh(env: Record<string, string> = {}, dataDir?: string) {
  const server = await startServer({ name: 'first-admin', env, ...(dataDir && { dataDir }) })
  servers.push(server)
  return server
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map(server => server.stop()))
})

describe('the first admin of a fresh installation', () => {
  it('is not whoever registers first: the first accounts, even at once, are authors; the NUXT_ADMIN_EMAIL account is admin', async () => {
    const server = await fresh()
    const racers = await Promise.all(Array.from({ length: 4 }, (_, i) =>
      register(new ApiClient(server.baseURL), { email: uniqueEmail(`first${i}`), password, name: `First ${i}` })))
    expect(racers.map(user => user.role)).toEqual(['author', 'author', 'author', 'author'])
    const intruder = new ApiClient(server.baseURL)
    expectProblem(await intruder.get('/api/v1/users'), 401)
    await intruder.post('/api/v1/auth/login', { email: racers[0]!.email, password })
    expectProblem(await intruder.get('/api/v1/users'), 403)
    expectProblem(await intruder.put(`/api/v1/users/${racers[0]!.id}/role`, { role: 'admin' }), 403)

    const admin = new ApiClient(server.baseURL)
    expect((await register(admin, { email: testAdminEmail.toUpperCase(), password, name: 'Admin' })).role).toBe('admin')
    expect((await admin.get('/api/v1/users')).data.items).toHaveLength(5)
    expect((await admin.put(`/api/v1/users/${racers[1]!.id}/role`, { role: 'learner' })).data.role).toBe('learner')
  })

  it('is nobody without NUXT_ADMIN_EMAIL until the admin CLI makes one, whose password signs in on the web', async () => {
    const server = await fresh({ NUXT_ADMIN_EMAIL: '' })
    const first = await register(new ApiClient(server.baseURL), { email: uniqueEmail('first'), password, name: 'First' })
    expect(first.role).toBe('author')
    expect(server.output()).toContain('no admin account')

    const { stdout } = await adminCli(server.dataDir, ['create', 'head@example.test', '--name', 'Head'])
    const generated = /shown only this once: (\S+)/.exec(stdout)?.[1]
    expect(generated).toBeDefined()
    const head = new ApiClient(server.baseURL)
    const signedIn = await head.post('/api/v1/auth/login', { email: 'head@example.test', password: generated })
    expect(signedIn.status).toBe(200)
    expect(signedIn.data).toMatchObject({ email: 'head@example.test', name: 'Head', role: 'admin' })
    expect((await head.get('/api/v1/users')).status).toBe(200)

    // The CLI promotes an existing account too, at once for the running server.
    await adminCli(server.dataDir, ['create', first.email])
    const promoted = new ApiClient(server.baseURL)
    expect((await promoted.post('/api/v1/auth/login', { email: first.email, password })).data.role).toBe('admin')
  })

  it('promotes an account that registered before NUXT_ADMIN_EMAIL named it, at start-up', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'atomizer-first-admin-'))
    try {
      const before = await fresh({ NUXT_ADMIN_EMAIL: '' }, dataDir)
      const email = uniqueEmail('later-admin')
      expect((await register(new ApiClient(before.baseURL), { email, password, name: 'Later' })).role).toBe('author')
      await before.stop()

      const after = await fresh({ NUXT_ADMIN_EMAIL: email }, dataDir)
      const client = new ApiClient(after.baseURL)
      await client.post('/api/v1/auth/login', { email, password })
      // The role is read afresh on every request; the promotion runs just after start.
      await eventually(async () => expect((await client.get('/api/v1/auth/me')).data.role).toBe('admin'), { timeoutMs: 10_000, intervalMs: 100 })
      expect((await client.get('/api/v1/users')).status).toBe(200)
      expect(after.output()).toContain(`${email} is now an admin`)
    }
    finally {
      await Promise.all(servers.splice(0).map(server => server.stop()))
      rmSync(dataDir, { recursive: true, force: true })
    }
  })
})

describe('with open registration off', () => {
  it('refuses every registration with 403, the admin email\'s too; the sign-in page is told; CLI accounts sign in', async () => {
    const server = await fresh({ NUXT_OPEN_REGISTRATION: 'false' })
    expect((await new ApiClient(server.baseURL).get('/api/v1/auth/options')).data).toEqual({ openRegistration: false, providers: [] })
    for (const email of [uniqueEmail('closed'), testAdminEmail]) {
      const refused = expectProblem(await new ApiClient(server.baseURL).post('/api/v1/auth/register', { email, password, name: 'Closed' }), 403, '/api/v1/auth/register')
      expect(refused.type).toBe('/problems/registration-closed')
      expectProblem(await new ApiClient(server.baseURL).post('/api/v1/auth/login', { email, password }), 401)
    }
    // The sign-in page offers no registration.
    const page = await (await fetch(`${server.baseURL}/login`)).text()
    expect(page).toContain('data-testid="auth-form"')
    expect(page).not.toContain('data-testid="mode-register"')

    await adminCli(server.dataDir, ['create', testAdminEmail], { ADMIN_PASSWORD: password })
    await adminCli(server.dataDir, ['create', 'reader@example.test', '--role', 'learner'], { ADMIN_PASSWORD: password })
    expect((await new ApiClient(server.baseURL).post('/api/v1/auth/login', { email: testAdminEmail, password })).data.role).toBe('admin')
    expect((await new ApiClient(server.baseURL).post('/api/v1/auth/login', { email: 'reader@example.test', password })).data.role).toBe('learner')
  })
})
