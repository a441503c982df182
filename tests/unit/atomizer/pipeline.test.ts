import { describe, expect, it } from 'vitest'
import { atomizeCollection, engineStages, type EngineStage } from '../../../server/atomizer'
import { pipeline } from '../../../server/atomizer/pipeline'

const encode = (text: string) => new TextEncoder().encode(text)

const chapter = [
  '# Cells',
  'A cell is the smallest unit of life. Every organism is made of one or more cells, and each cell comes from another cell.',
  '## Organelles',
  'The nucleus holds the genetic material. Mitochondria release energy from food through respiration, and ribosomes build proteins.',
  '## Membranes',
  'The cell membrane is a thin layer that controls what enters and leaves the cell. It is made of lipids and proteins.',
].join('\n\n')

describe('the pipeline', () => {
  it('names each stage once, weighs it, and reports the steps in their order, each of them', () => {
    expect(new Set(pipeline.map(stage => stage.name)).size).toBe(pipeline.length)
    for (const stage of pipeline) expect(stage.weight).toBeGreaterThan(0)
    const steps = pipeline.map(stage => engineStages.indexOf(stage.reports))
    expect(steps).toEqual([...steps].sort((a, b) => a - b))
    expect(new Set(pipeline.map(stage => stage.reports))).toEqual(new Set(engineStages))
  })

  it('reports progress that never goes back, step by step in order, up to 1', async () => {
    const heard: { stage: EngineStage, done: number }[] = []
    await atomizeCollection(
      [{ key: 'a', format: 'markdown', data: encode(chapter) }, { key: 'b', format: 'markdown', data: encode(chapter.replaceAll('cell', 'tissue')) }],
      { minWords: 5, maxWords: 60, onProgress: (stage, done) => void heard.push({ stage, done }) },
    )
    const done = heard.map(report => report.done)
    expect(done).toEqual([...done].sort((a, b) => a - b))
    expect(done[0]).toBe(0)
    expect(done.at(-1)).toBe(1)
    const steps = heard.map(report => engineStages.indexOf(report.stage))
    expect(steps).toEqual([...steps].sort((a, b) => a - b))
    expect(new Set(heard.map(report => report.stage))).toEqual(new Set(engineStages))
  })

  it('stops at the next stage once cancelled', async () => {
    const controller = new AbortController()
    const heard: EngineStage[] = []
    const atomizing = atomizeCollection([{ key: 'a', format: 'markdown', data: encode(chapter) }], {
      minWords: 5, maxWords: 60, signal: controller.signal,
      onProgress: (stage) => {
        heard.push(stage)
        if (stage === 'segmenting') controller.abort()
      },
    })
    await expect(atomizing).rejects.toThrow()
    expect(heard.at(-1)).toBe('segmenting')
  })
})
