import { describe, expect, it } from 'vitest'
import { readingDuration, readingTime } from '../../../app/utils/labels'

describe('reading time labels', () => {
  it('says seconds under a minute, so short atoms differ as their lengths do, and minutes from a minute on', () => {
    expect([0, 3, 12, 42, 56, 58, 61, 89, 91, 150].map(readingTime)).toEqual([
      '5 s read', '5 s read', '10 s read', '40 s read', '55 s read', '1 min read', '1 min read', '1 min read', '2 min read', '3 min read',
    ])
  })

  it('says a longer span in minutes and hours', () => {
    expect([20, 600, 3600, 4800].map(readingDuration)).toEqual(['1 min', '10 min', '1 h', '1 h 20 min'])
  })
})
