import { Histogram } from 'prom-client'
import { metricPrefix, metricsRegistry } from './registry'

const inferenceDuration = new Histogram({
  name: `${metricPrefix}model_inference_duration_seconds`,
  help: 'Time one call of a model takes (all its batches), by model.',
  labelNames: ['model'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
})

export type ModelName = 'types' | 'terms' | 'definitions' | 'difficulty' | 'embeddings'

/** Starts timing one inference; call the function it returns once the model has answered. */
export function timeInference(model: ModelName): () => void {
  return inferenceDuration.startTimer({ model })
}
