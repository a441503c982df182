import { randomUUID } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SessionStore } from '../../server/drivers/sessions/types'
import { eventually } from '../support/wait'

const week = 7 * 24 * 3600

/** What every `SessionStore` driver must do. `create` returns a fresh, empty store; the suite closes it after each test. */
export function describeSessionsContract(name: string, create: () => Promise<SessionStore> | SessionStore) {
  describe(`SessionStore contract: ${name}`, () => {
    let sessions: SessionStore

    beforeEach(async () => {
      sessions = await create()
    })

    afterEach(async () => {
      await sessions.close()
    })

    it('knows a session it recorded, and no other', async () => {
      await sessions.create('s1', 'user-1', week)
      expect(await sessions.exists('s1')).toBe(true)
      expect(await sessions.exists('s2')).toBe(false)
      expect(await sessions.exists('')).toBe(false)
    })

    it('revokes one session and leaves the user\'s others', async () => {
      await sessions.create('laptop', 'user-1', week)
      await sessions.create('phone', 'user-1', week)
      await sessions.revoke('laptop')
      expect(await sessions.exists('laptop')).toBe(false)
      expect(await sessions.exists('phone')).toBe(true)
    })

    it('revokes an unknown or already revoked session without an error', async () => {
      await expect(sessions.revoke('never-created')).resolves.toBeUndefined()
      await sessions.create('s1', 'user-1', week)
      await sessions.revoke('s1')
      await expect(sessions.revoke('s1')).resolves.toBeUndefined()
    })

    it('revokes every session of a user, and only theirs', async () => {
      await sessions.create('a1', 'user-a', week)
      await sessions.create('a2', 'user-a', week)
      await sessions.create('a3', 'user-a', 60)
      await sessions.create('b1', 'user-b', week)
      await sessions.revoke('a2')
      await sessions.revokeAllForUser('user-a')
      for (const id of ['a1', 'a2', 'a3']) expect(await sessions.exists(id)).toBe(false)
      expect(await sessions.exists('b1')).toBe(true)
      await expect(sessions.revokeAllForUser('user-without-sessions')).resolves.toBeUndefined()
    })

    it('lets a user sign in again after all their sessions were revoked', async () => {
      await sessions.create('old', 'user-1', week)
      await sessions.revokeAllForUser('user-1')
      await sessions.create('new', 'user-1', week)
      expect(await sessions.exists('new')).toBe(true)
      expect(await sessions.exists('old')).toBe(false)
    })

    it('expires a session after its time to live, and not others', async () => {
      await sessions.create('short', 'user-1', 1)
      await sessions.create('long', 'user-1', week)
      await eventually(async () => expect(await sessions.exists('short')).toBe(false), { timeoutMs: 10_000, intervalMs: 100 })
      expect(await sessions.exists('long')).toBe(true)
    })

    it('still revokes all of a user\'s sessions when a shorter one was created last', async () => {
      await sessions.create('long', 'user-1', week)
      await sessions.create('short', 'user-1', 1)
      await eventually(async () => expect(await sessions.exists('short')).toBe(false), { timeoutMs: 10_000, intervalMs: 100 })
      expect(await sessions.exists('long')).toBe(true)
      await sessions.revokeAllForUser('user-1')
      expect(await sessions.exists('long')).toBe(false)
    })

    it('keeps what its owner sees of each session, and lists a user\'s live sessions, most recently used first', async () => {
      const before = Date.now()
      await sessions.create('laptop', 'user-1', week, { device: 'Desktop, macOS', browser: 'Firefox 140', place: '203.0.113.x', idleSeconds: 3600 })
      await sessions.create('phone', 'user-1', week)
      await sessions.create('other', 'user-2', week)
      await sessions.revoke('phone')
      const laptop = await sessions.find('laptop')
      expect(laptop).toMatchObject({ id: 'laptop', userId: 'user-1', device: 'Desktop, macOS', browser: 'Firefox 140', place: '203.0.113.x' })
      expect(laptop!.createdAt).toBeGreaterThanOrEqual(before)
      expect(laptop!.lastSeenAt).toBe(laptop!.createdAt)
      // The idle timeout, well within the absolute one.
      expect(laptop!.expiresAt - laptop!.createdAt).toBe(3600_000)
      expect(laptop!.absoluteAt - laptop!.createdAt).toBe(week * 1000)
      expect(await sessions.find('phone')).toBeNull()
      await sessions.create('tablet', 'user-1', week)
      await sessions.touch('laptop', 3600, Date.now() + 5000)
      expect((await sessions.listForUser('user-1')).map(session => session.id)).toEqual(['laptop', 'tablet'])
      expect(await sessions.listForUser('nobody')).toEqual([])
    })

    it('moves the idle timeout on each use, never past the absolute timeout, and brings back no ended session', async () => {
      await sessions.create('s1', 'user-1', 3600, { idleSeconds: 60 })
      const created = (await sessions.find('s1'))!
      await sessions.touch('s1', 60, created.createdAt + 30_000)
      expect((await sessions.find('s1'))!.expiresAt).toBe(created.createdAt + 90_000)
      await sessions.touch('s1', 3600, created.createdAt + 60_000)
      expect((await sessions.find('s1'))!.expiresAt).toBe(created.absoluteAt)
      await sessions.revoke('s1')
      await sessions.touch('s1', 60)
      expect(await sessions.exists('s1')).toBe(false)
      expect(await sessions.listForUser('user-1')).toEqual([])
    })

    it('ends when idle for longer than its idle timeout', async () => {
      await sessions.create('idle', 'user-1', week, { idleSeconds: 1 })
      await sessions.create('used', 'user-1', week, { idleSeconds: 2 })
      await eventually(async () => expect(await sessions.exists('idle')).toBe(false), { timeoutMs: 10_000, intervalMs: 100 })
      expect(await sessions.exists('used')).toBe(true)
    })

    it('ends all of a user\'s sessions but one', async () => {
      await sessions.create('here', 'user-1', week)
      await sessions.create('there', 'user-1', week)
      await sessions.create('elsewhere', 'user-1', week)
      await sessions.revokeAllForUser('user-1', 'here')
      expect((await sessions.listForUser('user-1')).map(session => session.id)).toEqual(['here'])
      expect(await sessions.exists('there')).toBe(false)
    })

    it('takes random ids as the app makes them', async () => {
      const ids = Array.from({ length: 20 }, () => randomUUID())
      for (const id of ids) await sessions.create(id, 'user-1', week)
      for (const id of ids) expect(await sessions.exists(id)).toBe(true)
    })
  })
}
