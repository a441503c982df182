import { describe, expect, it } from 'vitest'
import { cardsFor, type CardSource } from '../../../server/atomizer/cards'
import { analyze } from '../../../server/atomizer/nlp/analyze'

const source = (text: string, extra: Partial<CardSource> = {}): CardSource => ({
  title: 'Cells', type: 'concept', text, sentences: analyze(text).sentences, definitions: [], terms: [], steps: [], ...extra,
})

describe('review cards', () => {
  it('turn definitions into term → definition cards and key terms into cloze deletions', () => {
    const cards = cardsFor(source('The cell membrane is a thin barrier that surrounds the cell. Cells divide often.', {
      definitions: [{ term: 'cell membrane', key: 'cell membrane', meaning: 'a thin barrier that surrounds the cell', kind: 'copula' }],
      terms: ['cell membrane'],
    }))
    expect(cards).toContainEqual({ type: 'definition', front: 'cell membrane', back: 'a thin barrier that surrounds the cell' })
    expect(cards).toContainEqual({ type: 'cloze', front: 'The […] is a thin barrier that surrounds the cell.', back: 'cell membrane' })
  })

  it('make ordered steps for procedures and question → answer cards for exercises', () => {
    const steps = cardsFor(source('Heat the water. Add the salt.', { type: 'procedure', title: 'Making brine', steps: ['Heat the water', 'Add the salt'] }))
    expect(steps).toEqual([{ type: 'steps', front: 'What are the steps of: Making brine?', back: '1. Heat the water\n2. Add the salt', steps: ['Heat the water', 'Add the salt'] }])
    const qa = cardsFor(source('Q: What is the unit of life?\nA: The cell.\nQ: Where is DNA kept?\nA: In the nucleus.', { type: 'exercise' }))
    expect(qa).toEqual([
      { type: 'qa', front: 'What is the unit of life?', back: 'The cell.' },
      { type: 'qa', front: 'Where is DNA kept?', back: 'In the nucleus.' },
    ])
  })

  it('drop trivial and duplicate cards', () => {
    const cards = cardsFor(source('Osmosis is osmosis.', {
      definitions: [
        { term: 'osmosis', key: 'osmosis', meaning: 'osmosis', kind: 'copula' },
        { term: 'diffusion', key: 'diffusion', meaning: 'the spread of particles', kind: 'copula' },
        { term: 'diffusion', key: 'diffusion', meaning: 'the spread of particles', kind: 'glossary' },
      ],
      terms: ['osmosis'],
    }))
    expect(cards).toEqual([{ type: 'definition', front: 'diffusion', back: 'the spread of particles' }])
  })

  it('make no definition card whose back is a sentence of the text\'s story rather than a meaning', () => {
    const cards = cardsFor(source('Judicial review lets courts strike down laws.', {
      definitions: [
        { term: 'judicial review', key: 'judicial review', meaning: 'Later, in an 1803 case, the Court established its authority to rule on laws', kind: 'called' },
        { term: 'third party', key: 'third party', meaning: 'In 1912, a former president formed a new party', kind: 'called' },
        { term: 'bail', key: 'bail', meaning: 'a payment of money that lets an accused person go free until trial', kind: 'copula' },
        { term: 'carcinoma', key: 'carcinoma', meaning: 'Cancers derived from epithelial cells', kind: 'called' },
      ],
    }))
    expect(cards.filter(card => card.type === 'definition').map(card => card.front)).toEqual(['bail', 'carcinoma'])
  })

  it('blank a key term as the sentence writes it, never in a citation, a caption or a review question', () => {
    const text = 'Retrieval cues are hints that help memory. The more links you have, the easier recall is (Tulving, 1972). Figure 2.1 Links are shown as lines between nodes.\n\nQuestion: A node is linked to ________.\nAnswer: other nodes'
    const cards = cardsFor(source(text, { terms: ['retrieval cue', 'link', 'Tulving', 'node'] }))
    expect(cards).toContainEqual({ type: 'cloze', front: '[…] are hints that help memory.', back: 'Retrieval cues' })
    expect(cards).toContainEqual({ type: 'cloze', front: 'The more […] you have, the easier recall is (Tulving, 1972).', back: 'links' })
    expect(cards.some(card => card.back === 'Tulving' || card.back === 'node')).toBe(false)
    expect(cards).toContainEqual({ type: 'qa', front: 'A node is linked to ________.', back: 'other nodes' })
  })

  it('never ask about a label, a pronoun or an undefined generic word', () => {
    const cards = cardsFor(source('Figure 2 is a diagram of the process that a cell uses. The process is slow and it is costly.', {
      definitions: [{ term: 'Figure 2', key: 'figure 2', meaning: 'a diagram of the process that a cell uses', kind: 'glossary' }],
      terms: ['Figure 2', 'process', 'it'],
    }))
    expect(cards).toEqual([])
  })
})
