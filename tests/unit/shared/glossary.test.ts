import { describe, expect, it } from 'vitest'
import { atomPatchSchema } from '../../../shared/schemas/atom-edit'
import { documentGlossarySchema, type GlossaryEntry } from '../../../shared/schemas/glossary'
import { dueQuerySchema } from '../../../shared/schemas/study'
import { glossaryMatches, looseTermKey, mergeGlossaries, termCardFilter } from '../../../shared/utils/glossary'

const entry = (overrides: Partial<GlossaryEntry>): GlossaryEntry => ({
  term: 'osmosis', key: 'osmosis', score: 0.5, definition: null, atomId: 'a1', atomTitle: 'Osmosis', documentId: 'd1', documentTitle: 'Cells', ...overrides,
})

describe('glossary helpers', () => {
  it('compare terms by a loose key: case, articles, punctuation and plurals aside', () => {
    expect(looseTermKey('The Cell Membranes')).toBe('cell membrane')
    expect(looseTermKey('“cell membrane”')).toBe('cell membrane')
    expect(looseTermKey('an enzyme')).toBe('enzyme')
    expect(looseTermKey('Mitochondria')).toBe(looseTermKey('mitochondria'))
    expect(looseTermKey('stories')).toBe('story')
    expect(looseTermKey('boxes')).toBe('box')
    expect(looseTermKey('osmosis')).toBe('osmosis')
    expect(looseTermKey('  ')).toBe('')
  })

  it('pick the cards of some terms: definition cards by their front, cloze cards by their answer', () => {
    const wanted = termCardFilter(['cell membrane', 'Osmosis'])
    expect(wanted({ type: 'definition', front: 'Cell membranes', back: 'a thin barrier' })).toBe(true)
    expect(wanted({ type: 'cloze', front: '[…] moves water.', back: 'osmosis' })).toBe(true)
    expect(wanted({ type: 'cloze', front: 'The cell membrane lets […] through.', back: 'water' })).toBe(false)
    expect(wanted({ type: 'definition', front: 'Diffusion', back: 'spreading out' })).toBe(false)
    expect(wanted({ type: 'qa', front: 'What is osmosis?', back: 'Diffusion of water.' })).toBe(false)
    expect(termCardFilter(undefined)({ type: 'qa', front: 'Any?', back: 'Yes.' })).toBe(true)
    expect(termCardFilter([])({ type: 'steps', front: 'Order', back: 'a\nb' })).toBe(true)
  })

  it('merge documents\' glossaries: each term once, defined entries first, then the higher score, then the older document', () => {
    const merged = mergeGlossaries([
      [entry({ score: 0.9 }), entry({ term: 'water', key: 'water', score: 0.3 }), entry({ term: 'pump', key: 'pump', score: 0.2, definition: 'moves ions' })],
      [entry({ score: 0.4, definition: 'diffusion of water', documentId: 'd2' }), entry({ term: 'water', key: 'water', score: 0.6, documentId: 'd2' }),
        entry({ term: 'pump', key: 'pump', score: 0.8, definition: 'a protein', documentId: 'd2' }), entry({ term: 'cell', key: 'cell', score: 0.3, documentId: 'd2' })],
    ])
    expect(merged.map(item => [item.key, item.documentId])).toEqual([['pump', 'd2'], ['water', 'd2'], ['osmosis', 'd2'], ['cell', 'd2']])
    expect(mergeGlossaries([[entry({ score: 0.5 })], [entry({ score: 0.5, documentId: 'd2' })]])[0]!.documentId).toBe('d1')
    expect(mergeGlossaries([])).toEqual([])
  })

  it('match what a reader types against terms and definitions, every word, any case', () => {
    const osmosis = entry({ definition: 'The diffusion of water across a membrane' })
    expect(glossaryMatches(osmosis, 'OSMO')).toBe(true)
    expect(glossaryMatches(osmosis, 'water membrane')).toBe(true)
    expect(glossaryMatches(osmosis, 'water sugar')).toBe(false)
    expect(glossaryMatches(entry({}), 'water')).toBe(false)
    expect(glossaryMatches(entry({}), '  ')).toBe(true)
  })
})

describe('glossary schemas', () => {
  it('take definitions in an atom patch, an empty meaning striking one', () => {
    expect(atomPatchSchema.parse({ definitions: [{ term: ' osmosis ', meaning: ' water crossing a membrane ' }, { term: 'pump', meaning: '' }] }))
      .toEqual({ definitions: [{ term: 'osmosis', meaning: 'water crossing a membrane' }, { term: 'pump', meaning: '' }] })
    expect(atomPatchSchema.safeParse({ definitions: [{ term: '', meaning: 'x' }] }).success).toBe(false)
    expect(atomPatchSchema.safeParse({ definitions: [{ term: 'pump', meaning: 'x'.repeat(1001) }] }).success).toBe(false)
    expect(atomPatchSchema.safeParse({}).error?.issues[0]?.message).toBe('give at least one of title, type, body, terms or definitions')
  })

  it('take up to 100 terms of 80 characters to study, comma-separated or repeated', () => {
    expect(dueQuerySchema.parse({ terms: 'osmosis, cell membrane' }).terms).toEqual(['osmosis', 'cell membrane'])
    expect(dueQuerySchema.parse({ terms: ['osmosis', 'water'] }).terms).toEqual(['osmosis', 'water'])
    expect(dueQuerySchema.parse({}).terms).toBeUndefined()
    expect(dueQuerySchema.safeParse({ terms: Array.from({ length: 100 }, (_, i) => `term ${i}`) }).success).toBe(true)
    expect(dueQuerySchema.safeParse({ terms: Array.from({ length: 101 }, (_, i) => `term ${i}`) }).error?.issues[0]?.message).toBe('at most 100 values')
    expect(dueQuerySchema.safeParse({ terms: ['x'.repeat(80)] }).success).toBe(true)
    expect(dueQuerySchema.safeParse({ terms: ['x'.repeat(81)] }).error?.issues[0]?.message).toBe('a term is too long')
  })

  it('describe a glossary with scores in 0..1 and nullable definitions', () => {
    expect(documentGlossarySchema.safeParse({ documentId: 'd1', title: 'Cells', items: [entry({})] }).success).toBe(true)
    expect(documentGlossarySchema.safeParse({ documentId: 'd1', title: 'Cells', items: [entry({ score: 1.5 })] }).success).toBe(false)
  })
})
