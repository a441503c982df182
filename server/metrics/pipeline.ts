import { Counter, Histogram } from 'prom-client'
import { metricPrefix, metricsRegistry } from './registry'

const stageDuration = new Histogram({
  name: `${metricPrefix}pipeline_stage_duration_seconds`,
  help: 'Time each stage of the atomization pipeline takes for one collection of sources.',
  labelNames: ['stage'] as const,
  buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [metricsRegistry],
})

const wordsAtomized = new Counter({
  name: `${metricPrefix}words_atomized_total`,
  help: 'Words of the atoms the pipeline made.',
  registers: [metricsRegistry],
})

/** Every stage's series from the start: a rate sees the first document only if the series was there before it. */
export function describeStages(stages: readonly string[]): void {
  for (const stage of stages) stageDuration.zero({ stage })
}

/** Starts timing one stage; call the function it returns when the stage is done. */
export function timeStage(stage: string): () => void {
  return stageDuration.startTimer({ stage })
}

export function countWordsAtomized(words: number): void {
  wordsAtomized.inc(words)
}
