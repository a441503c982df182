import { describe, expect, it } from 'vitest'
import { highlight, queryTerms } from '../../../shared/utils/highlight'

/** The text a browser would show for an excerpt: marks removed, entities decoded. */
const shown = (html: string) => html.replace(/<\/?mark>/g, '')
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, '\'').replace(/&amp;/g, '&')

describe('queryTerms', () => {
  it('lowercases, folds diacritics, splits on anything but letters and digits, drops stop words, one-letter terms and repeats', () => {
    expect(queryTerms('Photo-Synthesis, a (LIGHT) light reaction 2b')).toEqual(['photo', 'synthesis', 'light', 'reaction', '2b'])
    expect(queryTerms('a . ! ?')).toEqual([])
    expect(queryTerms('Überblick ÜBER')).toEqual(['uberblick', 'uber'])
    expect(queryTerms('What is the cell membrane?')).toEqual(['cell', 'membrane'])
  })
})

describe('highlight', () => {
  it('marks words whatever their diacritics, on either side, as written in the text', () => {
    expect(highlight('Tenochtitlán was the capital.', 'tenochtitlan')).toEqual(['<mark>Tenochtitlán</mark> was the capital.'])
    expect(highlight('Napoleon staged a coup.', 'Napoléon')).toEqual(['<mark>Napoleon</mark> staged a coup.'])
    expect(highlight('A coup d’état in 1799, in Straße and Ærø.', 'etat strasse aero')).toEqual(['A coup d’<mark>état</mark> in 1799, in <mark>Straße</mark> and <mark>Ærø</mark>.'])
  })

  it('never marks stop words: not as words of the query, nor as words a query word starts', () => {
    expect(highlight('There the cell and their membrane.', 'the cell')).toEqual(['There the <mark>cell</mark> and their membrane.'])
    expect(highlight('There the cell and their membrane.', 'the their there')).toEqual([])
    expect(highlight('Which whale was where?', 'wh')).toEqual(['Which <mark>whale</mark> was where?'])
  })

  it('wraps each match in <mark>', () => {
    expect(highlight('Plants use light for photosynthesis.', 'light photosynthesis'))
      .toEqual(['Plants use <mark>light</mark> for <mark>photosynthesis</mark>.'])
  })

  it('matches case-insensitively and by word start, marking the whole word', () => {
    expect(highlight('Photosynthesis and photons', 'PHOTO')).toEqual(['<mark>Photosynthesis</mark> and <mark>photons</mark>'])
  })

  it('does not match inside a word', () => {
    expect(highlight('Photosynthesis is synthesis by light', 'synthesis')).toEqual(['Photosynthesis is <mark>synthesis</mark> by light'])
  })

  it('matches letters beyond ASCII', () => {
    expect(highlight('Ein Überblick über Zellen', 'über')).toEqual(['Ein <mark>Überblick</mark> <mark>über</mark> Zellen'])
  })

  it('escapes HTML in the text, so nothing in an atom becomes markup', () => {
    const [excerpt] = highlight('<script>alert("x")</script> & <img src=x onerror=alert(1)> energy \'quoted\'', 'energy')
    expect(excerpt).not.toMatch(/<(?!\/?mark>)/)
    expect(excerpt).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;')
    expect(excerpt).toContain('<mark>energy</mark> &#39;quoted&#39;')
  })

  it('treats regular expression characters in the query as text', () => {
    expect(highlight('Energy (kinetic) and energy+', '(kinetic) energy+ .*')).toEqual(['<mark>Energy</mark> (<mark>kinetic</mark>) and <mark>energy</mark>+'])
  })

  it.each(['lt', 'gt', 'amp', 'quot', '39'])('never marks inside an escape sequence, even for the query %j', (term) => {
    const text = `a < b > c & "d" 'e' and ${term} itself`
    const [excerpt] = highlight(text, term)
    expect(shown(excerpt!)).toBe(text)
    expect(excerpt!.match(/<mark>/g)).toHaveLength(1)
    expect(excerpt).toContain(`<mark>${term}</mark> itself`)
  })

  it('gives nothing for a query without usable terms, or without a match', () => {
    expect(highlight('Some text', '')).toEqual([])
    expect(highlight('Some text', 'a ! ?')).toEqual([])
    expect(highlight('Some text', 'absent')).toEqual([])
  })

  it('cuts excerpts around matches in long text, with ellipses where text was left out', () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `filler${i}`).join(' ')
    const text = `${filler(40)} first match here ${filler(60)} second match there ${filler(40)}`
    const excerpts = highlight(text, 'match', { radius: 20 })
    expect(excerpts).toHaveLength(2)
    expect(excerpts[0]).toMatch(/^….*<mark>match<\/mark> here.*…$/)
    expect(excerpts[1]).toMatch(/^….*<mark>match<\/mark> there.*…$/)
    for (const excerpt of excerpts) expect(shown(excerpt).length).toBeLessThanOrEqual(2 + 20 + 'match'.length + 20)
  })

  it('merges nearby matches into one excerpt and stops at maxExcerpts', () => {
    const text = Array.from({ length: 10 }, (_, i) => `Block ${i} mentions energy once. ${'Padding words here. '.repeat(20)}`).join(' ')
    expect(highlight(text, 'energy', { radius: 10 })).toHaveLength(2)
    expect(highlight(text, 'energy', { radius: 10, maxExcerpts: 5 })).toHaveLength(5)
    const near = highlight('energy and energy and energy', 'energy', { radius: 10 })
    expect(near).toEqual(['<mark>energy</mark> and <mark>energy</mark> and <mark>energy</mark>'])
  })

  it('collapses whitespace, line breaks included', () => {
    expect(highlight('Line one\n\n  line   two energy', 'energy')).toEqual(['Line one line two <mark>energy</mark>'])
  })
})
