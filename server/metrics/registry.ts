import { collectDefaultMetrics, Registry } from 'prom-client'

/** Every metric's name starts with this, so the app's series are easy to tell from the runtime's. */
export const metricPrefix = 'learning_atomizer_'

/**
 * The process's metrics, served on `/metrics` off the public port (server/metrics/server.ts). One registry per
 * process: the web server and the worker each fill theirs with what they do.
 */
export const metricsRegistry = new Registry()

// Event-loop lag, heap and resident memory, GC pauses, handles and CPU: prom-client's standard process metrics.
collectDefaultMetrics({ register: metricsRegistry })

/** Buckets (seconds) of the latency histograms: from a cached read to a slow search or a model's big batch. */
export const latencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
