import { describe, expect, it } from 'vitest'
import { startServer } from '../support/server'

describe('start-up configuration', () => {
  it('stops the server with a message naming the variable when a value is bad', async () => {
    const attempt = startServer({ name: 'bad-config', env: { NUXT_QUEUE_CONCURRENCY: 'lots' } })
    await expect(attempt).rejects.toThrow(/exited[\s\S]*Invalid configuration[\s\S]*NUXT_QUEUE_CONCURRENCY/)
  })

  it('starts with nothing configured but a data folder, a port and a test upload limit', async () => {
    const server = await startServer({ name: 'defaults' })
    try {
      const health = await fetch(`${server.baseURL}/api/health`)
      expect(await health.json()).toMatchObject({ status: 'ok' })
    }
    finally {
      await server.stop()
    }
  })
})
