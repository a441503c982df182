import { Gauge } from 'prom-client'
import { liveConnections } from '../live/registry'
import { metricPrefix, metricsRegistry } from './registry'

/** Read when scraped: the registry of this instance's live WebSockets already counts them. */
export const liveConnectionsGauge = new Gauge({
  name: `${metricPrefix}live_connections`,
  help: 'Live WebSocket connections this instance holds.',
  registers: [metricsRegistry],
  collect() {
    this.set(liveConnections.size)
  },
})
