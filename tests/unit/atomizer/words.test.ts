import { describe, expect, it } from 'vitest'
import { countWords, leadingWords } from '../../../server/atomizer/words'

describe('countWords', () => {
  it.each([
    ['', 0],
    ['   \n\t ', 0],
    ['one', 1],
    ['Two words.', 2],
    ['don\'t re-use snake_case 42 times', 5],
    ['Ünïcödé wörds und 日本語', 4],
    ['-- *** !!!', 0],
  ])('counts %j as %i', (text, words) => {
    expect(countWords(text)).toBe(words)
  })
})

describe('leadingWords', () => {
  it('keeps short text and marks a cut with an ellipsis', () => {
    expect(leadingWords('just three words', 8)).toBe('just three words')
    expect(leadingWords('one, two; three: four five', 3)).toBe('one two three…')
  })
})
