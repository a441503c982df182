import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, adminClient, signedInClient } from '../support/http'
import { expectProblem } from '../support/problems'
import { startServer, type RunningServer } from '../support/server'

describe('GET /api/v1/jobs: the queue and its dead-letter list', () => {
  // A server of its own, so that its admin (NUXT_ADMIN_EMAIL) is this test's.
  let server: RunningServer
  let admin: ApiClient
  let author: ApiClient

  beforeAll(async () => {
    server = await startServer({ name: 'jobs', env: { NUXT_JOB_ATTEMPTS: '1' } })
    admin = (await adminClient(server.baseURL)).client
    author = (await signedInClient('author', 'author', server.baseURL)).client
  })

  afterAll(async () => {
    await server?.stop()
  })

  it('shows an admin the counts, and a job that failed for good with its error', async () => {
    // Headings alone make no atoms: the job fails permanently.
    const uploaded = await author.upload('empty.md', '# Only a heading\n\n## And another\n')
    expect(uploaded.status).toBe(202)
    const document = await author.waitForDocument(uploaded.data.id)
    expect(document.status).toBe('failed')

    const jobs = await admin.get('/api/v1/jobs')
    expect(jobs.status).toBe(200)
    expect(jobs.data).toMatchObject({ queue: 'memory', runsInProcess: true, counts: { waiting: 0, active: 0, failed: 1 } })
    expect(jobs.data.failed).toEqual([{
      id: `atomize-${document.id}-v1`, name: 'atomize', data: { documentId: document.id, version: 1 },
      attempts: 1, error: expect.stringContaining('no readable text'), failedAt: expect.any(String),
    }])
  })

  it('is for admins only, and checks its query', async () => {
    await expectProblem(await author.get('/api/v1/jobs'), 403)
    await expectProblem(await new ApiClient(server.baseURL).get('/api/v1/jobs'), 401)
    await expectProblem(await admin.get('/api/v1/jobs?limit=0'), 422)
  })
})
