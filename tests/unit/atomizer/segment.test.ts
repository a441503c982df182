import { describe, expect, it } from 'vitest'
import { readMarkdown } from '../../../server/atomizer/extract/markdown'
import { readText } from '../../../server/atomizer/extract/text'
import { analyze } from '../../../server/atomizer/nlp/analyze'
import { segment } from '../../../server/atomizer/segment'
import { unitOf } from '../../../server/atomizer/segment/units'

const unitsOf = (markdown: string, reader = readMarkdown) => reader(markdown).blocks.map(block => unitOf(block, analyze(block.text)))
const firstWords = (text: string) => text.split(/\s+/).slice(0, 3).join(' ')

const volcano = 'Volcanoes erupt when magma rises through the crust. Lava flows and volcanic ash spread across the slopes of the volcano. Magma chambers feed each eruption of the volcano.'
const trade = 'Trade lets countries specialise in goods. Exports and imports balance the trade of each country. Tariffs make imported goods dearer for buyers of imports.'

describe('segmentation', () => {
  it('follows the heading structure and keeps the heading trail', () => {
    const segments = segment(unitsOf(`# Earth\n\n## Volcanoes\n\n${volcano}\n\n## Trade\n\n${trade}`), { minWords: 5, maxWords: 300 })
    expect(segments.map(s => s.trail)).toEqual([['Earth', 'Volcanoes'], ['Earth', 'Trade']])
  })

  it('splits a long unheaded text where the topic shifts, and keeps every part within the bounds', () => {
    const paragraphs = [volcano, volcano.replace('Volcanoes', 'Many volcanoes'), volcano.replace('Volcanoes', 'Active volcanoes'), trade, trade.replace('Trade', 'Free trade'), trade.replace('Trade', 'World trade')]
    const segments = segment(unitsOf(paragraphs.join('\n\n'), readText), { minWords: 20, maxWords: 90 })
    expect(segments.length).toBe(2)
    expect(firstWords(segments[1]!.units[0]!.block.text)).toBe('Trade lets countries')
    for (const part of segments) expect(part.words).toBeLessThanOrEqual(90)
  })

  it('splits an over-long paragraph at sentences and merges tiny fragments into a neighbour', () => {
    const long = Array.from({ length: 30 }, (_, i) => `Sentence number ${i} talks about rivers and the sea.`).join(' ')
    const segments = segment(unitsOf(`# Rivers\n\nTiny intro.\n\n## Flow\n\n${long}`), { minWords: 10, maxWords: 100 })
    expect(segments.every(s => s.words <= 100)).toBe(true)
    expect(segments[0]!.units[0]!.block.text).toBe('Tiny intro.')
    expect(segments[0]!.trail).toEqual(['Rivers', 'Flow'])
    expect(segments.map(s => `${s.part}/${s.parts}`)).toEqual(segments.map((_, i) => `${i + 1}/${segments.length}`))
  })
})
