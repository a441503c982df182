import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ApiClient, signedInClient, uniqueEmail } from '../support/http'
import { expectProblem } from '../support/problems'
import { startServer, type RunningServer } from '../support/server'

const password = 'correct horse battery'

/** A Retry-After header in whole seconds, within the one-minute window. */
function expectRetryAfter(headers: Headers) {
  const value = headers.get('retry-after')
  expect(value).toMatch(/^\d+$/)
  expect(Number(value)).toBeGreaterThanOrEqual(1)
  expect(Number(value)).toBeLessThanOrEqual(60)
}

describe('rate limits with the default settings', () => {
  it('refuse the eleventh sign-in attempt for one email within a minute with 429 and Retry-After, not others', async () => {
    const { email } = await signedInClient('guessed')
    const attacker = new ApiClient()
    // The owner's own sign-in after registering was the first attempt; nine guesses make ten.
    for (let i = 0; i < 9; i++) expectProblem(await attacker.post('/api/v1/auth/login', { email, password: `guess number ${i}` }), 401)
    const refused = await attacker.post('/api/v1/auth/login', { email, password })
    const problem = expectProblem(refused, 429, '/api/v1/auth/login')
    expect(problem).toMatchObject({ type: '/problems/too-many-requests', title: 'Too many requests' })
    expect(problem.detail).toMatch(/try again in \d+ seconds?/)
    expectRetryAfter(refused.headers)
    // Another account from the same address is not affected.
    const { email: other } = await signedInClient('unguessed')
    expect((await new ApiClient().post('/api/v1/auth/login', { email: other, password })).status).toBe(200)
  })
})

describe('rate limits set lower', () => {
  // A server of its own with small allowances, so reaching them takes few requests.
  let server: RunningServer

  beforeAll(async () => {
    server = await startServer({ name: 'rate-limit', env: { NUXT_RATE_LIMIT_LOGIN: '2', NUXT_RATE_LIMIT_UPLOADS: '3' } })
  })

  afterAll(async () => {
    await server?.stop()
  })

  it('refuse registrations for one email past the allowance, whatever its case', async () => {
    const email = uniqueEmail('again')
    const client = () => new ApiClient(server.baseURL)
    expect((await client().post('/api/v1/auth/register', { email, password, name: 'One' })).status).toBe(202)
    expect((await client().post('/api/v1/auth/register', { email: email.toUpperCase(), password, name: 'Two' })).status).toBe(202)
    const refused = await client().post('/api/v1/auth/register', { email, password, name: 'Three' })
    expectProblem(refused, 429, '/api/v1/auth/register')
    expectRetryAfter(refused.headers)
  })

  it('refuse uploads past the allowance per user, new documents and new versions alike, and store nothing for them', async () => {
    const { client } = await signedInClient('uploader', undefined, server.baseURL)
    const first = await client.upload('one.md', '# One\n\nThe first of several small notes about rivers.')
    expect(first.status).toBe(202)
    expect((await client.upload('two.md', '# Two\n\nThe second of several small notes about rivers.')).status).toBe(202)
    expect((await client.replaceFile(first.data.id, 'one-v2.md', '# One\n\nThe first note, edited.')).status).toBe(202)

    const refusedUpload = await client.upload('four.md', '# Four\n\nOne note too many.')
    expectProblem(refusedUpload, 429, '/api/v1/documents')
    expectRetryAfter(refusedUpload.headers)
    const refusedVersion = await client.replaceFile(first.data.id, 'one-v3.md', '# One\n\nEdited once too often.')
    expectProblem(refusedVersion, 429, `/api/v1/documents/${first.data.id}/file`)
    expect(await client.getAll('/api/v1/documents')).toHaveLength(2)

    // Another user's allowance is their own.
    const { client: other } = await signedInClient('other-uploader', undefined, server.baseURL)
    expect((await other.upload('mine.md', '# Mine\n\nA note of my own about lakes.')).status).toBe(202)
  })
})
