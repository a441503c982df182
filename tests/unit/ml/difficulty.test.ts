import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { LayersModel } from '@tensorflow/tfjs'
import { afterAll, describe, expect, it } from 'vitest'
import { atomizeCollection } from '../../../server/atomizer'
import { analyze } from '../../../server/atomizer/nlp/analyze'
import { difficultyOf, type DifficultyInput } from '../../../server/atomizer/nlp/difficulty'
import { createLocalFileStore } from '../../../server/drivers/files/local'
import { createSqliteStore } from '../../../server/drivers/store/sqlite'
import { readLabelledSet } from '../../../server/ml/atom-types/dataset'
import { difficultyInputOf, isMeasured, readDifficultyRatings, repositoryExamples, splitExamples, storeExamples, storeReviews } from '../../../server/ml/difficulty/dataset'
import { beatsHeuristic, compareWithHeuristic } from '../../../server/ml/difficulty/evaluate'
import { difficultyFeatures, featureSize, featureVersion, textFeatureNames } from '../../../server/ml/difficulty/features'
import { DifficultyModel, loadDifficultyModel } from '../../../server/ml/difficulty/model'
import { calibrate, calibrated, minLearnerCards, outcomesByAtom, priorWeight, targetOf, type OutcomeReview } from '../../../server/ml/difficulty/outcomes'
import { checkIntervalMs, currentPublishedModel, publishDifficultyModel, readPointer } from '../../../server/ml/difficulty/published-difficulty'
import { retrainDifficultyModel } from '../../../server/ml/difficulty/retrain'
import { createDifficultyScorer } from '../../../server/ml/difficulty/scorer'
import { simulateReviews } from '../../../server/ml/difficulty/simulate'
import { buildDifficultyModel } from '../../../server/ml/difficulty/train'
import { meanAbsoluteError, rootMeanSquaredError, spearman } from '../../../server/ml/metrics'
import { modelsRoot, saveLayersModel } from '../../../server/ml/models'
import { mlRuntime } from '../../../server/ml/runtime'
import { makeAtom, makeReview } from '../../contracts/store.contract'

const dataFolder = join(modelsRoot(), 'data')
const folder = mkdtempSync(join(tmpdir(), 'atomizer-difficulty-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

const inputOf = (text: string, overrides: Partial<DifficultyInput> = {}): DifficultyInput =>
  ({ analysis: analyze(text), blocks: [], type: 'concept', keyTermCount: 1, definitionCount: 0, ...overrides })

const plain = 'The cat sat on the mat. It was a good cat. We like it a lot.'
const dense = 'Oxidative phosphorylation utilises electrochemical gradients established across the inner mitochondrial membrane by respiratory complexes.'

describe('the rated set', () => {
  it('rates every atom of the labelled set once, 1 to 5, with every rating used', async () => {
    const labelled = await readLabelledSet(join(dataFolder, 'atom-types.jsonl'))
    const ratings = await readDifficultyRatings(join(dataFolder, 'difficulty.jsonl'))
    expect([...ratings.keys()].sort()).toEqual(labelled.map(record => record.id).sort())
    for (const rating of [1, 2, 3, 4, 5]) expect([...ratings.values()]).toContain(rating)
  })
})

describe('difficulty features', () => {
  it('have one fixed length, finite values, the type one-hot and more rare and long words in harder text', () => {
    const easy = difficultyFeatures(inputOf(plain))
    const hard = difficultyFeatures(inputOf(dense, { type: 'definition' }))
    expect(easy).toHaveLength(featureSize)
    for (const value of [...easy, ...hard]) expect(Number.isFinite(value)).toBe(true)
    const at = (name: (typeof textFeatureNames)[number]) => textFeatureNames.indexOf(name)
    for (const name of ['rareWordShare', 'longWordShare', 'syllablesPerWord', 'heuristic'] as const) {
      expect(hard[at(name)], name).toBeGreaterThan(easy[at(name)]!)
    }
    expect(easy[at('heuristic')]).toBeCloseTo(difficultyOf(analyze(plain), 1).score, 6)
    expect(hard[textFeatureNames.length + 1]).toBe(1) // 'definition' is the second type
    expect(hard[textFeatureNames.length]).toBe(0)
  })
})

describe('regression metrics', () => {
  it('measure error and rank agreement', () => {
    expect(meanAbsoluteError([0, 1], [0.5, 0.5])).toBe(0.5)
    expect(rootMeanSquaredError([0, 0], [0.3, 0.4])).toBeCloseTo(Math.sqrt(0.125), 10)
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 45])).toBeCloseTo(1, 10)
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 10)
    // Ties share their mean rank.
    expect(spearman([1, 1, 2], [5, 5, 9])).toBeCloseTo(1, 10)
    expect(spearman([1, 2, 3], [7, 7, 7])).toBe(0)
  })
})

