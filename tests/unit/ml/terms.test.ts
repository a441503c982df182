import { describe, expect, it } from 'vitest'
import { atomizeCollection } from '../../../server/atomizer'
import { newStats } from '../../../server/atomizer/nlp/terms'
import { modelsRoot } from '../../../server/ml/models'
import { containment, Lexicon, termFeatures, termFeatureSize } from '../../../server/ml/terms/features'
import { keyTermCount, loadTermModel } from '../../../server/ml/terms/scorer'
import { createTermScorer } from '../../../server/ml/terms/selector'
import { goldKeys, meaningAgrees, meaningMatches, readTextbooks, renderSection, textbooksFolder } from '../../../server/ml/terms/textbooks'

const chapter = `# Chemical Bonds

Atoms link by forming a chemical bond. A **bond** is a weak or strong electrical attraction that holds atoms
in the same vicinity. A stable grouping of two or more atoms held together by chemical bonds is called a
**molecule**. An atom that has an electrical charge is an **ion**. A positively charged ion is known as a
**cation**, and a negatively charged ion is called an **anion**.

**Figure 2.7** Ions form when atoms gain or lose electrons (see Figure 2.7).

## Ionic Bonds

An **ionic bond** is an attraction between ions of opposite charges. Sodium gives up an electron and chlorine
takes it, so sodium becomes a cation and chlorine an anion; the ionic bond between them makes table salt.
Ionic bonds are weaker than covalent bonds, which share electrons between atoms.
`

describe('the labelled textbooks', () => {
  const sections = readTextbooks(textbooksFolder(modelsRoot()))

  it('hold training and validation books of several subjects, each section with its key terms', () => {
    const subjects = (role: 'train' | 'validation') => new Set(sections.filter(section => section.role === role).map(section => section.subject))
    expect(subjects('train').size).toBeGreaterThanOrEqual(6)
    expect(subjects('validation').size).toBeGreaterThanOrEqual(3)
    expect([...subjects('validation')].some(subject => subjects('train').has(subject))).toBe(false)
    expect(sections.every(section => section.keyTerms.length >= 4)).toBe(true)
  })

  it('render with the book\'s marks and glossary, or as plain words', () => {
    const section = sections.find(candidate => candidate.glossary.length > 0 && candidate.role === 'validation')!
    const kept = renderSection(section, 'kept')
    const stripped = renderSection(section, 'stripped')
    expect(kept).toContain(`- **${section.glossary[0]!.term}**: `)
    expect(stripped).not.toMatch(/(?<!\\)\*/)
    expect(stripped).not.toContain('## Key Terms')
  })

  it('find a book\'s term by itself, without its parenthesis, and by its acronym', () => {
    expect(goldKeys('adenosine triphosphate (ATP)')).toEqual(['adenosine triphosphate atp', 'adenosine triphosphate', 'atp'])
    expect(goldKeys('greenhouse gases')).toEqual(['greenhouse gas'])
  })

  it('judge a found meaning against the glossary by stems, so other word forms of the same words count', () => {
    // The text's own wording: the earlier, word-for-word measure turns it down.
    expect(meaningMatches('A negatively charged ion', 'atom with a negative charge')).toBe(false)
    expect(meaningAgrees('A negatively charged ion', 'atom with a negative charge')).toBe(true)
    expect(meaningAgrees('the movement of air into and out of the lungs', 'movement of air into and out of the lungs; consists of inspiration and expiration')).toBe(true)
    // Fragments and meanings of something else still fail.
    expect(meaningAgrees('Many tissues lose mass through a process', 'loss of mass and function of a tissue through reduced cell size')).toBe(false)
    expect(meaningAgrees('the CSF flows into the third ventricle', 'portions of the ventricular system that are in the region of the cerebrum')).toBe(false)
    // A whole paragraph that holds the glossary's words is no definition.
    expect(meaningAgrees('When sodium gives up an electron to chlorine, the chlorine atom takes on a negative charge, the sodium a positive one, and the two are held together in a crystal of table salt that dissolves readily in water', 'atom with a negative charge')).toBe(false)
  })
})

describe('key-term features', () => {
  it('are as many as the model reads, rarer words scoring rarer', () => {
    const lexicon = new Lexicon(['the', 'time', 'cell', 'membrane'])
    expect(lexicon.rarity('the')).toBe(0)
    expect(lexicon.rarity('membranes')).toBeGreaterThan(lexicon.rarity('cells'))
    expect(lexicon.rarity('mitochondrion')).toBeGreaterThan(1)
    const all = new Map([['cell membrane', newStats('cell membrane', 0)], ['membrane', newStats('membrane', 0.1)]])
    all.get('cell membrane')!.count = 3
    all.get('membrane')!.count = 4
    const features = termFeatures(all.get('membrane')!, all, { atomCount: 1, words: 100 }, lexicon, containment(all))
    expect(features).toHaveLength(termFeatureSize)
    expect(features.every(Number.isFinite)).toBe(true)
  })
})

describe('the key-term model', () => {
  it('loads with its lexicon and its way of choosing how many', async () => {
    const model = await loadTermModel()
    expect(model.lexicon.size).toBeGreaterThan(10_000)
    expect(model.metadata.selection.alpha.plain).toBeGreaterThan(0)
  })

  it('chooses more key terms where more candidates are sure ones', () => {
    expect(keyTermCount([0.99, 0.98, 0.97, 0.95, 0.9, 0.1, 0.05, 0.01], 1)).toBe(5)
    expect(keyTermCount([0.6, 0.5, 0.2, 0.1, 0.1, 0.05, 0.05, 0.05], 1)).toBe(2)
    expect(keyTermCount([], 1)).toBe(0)
  })

  it('chooses a document\'s key terms, ranked with scores, never a figure label', async () => {
    for (const [text, expected] of [[chapter, ['ionic bond', 'cation', 'anion', 'ion']], [chapter.replace(/\*\*/g, ''), ['ionic bond', 'anion']]] as const) {
      const [document] = await atomizeCollection([{ key: 'bonds', format: 'markdown', data: new TextEncoder().encode(text) }],
        { minWords: 25, maxWords: 300, selectTerms: createTermScorer({ mlBackend: 'auto', termsModel: undefined }) })
      const ranked = document!.rankedTerms
      expect(ranked.map(term => term.term)).toEqual(document!.keyTerms)
      expect(ranked.map(term => term.score)).toEqual([...ranked.map(term => term.score)].sort((a, b) => b - a))
      expect(ranked.every(term => term.score > 0 && term.score <= 1)).toBe(true)
      expect(document!.keyTerms).toEqual(expect.arrayContaining([...expected]))
      expect(document!.keyTerms.some(term => /figure/i.test(term))).toBe(false)
    }
  })

  it('leaves the choice to the rules when the configured model is missing', async () => {
    const select = createTermScorer({ mlBackend: 'auto', termsModel: '/nonexistent/terms' })
    expect(await select(new Map(), { atomCount: 1 })).toBeUndefined()
  })
})
