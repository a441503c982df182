import { describe, expect, it } from 'vitest'
import { intervalLabel } from '../../../shared/utils/study'

const minute = 60_000
const day = 24 * 60 * minute

describe('intervalLabel', () => {
  it('says when a card comes back in the unit a learner reads at a glance', () => {
    expect(intervalLabel(20_000)).toBe('<1 min')
    expect(intervalLabel(10 * minute)).toBe('10 min')
    expect(intervalLabel(5 * 60 * minute)).toBe('5 h')
    expect(intervalLabel(3 * day)).toBe('3 d')
    expect(intervalLabel(65 * day)).toBe('2 mo')
    expect(intervalLabel(548 * day)).toBe('1.5 y')
  })
})
