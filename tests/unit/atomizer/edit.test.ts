import { describe, expect, it } from 'vitest'
import type { Atom } from '../../../shared/schemas/atom'
import { atomMergeSchema, atomPatchSchema, atomSplitSchema } from '../../../shared/schemas/atom-edit'
import {
  AtomEditError, mergeTwoAtoms, paragraphBoundaries, rebuildAtom, redirectLinks, sanitizeMarkdown, splitAtomInTwo, splitBody, titleFromBody,
} from '../../../server/atomizer/edit'
import { splitOffId } from '../../../server/atomizer/ids'

const photosynthesis = 'Photosynthesis is the process by which green plants turn light energy into chemical energy stored in glucose.'
const chlorophyll = 'Chlorophyll absorbs red and blue light in the thylakoid membranes, and the energy splits water into oxygen and hydrogen.'

function atom(overrides: Partial<Atom> = {}): Atom {
  const body = `${photosynthesis}\n\n${chlorophyll}`
  return rebuildAtom({
    id: 'atom-a', documentId: 'doc', order: 0, title: 'Photosynthesis', type: 'concept', body, html: '', text: '',
    headingTrail: ['Plants', 'Photosynthesis'], wordCount: 0, readingTimeSec: 0, difficulty: 0, difficultyLabel: 'easy',
    terms: [{ term: 'photosynthesis', key: 'photosynthesis', definedBy: 'atom-a' }, { term: 'chlorophyll', key: 'chlorophyll' }],
    definitions: [], prerequisites: ['atom-p'], related: [{ id: 'atom-r', score: 0.4 }], cards: [],
    source: { start: 100, end: 400 }, ...overrides,
  }, { body: overrides.body ?? body })
}

describe('rebuilding an edited atom', () => {
  it('renders sanitized HTML and recomputes text, words, reading time and cards from the body', () => {
    const edited = rebuildAtom(atom(), { body: 'Osmosis is the movement of water across a membrane from a dilute solution to a concentrated one.\n\n<script>alert(1)</script>\n\nHello <b onclick="x()">there</b> <img src=x onerror=alert(1)>.' })
    expect(edited.id).toBe('atom-a')
    expect(edited.html).not.toMatch(/<script|onerror|onclick|alert/i)
    expect(edited.body).not.toMatch(/<script|<b|onerror/i)
    expect(edited.html).toContain('Osmosis')
    expect(edited.text).toContain('Osmosis is the movement of water')
    expect(edited.wordCount).toBeGreaterThan(15)
    expect(edited.readingTimeSec).toBeGreaterThanOrEqual(5)
    // Terms the new body no longer uses go, and their definitions with them.
    expect(edited.terms).toEqual([])
    expect(edited.definitions).toEqual([])
  })

  it('keeps terms the author gives, with what defines them, and builds definition cards for them', () => {
    const before = atom()
    const edited = rebuildAtom(before, { terms: ['photosynthesis', 'glucose'] })
    expect(edited.terms.map(term => term.term)).toEqual(['photosynthesis', 'glucose'])
    expect(edited.terms[0]!.definedBy).toBe('atom-a')
    expect(edited.definitions.map(definition => definition.term.toLowerCase())).toContain('photosynthesis')
    expect(edited.cards.some(card => card.type === 'definition' && card.front.toLowerCase() === 'photosynthesis')).toBe(true)
  })

  it('changes only title and type when only they are given', () => {
    const before = atom()
    const edited = rebuildAtom(before, { title: 'Light into sugar', type: 'definition' })
    expect(edited).toEqual({ ...before, title: 'Light into sugar', type: 'definition', cards: edited.cards })
  })

  it('keeps code blocks whole while removing raw HTML elsewhere', () => {
    expect(sanitizeMarkdown('Use `<b>` for bold <i>really</i>.\n\n```html\n<script>x</script>\n```')).toBe('Use `<b>` for bold really.\n\n```html\n<script>x</script>\n```')
  })
})

