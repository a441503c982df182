import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSqliteStore } from '../../../server/drivers/store/sqlite'
import type { DocumentStore } from '../../../server/drivers/store/types'
import { ProblemError } from '../../../server/errors'
import { authenticate, currentUser, promoteConfiguredAdmin, registerUser } from '../../../server/services/accounts'
import type { PasswordHasher } from '../../../server/services/passwords'

/** A fast stand-in for scrypt that counts its work, so a test can see that both paths hash. */
function countingHasher() {
  const calls = { hash: 0 }
  const hasher: PasswordHasher = {
    hash: async (password) => {
      calls.hash++
      return `hashed:${password}`
    },
    verify: async (hash, password) => hash === `hashed:${password}`,
  }
  return { hasher, calls }
}

const open = { adminEmail: undefined, openRegistration: true }
const password = 'correct horse battery'

describe('accounts', () => {
  let store: DocumentStore

  beforeEach(() => {
    store = createSqliteStore(':memory:')
  })

  afterEach(async () => {
    await store.close()
  })

  it('makes no one admin for registering first; the configured admin email becomes admin whenever it registers', async () => {
    const { hasher } = countingHasher()
    const settings = { adminEmail: 'head@example.test', openRegistration: true }
    await registerUser(store, hasher, settings, { email: 'early@example.test', password, name: 'Early' })
    await registerUser(store, hasher, settings, { email: 'head@example.test', password, name: 'Head' })
    expect((await store.users.findByEmail('early@example.test'))?.role).toBe('author')
    expect((await store.users.findByEmail('head@example.test'))?.role).toBe('admin')
  })

  it('leaves an existing account untouched when its email registers again, hashing the password all the same', async () => {
    const { hasher, calls } = countingHasher()
    await registerUser(store, hasher, open, { email: 'ada@example.test', password, name: 'Ada' })
    const before = await store.users.findByEmail('ada@example.test')
    await expect(registerUser(store, hasher, open, { email: 'ada@example.test', password: 'an attacker password', name: 'Mallory', role: 'learner' }))
      .resolves.toBeUndefined()
    expect(calls.hash).toBe(2)
    expect(await store.users.findByEmail('ada@example.test')).toEqual(before)
    expect(await store.users.count()).toBe(1)
    await expect(authenticate(store, hasher, { email: 'ada@example.test', password: 'an attacker password' })).rejects.toBeInstanceOf(ProblemError)
  })

  it('refuses every registration with 403 when open registration is off', async () => {
    const { hasher } = countingHasher()
    const closed = { adminEmail: 'head@example.test', openRegistration: false }
    for (const email of ['someone@example.test', 'head@example.test']) {
      await expect(registerUser(store, hasher, closed, { email, password, name: 'X' }))
        .rejects.toMatchObject({ status: 403, type: '/problems/registration-closed' })
    }
    expect(await store.users.count()).toBe(0)
  })

  it('promotes the configured admin email\'s existing account at start-up, and says whether any admin exists', async () => {
    const { hasher } = countingHasher()
    await registerUser(store, hasher, open, { email: 'ada@example.test', password, name: 'Ada' })
    expect(await promoteConfiguredAdmin(store, undefined)).toEqual({ promoted: false, adminExists: false })
    expect(await promoteConfiguredAdmin(store, 'nobody@example.test')).toEqual({ promoted: false, adminExists: false })
    expect(await promoteConfiguredAdmin(store, 'ada@example.test')).toEqual({ promoted: true, adminExists: true })
    expect((await store.users.findByEmail('ada@example.test'))?.role).toBe('admin')
    expect(await promoteConfiguredAdmin(store, 'ada@example.test')).toEqual({ promoted: false, adminExists: true })
  })

  it('reads the signed-in user as the store has them now: a changed role at once, a missing account as 401', async () => {
    const { hasher } = countingHasher()
    await registerUser(store, hasher, open, { email: 'ada@example.test', password, name: 'Ada' })
    const { id } = (await store.users.findByEmail('ada@example.test'))!
    await store.users.setRole(id, 'learner')
    expect(await currentUser(store, id)).toMatchObject({ id, email: 'ada@example.test', role: 'learner' })
    await expect(currentUser(store, 'gone')).rejects.toMatchObject({ status: 401 })
  })
})
