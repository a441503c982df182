import { describe, expect, it } from 'vitest'
import { chartScale, labelEvery } from '../../../app/utils/chart-scale'

describe('chartScale', () => {
  it('rounds the top up to a step of 1, 2 or 5 times a power of ten', () => {
    expect(chartScale(7)).toEqual({ max: 8, step: 2, ticks: [0, 2, 4, 6, 8] })
    expect(chartScale(37)).toEqual({ max: 40, step: 10, ticks: [0, 10, 20, 30, 40] })
    expect(chartScale(180)).toMatchObject({ max: 200, step: 50 })
  })

  it('keeps whole-number steps for small counts and a usable axis for none', () => {
    expect(chartScale(1)).toEqual({ max: 1, step: 1, ticks: [0, 1] })
    expect(chartScale(3).step).toBe(1)
    expect(chartScale(0)).toEqual({ max: 1, step: 1, ticks: [0, 1] })
  })

  it('never puts the largest value above the axis', () => {
    for (const value of [1, 9, 11, 99, 101, 1234]) expect(chartScale(value).max).toBeGreaterThanOrEqual(value)
  })
})

describe('labelEvery', () => {
  it('shows every label when few, and thins out long runs of days', () => {
    expect(labelEvery(5)).toBe(1)
    expect(labelEvery(30)).toBe(5)
    expect(Math.ceil(30 / labelEvery(30))).toBeLessThanOrEqual(7)
  })
})
