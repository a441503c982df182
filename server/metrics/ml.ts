import { Histogram } from 'prom-client'
import { metricPrefix, metricsRegistry } from './registry'

const inferenceDuration = new Histogram({
  name: `${metricPrefix}model_inference_duration_seconds`,
  help: 'Time one call of a model takes (all its batches), by model.',
  labelNames: ['model'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
})

const modelNames = ['types', 'terms', 'definitions', 'difficulty', 'embeddings'] as const
export type ModelName = (typeof modelNames)[number]

// Every model's series from the start: a rate sees the first inference only if the series was there before it.
for (const model of modelNames) inferenceDuration.zero({ model })

/** Starts timing one inference; call the function it returns once the model has answered. */
export function timeInference(model: ModelName): () => void {
  return inferenceDuration.startTimer({ model })
}
