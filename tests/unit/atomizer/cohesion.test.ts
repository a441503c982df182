import { describe, expect, it } from 'vitest'
import { atomizeCollection } from '../../../server/atomizer'
import { readText } from '../../../server/atomizer/extract/text'
import { analyze } from '../../../server/atomizer/nlp/analyze'
import { unitsCompared } from '../../../server/atomizer/segment'
import { blendCohesion, cohesionAtGaps } from '../../../server/atomizer/segment/cohesion'
import { cohesionFor, meaningCohesion } from '../../../server/atomizer/segment/meaning'
import { unitOf } from '../../../server/atomizer/segment/units'
import { configDefaults } from '../../../server/config'
import { createEmbedder } from '../../../server/ml/embeddings/embedder'
import { loadCorpus } from '../../support/quality'

const gapsOf = (curve: number[]) => curve.slice(1)
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length
const spread = (values: number[]) => Math.sqrt(mean(values.map(value => (value - mean(values)) ** 2)))
const lowestGap = (curve: number[]) => gapsOf(curve).indexOf(Math.min(...gapsOf(curve))) + 1

describe('blending lexical cohesion with cohesion of meaning', () => {
  const lexical = [0, 0.3, 0.1, 0.4, 0.1, 0.3]
  const meaning = [0, 0.9, 0.85, 0.95, 0.6, 0.9]

  it('is lexical cohesion itself at weight 0, and when meaning is flat, missing or of another length', () => {
    expect(blendCohesion(lexical, meaning, 0)).toEqual(lexical)
    expect(blendCohesion(lexical, [0, 0.8, 0.8, 0.8, 0.8, 0.8], 0.5)).toEqual(lexical)
    expect(blendCohesion(lexical, [0, 0, 0, 0, 0, 0], 0.5)).toEqual(lexical)
    expect(blendCohesion(lexical, meaning.slice(0, 4), 0.5)).toEqual(lexical)
  })

  it('brings meaning to the lexical curve\'s mean and spread, so the weight moves cuts without making them dearer', () => {
    const meaningAlone = blendCohesion(lexical, meaning, 1)
    expect(meaningAlone[0]).toBe(0)
    expect(mean(gapsOf(meaningAlone))).toBeCloseTo(mean(gapsOf(lexical)), 10)
    expect(spread(gapsOf(meaningAlone))).toBeCloseTo(spread(gapsOf(lexical)), 10)
    expect(lowestGap(meaningAlone)).toBe(4)
    expect(mean(gapsOf(blendCohesion(lexical, meaning, 0.3)))).toBeCloseTo(mean(gapsOf(lexical)), 10)
  })

  it('lets meaning choose between gaps the words cannot tell apart', () => {
    // Gaps 2 and 4 are equally low lexically; meaning says the topic changes at 4.
    expect(lowestGap(blendCohesion(lexical, meaning, 0.2))).toBe(4)
    expect(lowestGap(blendCohesion(lexical, [0, 0.9, 0.6, 0.95, 0.85, 0.9], 0.2))).toBe(2)
  })

  it('keeps the shape of meaning where the lexical curve is flat', () => {
    const flat = [0, 0, 0, 0, 0, 0]
    const blended = blendCohesion(flat, meaning, 0.5)
    expect(lowestGap(blended)).toBe(4)
    expect(spread(gapsOf(blended))).toBeGreaterThan(0)
  })
})

describe('segmentation with cohesion of meaning', () => {
  const memory = loadCorpus().find(doc => doc.name === 'memory')!
  const options = { minWords: configDefaults.atomMinWords, maxWords: configDefaults.atomMaxWords }
  const units = readText(new TextDecoder().decode(memory.data)).blocks.map(block => unitOf(block, analyze(block.text)))

  it('stays lexical without an embedder and when no encoder can load', async () => {
    expect(await cohesionFor(units, options)).toBe(cohesionAtGaps)
    const broken = createEmbedder({ ...configDefaults, embeddingsModel: '/nowhere/model.json' })
    expect(await cohesionFor(units, options, broken)).toBe(cohesionAtGaps)
    const source = [{ key: memory.name, format: memory.format, data: memory.data }]
    const [lexical] = await atomizeCollection(source, options)
    const [withBroken] = await atomizeCollection(source, { ...options, embedAtoms: broken })
    expect(withBroken!.atoms.map(atom => atom.text)).toEqual(lexical!.atoms.map(atom => atom.text))
  })

  it('embeds only the units of sections long enough to split, once each, and blends their vectors in', async () => {
    const embedder = createEmbedder(configDefaults)
    const asked: string[] = []
    const cohesion = await cohesionFor(units, options, async (texts) => {
      asked.push(...texts)
      return embedder(texts)
    })
    expect(asked).toEqual(unitsCompared(units, options).map(unit => unit.block.text))
    expect(new Set(asked).size).toBe(asked.length)
    const curve = cohesion(units)
    expect(curve).toHaveLength(units.length)
    expect(curve).not.toEqual(cohesionAtGaps(units))
    expect(await cohesionFor(units, { ...options, maxWords: 5000 }, async (texts) => {
      asked.push(...texts)
      return embedder(texts)
    })).toBe(cohesionAtGaps)
  })

  it('treats a unit without a vector as nothing', () => {
    const blended = meaningCohesion(() => undefined)(units)
    expect(blended).toEqual(cohesionAtGaps(units))
  })
})