describe('splitting an atom', () => {
  const body = `${photosynthesis}\n\n${chlorophyll}`
  const boundary = photosynthesis.length + 2

  it('accepts only offsets at paragraph boundaries, with text on both sides', () => {
    expect(splitBody(body, boundary)).toEqual([photosynthesis, chlorophyll])
    expect(splitBody(body, boundary - 1)).toEqual([photosynthesis, chlorophyll])
    expect(paragraphBoundaries(body)).toEqual([boundary])
    for (const offset of [1, 10, boundary + 3, body.length, body.length + 10]) {
      expect(() => splitBody(body, offset)).toThrow(AtomEditError)
    }
    expect(() => splitBody(body, 5)).toThrow(/paragraph boundary/)
    expect(paragraphBoundaries('Intro.\n\n```\ncode\n\nmore code\n```\n\nAfter.')).toEqual([8, 33])
  })

  it('keeps the id, title and place for the first part; the second gets a deterministic new id and a title of its own', () => {
    const original = atom()
    const [first, second] = splitAtomInTwo(original, boundary)
    expect(first).toMatchObject({ id: 'atom-a', order: 0, title: 'Photosynthesis', body: photosynthesis })
    expect(second).toMatchObject({ order: 1, body: chlorophyll, title: 'Chlorophyll absorbs red and blue light in the…', documentId: 'doc' })
    expect(second.id).toBe(splitOffId('atom-a', chlorophyll))
    expect(second.id).not.toBe('atom-a')
    expect(splitAtomInTwo(original, boundary)[1].id).toBe(second.id)
    expect(first.terms.map(term => term.key)).toEqual(['photosynthesis'])
    expect(second.terms.map(term => term.key)).toEqual(['chlorophyll'])
    expect(second.prerequisites).toEqual(['atom-p'])
    expect(first.source.end).toBe(second.source.start)
    // An id already in use is never given out again.
    expect(splitAtomInTwo(original, boundary, id => id === second.id)[1].id).not.toBe(second.id)
  })

  it('titles the second part by its first heading', () => {
    expect(titleFromBody('## Light reactions\n\nChlorophyll absorbs light.')).toBe('Light reactions')
    expect(titleFromBody('Short text.')).toBe('Short text')
  })
})

describe('merging atoms', () => {
  it('joins bodies and unites terms, definitions and links without duplicates or links to themselves', () => {
    const first = atom({ body: photosynthesis, related: [{ id: 'atom-b', score: 0.9 }, { id: 'atom-r', score: 0.4 }] })
    const second = atom({
      id: 'atom-b', order: 1, body: chlorophyll, terms: [{ term: 'chlorophyll', key: 'chlorophyll', definedBy: 'atom-b' }],
      prerequisites: ['atom-a', 'atom-p', 'atom-q'], related: [{ id: 'atom-r', score: 0.7 }],
    })
    const merged = mergeTwoAtoms(first, second)
    expect(merged).toMatchObject({ id: 'atom-a', order: 0, title: 'Photosynthesis', body: `${photosynthesis}\n\n${chlorophyll}` })
    expect(merged.terms).toEqual([
      { term: 'photosynthesis', key: 'photosynthesis', definedBy: 'atom-a' }, { term: 'chlorophyll', key: 'chlorophyll', definedBy: 'atom-a' },
    ])
    expect(merged.prerequisites).toEqual(['atom-p', 'atom-q'])
    expect(merged.related).toEqual([{ id: 'atom-r', score: 0.7 }])
    expect(merged.wordCount).toBe(first.wordCount + second.wordCount)
    expect(merged.html).toContain('<p>Chlorophyll')
  })

  it('points links to a removed atom at the one that took it in', () => {
    const other = atom({ id: 'atom-c', prerequisites: ['atom-a', 'atom-b'], related: [{ id: 'atom-b', score: 0.3 }, { id: 'atom-a', score: 0.5 }],
      terms: [{ term: 'chlorophyll', key: 'chlorophyll', definedBy: 'atom-b' }] })
    const relinked = redirectLinks(other, 'atom-b', 'atom-a')
    expect(relinked.prerequisites).toEqual(['atom-a'])
    expect(relinked.related).toEqual([{ id: 'atom-a', score: 0.5 }])
    expect(relinked.terms[0]!.definedBy).toBe('atom-a')
  })
})

describe('edit schemas', () => {
  it('check patches, splits and merges', () => {
    expect(atomPatchSchema.safeParse({}).success).toBe(false)
    expect(atomPatchSchema.safeParse({ title: '' }).success).toBe(false)
    expect(atomPatchSchema.safeParse({ title: 'x'.repeat(201) }).success).toBe(false)
    expect(atomPatchSchema.safeParse({ body: 'x'.repeat(50_001) }).success).toBe(false)
    expect(atomPatchSchema.safeParse({ body: '   ' }).success).toBe(false)
    expect(atomPatchSchema.safeParse({ type: 'poem' }).success).toBe(false)
    expect(atomPatchSchema.safeParse({ terms: Array.from({ length: 51 }, (_, i) => `t${i}`) }).success).toBe(false)
    expect(atomPatchSchema.safeParse({ terms: [] }).success).toBe(true)
    expect(atomPatchSchema.safeParse({ title: 'New', type: 'fact', body: 'Text.', terms: ['a'] }).success).toBe(true)
    expect(atomSplitSchema.safeParse({ offset: 0 }).success).toBe(false)
    expect(atomSplitSchema.safeParse({ offset: 1.5 }).success).toBe(false)
    expect(atomMergeSchema.safeParse({ ids: ['a', 'a'] }).success).toBe(false)
    expect(atomMergeSchema.safeParse({ ids: ['a'] }).success).toBe(false)
    expect(atomMergeSchema.safeParse({ ids: ['a', 'b'] }).success).toBe(true)
  })
})
