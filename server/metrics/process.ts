import { Gauge } from 'prom-client'
import { metricPrefix, metricsRegistry } from './registry'

const processInfo = new Gauge({
  name: `${metricPrefix}process_info`,
  help: 'Always 1: what this process is (web or worker) and the queue driver it uses. Alerts look for a live worker by it.',
  labelNames: ['process', 'queue_driver'] as const,
  registers: [metricsRegistry],
})

export function describeProcess(process: 'web' | 'worker', queueDriver: string): void {
  processInfo.set({ process, queue_driver: queueDriver }, 1)
}
