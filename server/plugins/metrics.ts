import { measureRequest } from '../metrics/http'
import { liveConnectionsGauge } from '../metrics/live'
import { startMetricsServer } from '../metrics/server'

/**
 * With a metrics port set (NUXT_METRICS_PORT), measures every request and serves `/metrics` on that port
 * (server/metrics/); without one, requests are not measured at all. Runs after the drivers plugin, whose
 * settings it reads.
 */
export default defineNitroPlugin((nitroApp) => {
  const { metricsPort } = useConfig()
  if (metricsPort === 0) return
  // The live connections count only here: the worker holds none.
  void liveConnectionsGauge
  nitroApp.hooks.hook('request', event => measureRequest(event.node.req, event.node.res))
  const server = startMetricsServer(metricsPort)
  server.then(
    () => console.info(`[metrics] serving /metrics on port ${metricsPort}`),
    (error: Error) => console.error(`[metrics] cannot serve /metrics on port ${metricsPort}: ${error.message}`),
  )
  nitroApp.hooks.hook('close', async () => {
    const listening = await server.catch(() => undefined)
    await new Promise(resolve => listening ? listening.close(resolve) : resolve(undefined))
  })
})
