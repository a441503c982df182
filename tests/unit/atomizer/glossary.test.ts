import { beforeAll, describe, expect, it } from 'vitest'
import type { Atom } from '../../../shared/schemas/atom'
import type { TermLabel } from '../../../shared/schemas/glossary'
import { atomizeCollection, type EngineDocument } from '../../../server/atomizer/engine'
import { applyCorrections, correctionsOf, glossaryOf, noCorrections, rankedFromAtoms } from '../../../server/atomizer/glossary'
import { renderMarkdown } from '../../../server/atomizer/render'

const chapter = `# Cells

## The membrane

The cell membrane is a thin barrier that surrounds every cell and controls what enters and leaves it. Water crosses the cell membrane by osmosis, and pumps in the membrane move ions.

## Osmosis

Osmosis is the diffusion of water across a membrane from a dilute solution to a concentrated one. Osmosis keeps plant cells firm, and every cell membrane allows osmosis.

## Active transport

Active transport is the movement of a substance against its concentration gradient, which costs energy. Pumps in the cell membrane carry out active transport, and osmosis alone never could.
`

let document: EngineDocument
let atoms: Atom[]

beforeAll(async () => {
  [document] = await atomizeCollection([{ key: 'doc', format: 'markdown', data: new TextEncoder().encode(chapter) }], { minWords: 5, maxWords: 200 }) as [EngineDocument]
  atoms = document.atoms.map(atom => ({ ...atom, documentId: 'doc', html: renderMarkdown(atom.body) }))
})

const label = (overrides: Partial<TermLabel>): TermLabel => ({
  documentId: 'doc', atomId: 'a', term: 'osmosis', key: 'osmosis', change: 'added', definition: null, previousDefinition: null,
  text: '', userId: 'u', at: '2026-03-02T04:00:00.000Z', ...overrides,
})
const keysOf = (atom: Atom) => atom.terms.map(term => term.key)
const byTitle = (list: Atom[], title: string) => list.find(atom => atom.title === title)!
const cardTerms = (atom: Atom) => atom.cards.map(card => card.type === 'cloze' ? card.back.toLowerCase() : card.front.toLowerCase())

describe('the engine\'s glossary', () => {
  it('ranks key terms best first with scores in 0..1, each with its definition and the atom defining it', () => {
    const { glossary } = document
    expect(glossary.map(term => term.term)).toEqual(document.keyTerms)
    expect(glossary.map(term => term.key)).toEqual(['cell membrane', 'osmosis', 'active transport', 'cell', 'water', 'pump'])
    expect(glossary[0]).toMatchObject({ key: 'cell membrane', score: 1, atomId: byTitle(atoms, 'The membrane').id })
    expect(glossary[0]!.definition).toMatch(/^a thin barrier/)
    expect(glossary.find(term => term.key === 'osmosis')).toMatchObject({ atomId: byTitle(atoms, 'Osmosis').id, definition: expect.stringMatching(/^the diffusion of water/) })
    for (const term of glossary) {
      expect(term.score).toBeGreaterThan(0)
      expect(term.score).toBeLessThanOrEqual(1)
    }
    expect(glossary.map(term => term.score)).toEqual([...glossary.map(term => term.score)].sort((a, b) => b - a))
    // Without a definition, a term names the first atom that uses it.
    expect(glossary.find(term => term.key === 'water')).toMatchObject({ definition: null, atomId: atoms[0]!.id })
  })

  it('reads a ranking off atoms\' terms for documents stored without one: by how many atoms carry each', () => {
    const ranked = rankedFromAtoms(atoms)
    expect(ranked[0]).toEqual({ term: 'cell membrane', key: 'cell membrane', score: 1 })
    expect(ranked.find(term => term.key === 'active transport')!.score).toBeCloseTo(1 / 3)
  })
})