describe('learner outcomes', () => {
  const reviews = (userId: string, atomId: string, ratings: (1 | 2 | 3 | 4)[]): OutcomeReview[] =>
    ratings.map((rating, i) => ({ userId, atomId, cardId: `${atomId}-c`, rating, reviewedAt: new Date(Date.UTC(2026, 0, 1 + i * 3)).toISOString() }))

  it('replay each learner\'s grades with default FSRS: lapses and Hard answers make an atom harder', () => {
    const logs = [
      ...reviews('u1', 'easy', [3, 3, 3, 4]), ...reviews('u2', 'easy', [3, 3, 3]),
      ...reviews('u1', 'hard', [1, 2, 1, 3]), ...reviews('u2', 'hard', [2, 1, 3]),
    ]
    const outcomes = outcomesByAtom(logs.reverse())
    expect(outcomes.get('easy')).toMatchObject({ learnerCards: 2, reviews: 7 })
    expect(outcomes.get('hard')!.outcome).toBeGreaterThan(outcomes.get('easy')!.outcome + 0.3)
    for (const { outcome } of outcomes.values()) expect(outcome).toBeGreaterThanOrEqual(0)
    // The order the logs come in does not matter: each learner's card is replayed in time order.
    expect(outcomesByAtom(logs.reverse())).toEqual(outcomes)
  })

  it('blend an outcome with the prior by how many learners measured it, and use the prior alone without one', () => {
    expect(targetOf(0.4)).toBe(0.4)
    const outcome = { atomId: 'a', outcome: 0.8, learnerCards: 6, reviews: 20 }
    expect(targetOf(0.4, outcome)).toBeCloseTo((6 * 0.8 + priorWeight * 0.4) / (6 + priorWeight), 10)
    expect(minLearnerCards).toBeGreaterThan(1)
  })

  it('calibrate the heuristic onto the outcome scale by least squares', () => {
    const calibration = calibrate([{ heuristic: 0, outcome: 0.2 }, { heuristic: 0.5, outcome: 0.45 }, { heuristic: 1, outcome: 0.7 }])
    expect(calibration.slope).toBeCloseTo(0.5, 10)
    expect(calibration.intercept).toBeCloseTo(0.2, 10)
    expect(calibrated(calibration, 0.5)).toBeCloseTo(0.45, 10)
    expect(calibrate([{ heuristic: 0.3, outcome: 0.9 }])).toEqual({ intercept: 0, slope: 1 })
  })
})

describe('simulated learners', () => {
  it('are the same for the same seed, and fare worse on atoms that are truly harder', () => {
    const atoms = Array.from({ length: 60 }, (_, i) => ({ id: `a${i}`, trueDifficulty: (i % 5) / 4 }))
    const logs = simulateReviews(atoms, { seed: 3 })
    expect(simulateReviews(atoms, { seed: 3 })).toEqual(logs)
    expect(simulateReviews(atoms, { seed: 4 })).not.toEqual(logs)
    const outcomes = outcomesByAtom(logs)
    for (const outcome of outcomes.values()) expect(outcome.learnerCards).toBeGreaterThanOrEqual(2)
    const measured = atoms.filter(atom => outcomes.has(atom.id))
    expect(spearman(measured.map(atom => atom.trueDifficulty), measured.map(atom => outcomes.get(atom.id)!.outcome))).toBeGreaterThan(0.6)
  })
})

