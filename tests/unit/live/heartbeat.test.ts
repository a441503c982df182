import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { Heartbeat } from '../../../server/live/heartbeat'

describe('Heartbeat', () => {
  let pings: number
  let expired: number
  let heartbeat: Heartbeat
  beforeEach(() => {
    vi.useFakeTimers()
    pings = 0
    expired = 0
    heartbeat = new Heartbeat({ intervalMs: 1000, timeoutMs: 2500, ping: () => pings++, expire: () => expired++ })
    heartbeat.start()
  })
  afterEach(() => {
    heartbeat.stop()
    vi.useRealTimers()
  })

  it('pings every interval while the peer answers', () => {
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(1000)
      heartbeat.seen()
    }
    expect(pings).toBe(10)
    expect(expired).toBe(0)
  })

  it('gives up on a silent peer once, after the timeout and before the next interval ends', () => {
    vi.advanceTimersByTime(2000)
    expect(expired).toBe(0)
    vi.advanceTimersByTime(1000)
    expect(expired).toBe(1)
    vi.advanceTimersByTime(10_000)
    expect(expired).toBe(1)
    expect(pings).toBe(2)
  })
})
