import { describe, expect, it } from 'vitest'
import { foldDiacritics, foldForSearch, hasSearchWords, isStopWord, searchWords, stopWords } from '../../../shared/utils/search-words'

describe('foldDiacritics', () => {
  it('takes the marks off letters and keeps their case', () => {
    expect(foldDiacritics('Tenochtitlán')).toBe('Tenochtitlan')
    expect(foldDiacritics('Ça coûte un rôle naïf à Señor Müller')).toBe('Ca coute un role naif a Senor Muller')
  })

  it('spells out letters that do not decompose', () => {
    expect(foldDiacritics('Straße, Ærø, Łódź, Œuvre, þorn')).toBe('Strasse, Aero, Lodz, Oeuvre, thorn')
  })

  it('folds decomposed input as composed input', () => {
    expect(foldDiacritics('e\u0301tat')).toBe(foldDiacritics('\u00e9tat'))
  })
})

describe('searchWords', () => {
  it('folds, lower-cases, splits on anything but letters and digits, and keeps each word once', () => {
    expect(searchWords('Tenochtitlán, TENOCHTITLAN; coup d’état 1799')).toEqual(['tenochtitlan', 'coup', 'etat', '1799'])
  })

  it('leaves out stop words and single letters, contractions included', () => {
    expect(searchWords('The cell: what is it? Don\'t they\'re a b c')).toEqual(['cell'])
    expect(searchWords('the of and there their')).toEqual([])
  })
})

describe('stop words', () => {
  it('are the common English words, not subject words', () => {
    for (const word of ['the', 'there', 'their', 'what', 'is', 'of', 'and', 'don']) expect(isStopWord(word)).toBe(true)
    for (const word of ['cell', 'membrane', 'photosynthesis', 'tcp', 'law']) expect(isStopWord(word)).toBe(false)
    expect([...stopWords].every(word => word === word.toLowerCase() && /^[\p{L}\p{N}]+$/u.test(word))).toBe(true)
  })

  it('make a query with nothing else say it has nothing to search for', () => {
    expect(hasSearchWords('the')).toBe(false)
    expect(hasSearchWords('What is it?')).toBe(false)
    expect(hasSearchWords('what is osmosis')).toBe(true)
  })
})

describe('foldForSearch', () => {
  it('folds and splits words at apostrophes, keeping everything else for the engine to analyze', () => {
    expect(foldForSearch('A coup d’état: Napoléon’s.')).toBe('A coup d etat: Napoleon s.')
  })
})
