import { describe, expect, it } from 'vitest'
import { analyze } from '../../../server/atomizer/nlp/analyze'
import { classifyAtom } from '../../../server/atomizer/nlp/classify'
import { definitionsIn } from '../../../server/atomizer/nlp/definitions'
import { difficultyOf, syllables } from '../../../server/atomizer/nlp/difficulty'
import { termKey } from '../../../server/atomizer/nlp/term-key'
import { termCandidates } from '../../../server/atomizer/nlp/terms'
import { emptyBlock } from '../../../server/atomizer/model'

const definitions = (text: string) => {
  const { sentences } = analyze(text)
  return sentences.flatMap((sentence, i) => definitionsIn(sentence, sentences[i - 1]))
    .map(definition => [definition.term, definition.meaning, definition.kind])
}

describe('analysis (wink-nlp)', () => {
  it('gives sentences, lemmas, parts of speech and entities', () => {
    const analysis = analyze('The plants were growing in 1903. Cells divide.')
    expect(analysis.sentences.map(s => s.text)).toEqual(['The plants were growing in 1903.', 'Cells divide.'])
    expect(analysis.sentences[0]!.tokens.map(t => t.lemma)).toEqual(['the', 'plant', 'be', 'grow', 'in', '1903', '.'])
    expect(analysis.sentences[1]!.tokens[0]!.pos).toMatch(/NOUN|PROPN/)
    expect(analysis.entities).toContainEqual({ value: '1903', type: 'DATE' })
    expect(analysis.wordCount).toBe(8)
  })
})

describe('definitions', () => {
  it('give whole meanings, never one cut mid-clause', () => {
    const { sentences } = analyze('When a molecule is made up of two or more atoms of different elements, it is called a chemical compound. The electrical activity of the charged ions is why they are also called electrolytes. The charges result in the formation of a bond of attraction called an ionic bond.')
    const found = sentences.flatMap((sentence, i) => definitionsIn(sentence, sentences[i - 1]))
    expect(found).toContainEqual(expect.objectContaining({ term: 'chemical compound', meaning: 'a molecule made up of two or more atoms of different elements' }))
    expect(found).toContainEqual(expect.objectContaining({ term: 'ionic bond', meaning: 'a bond of attraction' }))
    expect(found.some(definition => definition.term === 'electrolytes')).toBe(false)
  })

  it('recognises the ways textbooks define terms', () => {
    expect(definitions('A catalyst is a substance that speeds up a chemical reaction.')).toEqual([['catalyst', 'a substance that speeds up a chemical reaction', 'copula']])
    expect(definitions('Opportunity cost refers to the value of the next best alternative.')).toEqual([['Opportunity cost', 'the value of the next best alternative', 'refers']])
    expect(definitions('Velocity is defined as the rate of change of position.')[0]!.slice(0, 2)).toEqual(['Velocity', 'the rate of change of position'])
    expect(definitions('The process by which plants make food is called photosynthesis.')).toEqual([['photosynthesis', 'The process by which plants make food', 'called']])
    expect(definitions('Water moves across the membrane without energy. This is known as osmosis.')).toEqual([['osmosis', 'Water moves across the membrane without energy', 'called']])
    expect(definitions('Mitochondria, the powerhouses of the cell, produce most of its ATP.')).toEqual([['Mitochondria', 'the powerhouses of the cell', 'appositive']])
    expect(definitions('The membrane controls entry, a property known as selective permeability.')[0]!.slice(0, 1)).toEqual(['selective permeability'])
  })

  it('finds definitions by what a thing consists of, when it occurs or what it states, and after an opening setting', () => {
    expect(definitions('A false dilemma occurs when an arguer offers only two options although more exist.'))
      .toEqual([['false dilemma', 'occurs when an arguer offers only two options although more exist', 'verbal']])
    expect(definitions('A representative sample consists of a group whose demographic distribution is similar to that of the population.'))
      .toEqual([['representative sample', 'consists of a group whose demographic distribution is similar to that of the population', 'verbal']])
    expect(definitions('In chemistry, a polar molecule is a molecule that contains regions that have opposite electrical charges.'))
      .toEqual([['polar molecule', 'a molecule that contains regions that have opposite electrical charges', 'copula']])
    expect(definitions('A molecule that has gained an extra electron is an anion.')).toEqual([['anion', 'A molecule that has gained an extra electron', 'copula']])
    expect(definitions('The rate of return means the gain on an investment over a year.')[0]!.slice(0, 2)).toEqual(['rate of return', 'the gain on an investment over a year'])
    expect(definitions('Vapor pressure (Pv) is the pressure of a vapor in contact with its liquid.')[0]!.slice(0, 2)).toEqual(['Vapor pressure', 'the pressure of a vapor in contact with its liquid'])
    expect(definitions('Near the top lies a rounded ridge called the crest or iliac crest.').map(found => found[0])).toEqual(['crest', 'iliac crest'])
    expect(definitions('Its walls hold the cycle of Krebs, a chain of reactions that releases energy.')[0]!.slice(0, 2)).toEqual(['cycle of Krebs', 'a chain of reactions that releases energy'])
    expect(definitions('Heat brings on local swelling, the filling of the tissue with fluid.')[0]!.slice(0, 2)).toEqual(['local swelling', 'the filling of the tissue with fluid'])
    // A verb that only tells what a thing does is no definition.
    expect(definitions('The committee meets when the chair calls it.')).toEqual([])
  })

  it('takes what the sentence before "This is called X" describes, without its examples or hedge', () => {
    expect(definitions('Sometimes a cell must move a substance against its concentration gradient, for instance pumping sodium ions out of the cell. This process is called active transport.'))
      .toContainEqual(['active transport', 'a cell must move a substance against its concentration gradient', 'called'])
    // Too little left without them: the sentence stays whole.
    expect(definitions('Often cells divide, for example in the skin. This is called mitosis.'))
      .toContainEqual(['mitosis', 'Often cells divide, for example in the skin', 'called'])
  })

  it('leaves out a review question\'s label, and never cuts a case name at "v."', () => {
    expect(definitions('Answer: A cell that lacks a nucleus is called a prokaryote.')).toEqual([['prokaryote', 'A cell that lacks a nucleus', 'called']])
    expect(definitions('Question: The Supreme Court case known as Kelo v. City of New London dealt with eminent domain.')).toEqual([])
  })

  it('does not take pronouns, generic nouns or evaluations for definitions', () => {
    expect(definitions('It is a long way to the top.')).toEqual([])
    expect(definitions('The result is a mess.')).toEqual([])
    expect(definitions('This is the first step.')).toEqual([])
    expect(definitions('The answer is the same in both cases.')).toEqual([])
  })
})

