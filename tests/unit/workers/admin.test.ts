import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { createSqliteStore } from '../../../server/drivers/store/sqlite'
import { scryptHasher } from '../../../server/services/passwords'

const run = promisify(execFile)
const root = new URL('../../../', import.meta.url).pathname
const folders: string[] = []

/** `npm run admin -- …` against a fresh data folder, with stdin not a terminal. */
function admin(dataDir: string, args: string[], env: Record<string, string> = {}) {
  const { ADMIN_PASSWORD: _unset, MONGODB_URI: _embedded, ...inherited } = process.env
  return run(process.execPath, ['--import', 'tsx', join(root, 'workers/admin.ts'), ...args], {
    cwd: root, env: { ...inherited, NUXT_DATA_DIR: dataDir, ...env },
  })
}

function freshDataDir() {
  const folder = mkdtempSync(join(tmpdir(), 'atomizer-admin-cli-'))
  folders.push(folder)
  return folder
}

async function storedUser(dataDir: string, email: string) {
  const store = createSqliteStore(join(dataDir, 'atomizer.sqlite'))
  try {
    return await store.users.findByEmail(email)
  }
  finally {
    await store.close()
  }
}

afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true })
})

describe('admin CLI', () => {
  it('creates an admin with the password from ADMIN_PASSWORD, hashed as the web app hashes', async () => {
    const dataDir = freshDataDir()
    const { stdout } = await admin(dataDir, ['create', 'Head@Example.test', '--name', 'Head Teacher'], { ADMIN_PASSWORD: 'a long admin password' })
    expect(stdout).toContain('Created the admin account head@example.test')
    expect(stdout).not.toContain('a long admin password')
    const user = await storedUser(dataDir, 'head@example.test')
    expect(user).toMatchObject({ email: 'head@example.test', name: 'Head Teacher', role: 'admin' })
    expect(user!.passwordHash).toMatch(/^\$scrypt\$/)
    expect(await scryptHasher.verify(user!.passwordHash, 'a long admin password')).toBe(true)
    expect(await scryptHasher.verify(user!.passwordHash, 'another password')).toBe(false)
  }, 30_000)

  it('generates a password when none is given and no terminal asks for one, and prints it once', async () => {
    const dataDir = freshDataDir()
    const { stdout } = await admin(dataDir, ['create', 'generated@example.test'])
    const password = /shown only this once: (\S+)/.exec(stdout)?.[1]
    expect(password).toMatch(/^[\w-]{20,}$/)
    const user = await storedUser(dataDir, 'generated@example.test')
    expect(user).toMatchObject({ name: 'generated', role: 'admin' })
    expect(await scryptHasher.verify(user!.passwordHash, password!)).toBe(true)
  }, 30_000)

  it('promotes an existing account without touching its password, and sets another role with --role', async () => {
    const dataDir = freshDataDir()
    await admin(dataDir, ['create', 'ada@example.test', '--role', 'learner'], { ADMIN_PASSWORD: 'the first password' })
    expect((await storedUser(dataDir, 'ada@example.test'))?.role).toBe('learner')
    const { stdout } = await admin(dataDir, ['create', 'ada@example.test'], { ADMIN_PASSWORD: 'a second password' })
    expect(stdout).toContain('it is now admin; its password is unchanged')
    const user = await storedUser(dataDir, 'ada@example.test')
    expect(user?.role).toBe('admin')
    expect(await scryptHasher.verify(user!.passwordHash, 'the first password')).toBe(true)
  }, 30_000)

  it('refuses a bad command, email, role or password with exit code 2 and creates nothing', async () => {
    const dataDir = freshDataDir()
    for (const [args, env] of [
      [['remove', 'x@example.test'], {}],
      [['create'], {}],
      [['create', 'not-an-email'], {}],
      [['create', 'x@example.test', '--role', 'owner'], {}],
      [['create', 'x@example.test'], { ADMIN_PASSWORD: 'short' }],
    ] as const) {
      await expect(admin(dataDir, [...args], env), args.join(' ')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('usage: npm run admin') })
    }
    expect(await storedUser(dataDir, 'x@example.test')).toBeNull()
  }, 60_000)
})