const { examples } = await repositoryExamples(dataFolder, 7)

describe('the built-in model', () => {
  it('loads with its metadata, scores in 0..1 and beats the heuristic on the held-out atoms', async () => {
    await mlRuntime('cpu')
    const model = await loadDifficultyModel()
    expect(model.metadata?.features.featureVersion).toBe(featureVersion)
    const { heldOut } = splitExamples(examples, 7)
    const scores = await model.score(heldOut.map(example => example.input))
    for (const score of scores) expect(score >= 0 && score <= 1, String(score)).toBe(true)
    const comparison = await compareWithHeuristic(model, heldOut, model.metadata!.training!.calibration!)
    expect(comparison.examples).toBe(heldOut.filter(isMeasured).length)
    expect(beatsHeuristic(comparison)).toBe(true)
  })
})

/** A model of the right shape with seeded random weights: a poor one, for tests of loading and replacing. */
async function poorModel(seed: number): Promise<LayersModel> {
  return buildDifficultyModel({ seed, epochs: 0, hiddenUnits: 4 })
}

describe('the scorer', () => {
  const inputs = [inputOf(plain), inputOf(dense)]

  it('scores with a configured model, and falls back to the heuristic when the model does not fit', async () => {
    const configured = await poorModel(5)
    await saveLayersModel(configured, join(folder, 'configured'))
    expect(await createDifficultyScorer({ mlBackend: 'cpu', difficultyModel: join(folder, 'configured') })(inputs)).toEqual(await new DifficultyModel(configured, 'configured').score(inputs))

    const { tf } = await mlRuntime()
    const wrong = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 1 })] })
    await saveLayersModel(wrong, join(folder, 'wrong'))
    await expect(loadDifficultyModel(join(folder, 'wrong'))).rejects.toThrow(/takes 3 features and gives 1 scores/)
    const scored = await createDifficultyScorer({ mlBackend: 'cpu', difficultyModel: join(folder, 'wrong') })(inputs)
    expect(scored).toEqual(inputs.map(input => difficultyOf(input.analysis, input.keyTermCount).score))
  })

  it('uses the latest published model, and a process picks up a newer one after the check interval', async () => {
    const files = createLocalFileStore(join(folder, 'objects'))
    const builtIn = await loadDifficultyModel()
    const scorer = createDifficultyScorer({ mlBackend: 'cpu', difficultyModel: undefined }, files)
    expect(await scorer(inputs)).toEqual(await builtIn.score(inputs))

    const first = await poorModel(1)
    const metadata = (version: string) => ({ ...builtIn.metadata!, version })
    await publishDifficultyModel(files, first, metadata('retrained-1'))
    expect((await readPointer(files))?.version).toBe('retrained-1')
    const now = Date.now() + checkIntervalMs
    const published = await currentPublishedModel(files, now)
    expect(await published!.score(inputs)).toEqual(await new DifficultyModel(first, 'first').score(inputs))

    const second = await poorModel(2)
    await publishDifficultyModel(files, second, metadata('retrained-2'))
    // Within the interval the process keeps the model it has; after it, it loads the new one.
    expect(await currentPublishedModel(files, now + 1)).toBe(published)
    const next = await currentPublishedModel(files, now + checkIntervalMs)
    expect(next!.source).toMatch(/retrained-2/)
    expect(await next!.score(inputs)).toEqual(await new DifficultyModel(second, 'second').score(inputs))
  })
})

