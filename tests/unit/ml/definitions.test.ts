import { describe, expect, it } from 'vitest'
import { atomizeCollection } from '../../../server/atomizer/engine'
import type { DefinitionCandidate } from '../../../server/atomizer/nlp/definitions'
import { configDefaults } from '../../../server/config'
import { definitionFeatures, definitionFeatureSize } from '../../../server/ml/definitions/features'
import { createDefinitionJudge, loadDefinitionModel } from '../../../server/ml/definitions/model'
import { definitionExamples, predictDefinitions, scoreThreshold, trainDefinitionModel } from '../../../server/ml/definitions/train'
import { modelsRoot } from '../../../server/ml/models'
import { mlRuntime } from '../../../server/ml/runtime'
import { createTermScorer } from '../../../server/ml/terms/selector'
import { readTextbooks, textbooksFolder } from '../../../server/ml/terms/textbooks'

const chapter = [
  '# Reactions',
  '',
  '## Catalysts',
  '',
  'A catalyst is a substance that speeds up a chemical reaction without being used up by it. Chemists add a catalyst when a reaction would otherwise be too slow to be useful.',
  '',
  '## Activation energy',
  '',
  'Activation energy is the minimum energy that colliding particles need for a reaction to happen. Particles that collide with less energy simply bounce apart.',
  '',
  '## Key Terms',
  '',
  '- **enzyme**: a protein that acts as a catalyst in living cells',
  '',
].join('\n')

const atomize = (judgeDefinitions?: Parameters<typeof atomizeCollection>[1]['judgeDefinitions']) =>
  atomizeCollection([{ key: 'reactions', format: 'markdown', data: new TextEncoder().encode(chapter) }], { minWords: 5, maxWords: 200, judgeDefinitions })

describe('the definitions model', () => {
  it('is shipped, reads the features this code makes and keeps a definition from its threshold', async () => {
    await mlRuntime('cpu')
    const model = await loadDefinitionModel()
    expect(model.metadata.features).toMatchObject({ featureSize: definitionFeatureSize })
    expect(model.metadata.threshold).toBeGreaterThan(0)
    expect(model.metadata.threshold).toBeLessThan(1)
    // On the training books held out to choose it, the model is more precise than keeping every definition found.
    expect(model.metadata.dev!.model.precision).toBeGreaterThan(model.metadata.dev!.rules.precision)
  })

  it('is given every definition the patterns find, with its sentence and term, and the engine keeps only those judged right', async () => {
    const seen: DefinitionCandidate[] = []
    const [all] = await atomize(async (candidates) => {
      seen.push(...candidates)
      return undefined
    })
    expect(seen.map(candidate => candidate.definition.key).sort()).toEqual(['activation energy', 'catalyst'])
    const catalyst = seen.find(candidate => candidate.definition.key === 'catalyst')!
    expect(catalyst.sentence).toMatch(/^A catalyst is a substance/)
    expect(catalyst).toMatchObject({ rank: 0, rivals: 1, sentenceCount: 2 })
    expect(catalyst.stats?.count).toBeGreaterThanOrEqual(2)
    for (const candidate of seen) {
      const features = definitionFeatures(candidate)
      expect(features).toHaveLength(definitionFeatureSize)
      for (const value of features) expect(value).toBeGreaterThanOrEqual(0)
    }
    expect(all!.atoms.flatMap(atom => atom.definitions.map(definition => definition.term)).sort()).toEqual(['Activation energy', 'catalyst', 'enzyme'])

    // A judge that rejects them all leaves the document's own glossary entries, which it is never asked about.
    const [none] = await atomize(async candidates => candidates.map(() => false))
    expect(none!.atoms.flatMap(atom => atom.definitions.map(definition => definition.term))).toEqual(['enzyme'])
    expect(none!.glossary.find(term => term.key === 'catalyst')?.definition ?? null).toBeNull()
  })

  it('tells the judge whether the text sets the term in bold where it defines it', async () => {
    const text = '# Enzymes\n\nA **catalyst** is a substance that speeds up a chemical reaction without being used up. Enzyme activity is the rate at which an enzyme converts its substrate in a cell.\n'
    const seen: DefinitionCandidate[] = []
    await atomizeCollection([{ key: 'enzymes', format: 'markdown', data: new TextEncoder().encode(text) }], { minWords: 5, maxWords: 200, judgeDefinitions: async (candidates) => {
      seen.push(...candidates)
      return undefined
    } })
    expect(Object.fromEntries(seen.map(candidate => [candidate.definition.key, candidate.emphasised]))).toEqual({ 'catalyst': true, 'enzyme activity': false })
  })

  it('keeps the definitions a teacher would, as the worker runs it; without a model every definition found is kept', async () => {
    const [judged] = await atomize(createDefinitionJudge({ mlBackend: 'cpu', definitionsModel: undefined }))
    const meanings = Object.fromEntries(judged!.atoms.flatMap(atom => atom.definitions.map(definition => [definition.term.toLowerCase(), definition.meaning])))
    expect(meanings.catalyst).toBe('a substance that speeds up a chemical reaction without being used up by it')
    expect(meanings['activation energy']).toBe('the minimum energy that colliding particles need for a reaction to happen')
    const judge = createDefinitionJudge({ mlBackend: 'cpu', definitionsModel: '/nonexistent/definitions' })
    expect(await judge([])).toBeUndefined()
  })

  it('learns from the training books: definitions labelled against the glossary, a model, and a threshold that scores them', async () => {
    await mlRuntime('cpu')
    const sections = readTextbooks(textbooksFolder(modelsRoot()), 'train').filter(section => section.glossary.length > 3).slice(0, 6)
    const examples = await definitionExamples(sections, ['stripped'], createTermScorer(configDefaults), { minWords: configDefaults.atomMinWords, maxWords: configDefaults.atomMaxWords })
    expect(examples).toHaveLength(sections.length)
    const labels = examples.flatMap(example => [...example.labels])
    expect(labels.filter(label => label === 1).length).toBeGreaterThan(0)
    expect(labels.filter(label => label === 0).length).toBeGreaterThan(0)
    const model = await trainDefinitionModel(examples, { seed: 7, epochs: 3 })
    const scores = await predictDefinitions(model, examples)
    model.dispose()
    // Keeping everything recalls every right definition; a threshold above every score keeps none.
    expect(scoreThreshold(examples, scores, 0).recall).toBe(1)
    expect(scoreThreshold(examples, scores, 1.01)).toEqual({ precision: 0, recall: 0, f1: 0 })
  }, 120_000)
})