describe('authors\' corrections', () => {
  it('take the latest word on each term, and on each atom\'s definition of it', () => {
    const corrections = correctionsOf([
      label({ key: 'water', term: 'water', change: 'removed' }),
      label({ key: 'pump', term: 'pumps', change: 'removed' }),
      label({ key: 'pump', term: 'pumps', change: 'added', atomId: 'b' }),
      label({ key: 'osmosis', change: 'defined', definition: 'first try' }),
      label({ key: 'osmosis', change: 'defined', definition: 'water crossing a membrane' }),
      label({ key: 'osmosis', change: 'defined', atomId: 'c', definition: null, previousDefinition: 'x' }),
      label({ key: 'water', term: 'water', change: 'defined', definition: 'H2O' }),
    ])
    expect([...corrections.removed]).toEqual(['water'])
    expect([...corrections.added]).toEqual([['pump', { term: 'pumps', atomId: 'b' }]])
    expect(corrections.definitions).toEqual([
      { atomId: 'a', key: 'osmosis', term: 'osmosis', meaning: 'water crossing a membrane' },
      { atomId: 'c', key: 'osmosis', term: 'osmosis', meaning: null },
    ])
  })

  it('change nothing when there are none', () => {
    expect(applyCorrections(atoms, noCorrections())).toEqual([])
    expect(glossaryOf(atoms, document.glossary)).toEqual(document.glossary)
  })

  it('take a removed term out of every atom, with its definitions and cards, and out of the glossary', () => {
    const corrections = correctionsOf([label({ key: 'cell membrane', term: 'cell membrane', change: 'removed' })])
    const changed = applyCorrections(atoms, corrections)
    expect(changed.map(atom => atom.title).sort()).toEqual(['Active transport', 'Osmosis', 'The membrane'])
    for (const atom of changed) {
      expect(keysOf(atom)).not.toContain('cell membrane')
      expect(atom.definitions.map(definition => definition.term)).not.toContain('cell membrane')
      expect(cardTerms(atom)).not.toContain('cell membrane')
      // Only terms, definitions and cards change: the text, and so its difficulty, stay.
      const before = atoms.find(other => other.id === atom.id)!
      expect({ ...atom, terms: [], definitions: [], cards: [] }).toEqual({ ...before, terms: [], definitions: [], cards: [] })
    }
    expect(byTitle(changed, 'Osmosis').cards).toEqual(byTitle(atoms, 'Osmosis').cards)
    const glossary = glossaryOf(atoms.map(atom => changed.find(other => other.id === atom.id) ?? atom), document.glossary, corrections)
    expect(glossary.map(term => term.key)).not.toContain('cell membrane')
    expect(glossary).toHaveLength(document.glossary.length - 1)
  })

  it('put an added term on every atom that uses it and on the atom it was added to, scored 1 in the glossary', () => {
    const membrane = byTitle(atoms, 'The membrane')
    const corrections = correctionsOf([
      label({ key: 'concentration gradient', term: 'concentration gradient', atomId: byTitle(atoms, 'Active transport').id }),
      label({ key: 'semipermeable barrier', term: 'semipermeable barrier', atomId: membrane.id }),
    ])
    const changed = applyCorrections(atoms, corrections)
    expect(changed.map(atom => atom.title).sort()).toEqual(['Active transport', 'The membrane'])
    expect(keysOf(byTitle(changed, 'Active transport'))).toContain('concentration gradient')
    expect(keysOf(byTitle(changed, 'The membrane'))).toEqual([...keysOf(membrane), 'semipermeable barrier'])
    const after = atoms.map(atom => changed.find(other => other.id === atom.id) ?? atom)
    const glossary = glossaryOf(after, document.glossary, corrections)
    // Added terms score 1, as the best term does, and the list stays best first.
    expect(glossary.filter(term => ['concentration gradient', 'semipermeable barrier'].includes(term.key)).map(term => term.score)).toEqual([1, 1])
    expect(glossary[0]!.score).toBe(1)
    expect(glossary.map(term => term.score)).toEqual([...glossary.map(term => term.score)].sort((a, b) => b - a))
    expect(glossary.find(term => term.key === 'concentration gradient')).toMatchObject({ definition: null, atomId: byTitle(atoms, 'Active transport').id })
  })

  it('give a term the author\'s definition, with a card, and point every atom using it at the atom defining it', () => {
    const transport = byTitle(atoms, 'Active transport')
    const corrections = correctionsOf([label({ key: 'pump', term: 'pumps', change: 'defined', atomId: transport.id, definition: 'proteins that carry ions across a membrane' })])
    const changed = applyCorrections(atoms, corrections)
    const defined = byTitle(changed, 'Active transport')
    expect(defined.definitions).toContainEqual({ term: 'pumps', meaning: 'proteins that carry ions across a membrane' })
    expect(defined.cards).toContainEqual({ type: 'definition', front: 'pumps', back: 'proteins that carry ions across a membrane' })
    for (const atom of changed) expect(atom.terms.find(term => term.key === 'pump')?.definedBy).toBe(transport.id)
    const glossary = glossaryOf(atoms.map(atom => changed.find(other => other.id === atom.id) ?? atom), document.glossary, corrections)
    expect(glossary.find(term => term.key === 'pump')).toMatchObject({ definition: 'proteins that carry ions across a membrane', atomId: transport.id })
  })

  it('strike an atom\'s definition, and replace one the atom found', () => {
    const osmosis = byTitle(atoms, 'Osmosis')
    const struck = correctionsOf([label({ key: 'osmosis', change: 'defined', atomId: osmosis.id, definition: null, previousDefinition: 'the diffusion of water' })])
    const changed = applyCorrections(atoms, struck)
    const without = changed.find(atom => atom.id === osmosis.id)!
    expect(without.definitions).toEqual([])
    expect(without.cards.filter(card => card.type === 'definition')).toEqual([])
    // No atom defines it any more: none points at one.
    for (const atom of changed) expect(atom.terms.find(term => term.key === 'osmosis')!.definedBy).toBeUndefined()
    const glossary = glossaryOf(atoms.map(atom => changed.find(other => other.id === atom.id) ?? atom), document.glossary, struck)
    expect(glossary.find(term => term.key === 'osmosis')).toMatchObject({ definition: null, atomId: atoms[0]!.id })

    const replaced = correctionsOf([label({ key: 'osmosis', change: 'defined', atomId: osmosis.id, definition: 'water crossing a membrane' })])
    const corrected = applyCorrections(atoms, replaced).find(atom => atom.id === osmosis.id)!
    expect(corrected.definitions).toEqual([{ term: 'Osmosis', meaning: 'water crossing a membrane' }])
  })

  it('follow a definition to the first atom with its term when its own atom is gone', () => {
    const corrections = correctionsOf([label({ key: 'water', term: 'water', change: 'defined', atomId: 'merged-away', definition: 'H2O' })])
    const [first] = applyCorrections(atoms, corrections)
    expect(first!.id).toBe(atoms[0]!.id)
    expect(first!.definitions).toContainEqual({ term: 'water', meaning: 'H2O' })
  })
})
