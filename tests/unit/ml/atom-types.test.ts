import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { atomizeCollection } from '../../../server/atomizer'
import { atomTypes, classifyAtom, typeFromSignals, typeSignals } from '../../../server/atomizer/nlp/classify'
import { createSqliteStore } from '../../../server/drivers/store/sqlite'
import { loadTypeClassifier } from '../../../server/ml/atom-types/classifier'
import { classifyInputOf, heldOutSplit, labelsFromStore, readLabelledSet } from '../../../server/ml/atom-types/dataset'
import { compareWithRules } from '../../../server/ml/atom-types/evaluate'
import { featureSize, typeFeatures } from '../../../server/ml/atom-types/features'
import { accuracy, macroF1 } from '../../../server/ml/metrics'
import { modelsRoot } from '../../../server/ml/models'

const labelled = await readLabelledSet(join(modelsRoot(), 'data', 'atom-types.jsonl'))

describe('the labelled set', () => {
  it('has a few hundred atoms of every type, with unique ids', () => {
    expect(labelled.length).toBeGreaterThanOrEqual(300)
    expect(new Set(labelled.map(record => record.id)).size).toBe(labelled.length)
    for (const type of atomTypes) expect(labelled.filter(record => record.type === type).length, type).toBeGreaterThanOrEqual(15)
  })

  it('holds out the same seeded 20 % of each type every time, apart from the training part', () => {
    const { train, heldOut } = heldOutSplit(labelled, 7)
    expect(heldOutSplit(labelled, 7).heldOut.map(record => record.id)).toEqual(heldOut.map(record => record.id))
    expect(heldOutSplit(labelled, 8).heldOut.map(record => record.id)).not.toEqual(heldOut.map(record => record.id))
    expect(train.length + heldOut.length).toBe(labelled.length)
    expect(train.some(record => heldOut.includes(record))).toBe(false)
    for (const type of atomTypes) {
      const all = labelled.filter(record => record.type === type).length
      expect(heldOut.filter(record => record.type === type).length).toBe(Math.round(all * 0.2))
    }
  })
})

describe('authors\' corrections', () => {
  it('become labelled atoms for retraining, the newest label of each atom winning', async () => {
    const store = createSqliteStore(':memory:')
    const label = { documentId: 'd1', userId: 'u1', previousType: 'concept' as const }
    await store.typeLabels.append({ ...label, atomId: 'a1', text: 'Osmosis is the diffusion of water.', type: 'fact', at: '2026-01-01T00:00:00Z' })
    await store.typeLabels.append({ ...label, atomId: 'a1', text: 'Osmosis is the diffusion of water.', type: 'definition', at: '2026-01-02T00:00:00Z' })
    await store.typeLabels.append({ ...label, atomId: 'a2', text: 'Add the acid. Stir. Heat gently.', type: 'procedure', at: '2026-01-03T00:00:00Z' })
    const records = await labelsFromStore(store)
    expect(records).toEqual([
      { id: 'author:a1', source: 'author', title: '', trail: [], body: 'Osmosis is the diffusion of water.', type: 'definition' },
      { id: 'author:a2', source: 'author', title: '', trail: [], body: 'Add the acid. Stir. Heat gently.', type: 'procedure' },
    ])
    const input = await classifyInputOf(records[1]!)
    expect(input.analysis.sentences).toHaveLength(3)
    await store.close()
  })
})

describe('type features', () => {
  it('are the rules\' own signals, so the rules decide exactly as before', async () => {
    const input = await classifyInputOf({ id: 'x', source: 'written', title: 'Review questions', trail: [], body: 'Q: What is a cell? A: The unit of life.', type: 'exercise' })
    expect(typeFromSignals(typeSignals(input))).toBe(classifyAtom(input))
    expect(classifyAtom(input)).toBe('exercise')
  })

  it('have a fixed length and the same values for the same atom', async () => {
    const input = await classifyInputOf(labelled[0]!)
    const features = typeFeatures(input)
    expect(features).toHaveLength(featureSize)
    expect(typeFeatures(input)).toEqual(features)
    expect(features.some(value => Number.isNaN(value))).toBe(false)
  })
})

describe('metrics', () => {
  it('computes accuracy and macro-F1', () => {
    expect(accuracy(['a', 'b', 'b', 'c'], ['a', 'b', 'c', 'c'])).toBe(0.75)
    // F1: a = 1, b = 2/3, c = 2/3.
    expect(macroF1(['a', 'b', 'b', 'c'], ['a', 'b', 'c', 'c'])).toBeCloseTo((1 + 2 / 3 + 2 / 3) / 3, 10)
  })
})

describe('the built-in type model', () => {
  it('loads once and beats the rules alone on the held-out split', async () => {
    const classifier = await loadTypeClassifier()
    expect(await loadTypeClassifier()).toBe(classifier)
    const { heldOut } = heldOutSplit(labelled, 7)
    const scores = await compareWithRules(classifier, heldOut)
    expect(scores.model.accuracy).toBeGreaterThan(scores.rules.accuracy)
    expect(scores.model.macroF1).toBeGreaterThan(scores.rules.macroF1)
  })

  it('types the atoms of a document when the engine is given a typer', async () => {
    const markdown = '# Cells\n\nThe diffusion of water across a membrane is called osmosis. Water moves towards the saltier side.\n\n## Review questions\n\nQ: What is osmosis? A: The diffusion of water across a membrane.\n'
    const calls: number[] = []
    const [result] = await atomizeCollection([{ key: 'doc', format: 'markdown', data: new TextEncoder().encode(markdown) }], {
      minWords: 5, maxWords: 300,
      typeAtoms: async (inputs) => {
        calls.push(inputs.length)
        return inputs.map(() => 'fact' as const)
      },
    })
    expect(calls).toEqual([result!.atoms.length])
    expect(result!.atoms.map(atom => atom.type)).toEqual(result!.atoms.map(() => 'fact'))
  })
})
