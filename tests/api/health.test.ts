import { describe, expect, it } from 'vitest'
import { ApiClient } from '../support/http'

describe('GET /api/health', () => {
  it('names the driver in use for each concern and the TF.js backend', async () => {
    const { status, data } = await new ApiClient().get('/api/health')
    expect(status).toBe(200)
    expect(data).toEqual({
      status: 'ok',
      drivers: { store: 'sqlite', cache: 'memory', search: 'orama', files: 'local', queue: 'memory', events: 'memory', limits: 'memory', sessions: 'sqlite' },
      ml: { backend: expect.any(String) },
    })
    // tfjs-node where it installed, else WASM: never the slow plain-JavaScript backend, which is what TF.js
    // silently falls back to when the build left out the .wasm binaries.
    expect(['tensorflow', 'wasm']).toContain(data.ml.backend)
  })
})