describe('retraining from the store\'s reviews', () => {
  it('waits for enough new reviews, then publishes a model only if it errs less than the one in force', async () => {
    const store = createSqliteStore(':memory:')
    const files = createLocalFileStore(join(folder, 'retrain'))
    const config = { mlBackend: 'cpu' as const, difficultyModel: undefined, difficultyRetrainReviews: 50 }
    try {
      // Forty atoms of the rated set stored as one document's, with simulated learners' reviews of their cards.
      const labelled = (await readLabelledSet(join(dataFolder, 'atom-types.jsonl'))).slice(0, 40)
      const atoms = labelled.map((record, i) => makeAtom('doc-r', i, { id: `stored-${record.id}`, title: record.title, body: record.body, type: record.type, headingTrail: record.trail }))
      await store.atoms.upsertMany(atoms)
      const simulated = simulateReviews(atoms.map((atom, i) => ({ id: atom.id, trueDifficulty: (i % 5) / 4 })), { seed: 11 })
      await store.reviews.appendMany(simulated.slice(0, 30).map((log, i) => makeReview(log.userId, i, { ...log, documentId: 'doc-r' })))
      expect(await retrainDifficultyModel({ store, files }, config)).toMatchObject({ status: 'skipped', reviews: 30 })
      expect(await retrainDifficultyModel({ store, files }, { ...config, difficultyRetrainReviews: 0 })).toMatchObject({ status: 'skipped', reason: 'retraining is turned off' })

      await store.reviews.appendMany(simulated.slice(30).map((log, i) => makeReview(log.userId, 30 + i, { ...log, documentId: 'doc-r' })))
      const reviews = await storeReviews(store)
      expect(reviews).toHaveLength(simulated.length)
      const fromStore = await storeExamples(store, reviews)
      expect(fromStore).toHaveLength(40)
      expect(fromStore[0]!.input.keyTermCount).toBe(atoms[0]!.terms.length)
      expect((await difficultyInputOf(labelled[0]!)).type).toBe(labelled[0]!.type)

      // A poor model in force: the retrained one must beat it, and replaces it.
      await publishDifficultyModel(files, await poorModel(9), { ...(await loadDifficultyModel()).metadata!, version: 'poor', training: { seed: 9, epochs: 0, examples: 0, outcomeExamples: 0, storeReviews: 0 } })
      const result = await retrainDifficultyModel({ store, files }, config, { seed: 7, epochs: 20, minHeldOut: 10 })
      expect(result.status).toBe('published')
      if (result.status !== 'published') return
      expect(result.retrained.mae).toBeLessThan(result.current.mae)
      expect((await readPointer(files))?.version).toBe(result.version)
      // Nothing new since: the next run waits.
      expect(await retrainDifficultyModel({ store, files }, config)).toMatchObject({ status: 'skipped', reason: `0 new reviews; 50 needed` })
    }
    finally {
      await store.close()
    }
  }, 120_000)
})

describe('the engine', () => {
  it('scores every atom after typing it, and stores the score with its label', async () => {
    const text = '# Cells\n\nA cell is the basic unit of life. Cells divide to make new cells.\n\n# Steps\n\n1. Place the slide.\n2. Add a drop of stain.\n3. Lower the cover slip.'
    const seen: DifficultyInput[] = []
    const [document] = await atomizeCollection([{ key: 'doc', format: 'markdown', data: new TextEncoder().encode(text) }], {
      minWords: 3, maxWords: 300,
      typeAtoms: async inputs => inputs.map(input => (input.title === 'Steps' ? 'procedure' : 'definition')),
      scoreDifficulty: async (inputs) => {
        seen.push(...inputs)
        return inputs.map(input => (input.type === 'procedure' ? 0.9 : 0.1))
      },
    })
    expect(seen.map(input => input.type)).toEqual(['definition', 'procedure'])
    expect(document!.atoms.map(atom => [atom.difficulty, atom.difficultyLabel])).toEqual([[0.1, 'easy'], [0.9, 'hard']])
  })
})