describe('key-term candidates', () => {
  it('are noun phrases with their heads, singular and without generic adjectives', () => {
    const [sentence] = analyze('Several important transport proteins move ions across cell membranes.').sentences
    const keys = termCandidates(sentence!).map(candidate => candidate.key)
    expect(keys).toContain('transport protein')
    expect(keys).toContain('cell membrane')
    expect(keys).toContain('membrane')
    expect(keys.some(key => key.startsWith('important') || key.startsWith('several'))).toBe(false)
  })

  it('keep ordinals and letters that name a kind, but not a generic "first"', () => {
    const keys = (text: string) => analyze(text).sentences.flatMap(sentence => termCandidates(sentence).map(candidate => candidate.key))
    expect(keys('Newton\'s third law is famous.')).toContain('newtons third law')
    expect(keys('The First Amendment protects speech.')).toContain('first amendment')
    expect(keys('B cells make antibodies.')).toContain('b cell')
    expect(keys('First, the cell divides. The first law is here.')).not.toContain('first')
    expect(keys('The first law is here.')).not.toContain('first law')
  })

  it('normalise to one key per term', () => {
    expect(termKey('The Cell Membranes')).toBe('cell membrane')
    expect(termKey('bodies')).toBe('body')
    expect(termKey('photosynthesis')).toBe('photosynthesis')
    expect(termKey('boxes')).toBe('box')
  })
})

describe('atom type', () => {
  const input = (title: string, text: string, extra: Partial<Parameters<typeof classifyAtom>[0]> = {}) => ({
    title, trail: [title], blocks: [{ ...emptyBlock('paragraph', 0, 0), text }], analysis: analyze(text), definesKeyTerm: false, definitionCount: 0, ...extra,
  })
  it('follows headings, wording and structure', () => {
    expect(classifyAtom(input('Review questions', 'Q: What is a cell? A: The unit of life.'))).toBe('exercise')
    expect(classifyAtom(input('Summary', 'Cells are small and many things happen in them every day.'))).toBe('summary')
    expect(classifyAtom(input('Titration', 'Fill the burette with acid. Add two drops of indicator. Open the tap slowly.'))).toBe('procedure')
    expect(classifyAtom(input('Markets', 'For example, when the price of tea rises, people buy more coffee instead of tea.'))).toBe('example')
    expect(classifyAtom(input('Catalysts', 'A catalyst is a substance that speeds up a reaction.', { definesKeyTerm: true, definitionCount: 1 }))).toBe('definition')
    expect(classifyAtom(input('Revolution', 'The revolution began in 1789, ended in 1799, cost 40,000 lives and changed 25 million people in 83 departments.'))).toBe('fact')
    expect(classifyAtom(input('Markets', 'Markets bring buyers and sellers together so that prices can emerge from their many decisions.'))).toBe('concept')
  })
})

describe('difficulty', () => {
  it('rises with long sentences, long words and dense terms', () => {
    expect(syllables('photosynthesis')).toBeGreaterThanOrEqual(4)
    const easy = difficultyOf(analyze('The cat sat on the mat. It was a good cat. We like it.'), 0)
    const hard = difficultyOf(analyze('Oxidative phosphorylation, the culminating metabolic pathway of cellular respiration, utilises electrochemical gradients established across the inner mitochondrial membrane.'), 4)
    expect(easy.label).toBe('easy')
    expect(hard.label).toBe('hard')
    expect(hard.score).toBeGreaterThan(easy.score)
  })
})
