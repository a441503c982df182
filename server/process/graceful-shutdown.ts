import type { Server, ServerResponse } from 'node:http'
import { restartLiveConnections } from '../live/registry'
import { configDefaults } from '../config'
import { useConfig } from '../utils/app-state'
import { startDraining } from './draining'

interface ShutdownOptions {
  /** Closes the app once no request is left: Nitro's `close` hook, which closes the drivers. */
  closeApp: () => Promise<void>
  signals?: NodeJS.Signals[]
}

/** The drain bound from the settings, or its default while the app is still starting. */
function drainMilliseconds(): number {
  try {
    return useConfig().shutdownDrainSeconds * 1000
  }
  catch {
    return configDefaults.shutdownDrainSeconds * 1000
  }
}

/**
 * Shuts the web server down without failing a request: readiness turns 503, new connections are refused,
 * live clients are told to reconnect (1012, to another instance), requests in flight finish within the drain
 * bound (answered with `Connection: close`, so keep-alive clients reconnect elsewhere), and only then are the
 * drivers closed. Replaces Nitro's own handler, which cut upgraded sockets without a close frame.
 */
export function installGracefulShutdown(server: Server, { closeApp, signals = ['SIGTERM', 'SIGINT'] }: ShutdownOptions) {
  const inFlight = new Set<ServerResponse>()
  let shuttingDown = false

  server.on('request', (_request, response) => {
    if (shuttingDown) response.setHeader('Connection', 'close')
    inFlight.add(response)
    response.once('close', () => inFlight.delete(response))
  })

  async function shutDown(signal: NodeJS.Signals) {
    if (shuttingDown) return
    shuttingDown = true
    startDraining()
    const drainMs = drainMilliseconds()
    const started = Date.now()
    console.info(`[server] ${signal}: draining ${inFlight.size} requests in flight (up to ${drainMs / 1000} s)`)
    const closed = new Promise<void>(resolve => server.close(() => resolve()))
    for (const response of inFlight) if (!response.headersSent) response.setHeader('Connection', 'close')
    const restarted = await restartLiveConnections()
    // Keep-alive connections between requests are closed now, and each busy one as soon as its answer is out.
    const sweep = setInterval(() => server.closeIdleConnections(), 100)
    server.closeIdleConnections()
    const deadline = new Promise<'timeout'>(resolve => setTimeout(resolve, drainMs, 'timeout').unref())
    const outcome = await Promise.race([closed.then(() => 'drained' as const), deadline])
    clearInterval(sweep)
    if (outcome === 'timeout') {
      console.warn(`[server] drain bound reached: cutting ${inFlight.size} requests still in flight`)
      server.closeAllConnections()
    }
    console.info(`[server] drained in ${Date.now() - started} ms (${restarted} live clients told to reconnect)`)
    try {
      await closeApp()
    }
    catch (error) {
      console.error('[server] closing the app failed:', error)
      process.exitCode = 1
    }
    process.exit()
  }

  // A repeated signal changes nothing: the drain is already bounded.
  for (const signal of signals) process.on(signal, signal => void shutDown(signal))
}
