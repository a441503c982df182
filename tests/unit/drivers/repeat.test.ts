import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { repeatEvery } from '../../../server/drivers/queue/repeat'

describe('repeatEvery', () => {
  beforeEach(() => {
    vi.useFakeTimers()
  })
  afterEach(() => {
    vi.useRealTimers()
  })

  it('waits a whole month for a monthly job, where one Node timer would fire at once', () => {
    const day = 24 * 3_600_000
    let runs = 0
    const schedule = repeatEvery(30 * day, () => runs++)
    vi.advanceTimersByTime(29 * day)
    expect(runs).toBe(0)
    vi.advanceTimersByTime(day)
    expect(runs).toBe(1)
    vi.advanceTimersByTime(30 * day)
    expect(runs).toBe(2)
    schedule.stop()
    vi.advanceTimersByTime(60 * day)
    expect(runs).toBe(2)
  })

  it('repeats a short interval', () => {
    let runs = 0
    const schedule = repeatEvery(1000, () => runs++)
    vi.advanceTimersByTime(3500)
    expect(runs).toBe(3)
    schedule.stop()
  })
})
