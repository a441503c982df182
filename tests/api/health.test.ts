import { describe, expect, it } from 'vitest'
import { ApiClient } from '../support/http'

describe('GET /api/health', () => {
  it('names the driver in use for each concern', async () => {
    const { status, data } = await new ApiClient().get('/api/health')
    expect(status).toBe(200)
    expect(data).toEqual({
      status: 'ok',
      drivers: { store: 'sqlite', cache: 'memory', search: 'orama', files: 'local', queue: 'memory', events: 'memory', limits: 'memory', sessions: 'sqlite' },
    })
  })
})
