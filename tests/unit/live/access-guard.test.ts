import { describe, expect, it, vi } from 'vitest'
import { problems } from '../../../server/errors'
import type { LiveEvent } from '../../../shared/schemas/live'
import { AccessGuard } from '../../../server/live/access-guard'

const atoms: LiveEvent = { type: 'atoms', documentId: 'd', atoms: [] }

describe('the access guard of a live subscription', () => {
  it('checks again at once when the bus says access changed for this user or anyone, and revokes on a refusal', async () => {
    let allowed = true
    const check = vi.fn(async () => {
      if (!allowed) throw problems.notFound('document', 'd')
    })
    const guard = new AccessGuard('reader', check)
    expect(await guard.admit(atoms)).toBe('forward')
    expect(check).not.toHaveBeenCalled()
    expect(await guard.admit({ type: 'access-revoked', userId: 'someone-else' })).toBe('skip')
    expect(check).not.toHaveBeenCalled()
    expect(await guard.admit({ type: 'access-revoked', userId: 'reader' })).toBe('skip')
    allowed = false
    expect(await guard.admit({ type: 'access-revoked' })).toBe('revoked')
    expect(check).toHaveBeenCalledTimes(2)
  })

  it('checks again on an event once the last check is old, and keeps the subscription when checking fails', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {})
    let outcome: 'allowed' | 'refused' | 'down' = 'down'
    const guard = new AccessGuard('reader', async () => {
      if (outcome === 'refused') throw problems.forbidden('no')
      if (outcome === 'down') throw new Error('store unreachable')
    }, 0)
    await new Promise(resolve => setTimeout(resolve, 2))
    expect(await guard.admit(atoms)).toBe('forward')
    outcome = 'refused'
    await new Promise(resolve => setTimeout(resolve, 2))
    expect(await guard.admit(atoms)).toBe('revoked')
    expect(await guard.admit({ type: 'session-ended' })).toBe('skip')
    error.mockRestore()
  })
})
