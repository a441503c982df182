import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signedInClient } from '../support/http'
import { expectProblem } from '../support/problems'
import { postLargeBody } from '../support/raw-request'
import { peakMemoryBytes, startServer, type RunningServer } from '../support/server'

const mebibyte = 1024 * 1024

describe('request bodies', () => {
  // A server of its own, with the default ML set-up (the WASM backend), whose process must survive.
  let server: RunningServer

  beforeAll(async () => {
    server = await startServer({ name: 'body-limits' })
  })

  afterAll(async () => {
    await server?.stop()
  })

  const stillServing = async () => {
    const health = await fetch(`${server.baseURL}/api/health`)
    expect(health.status).toBe(200)
    expect(await health.json()).toMatchObject({ status: 'ok', ml: { backend: 'wasm' } })
  }

  it('a chunked GraphQL body far over the limit, sent anonymously, gets 413 and the server keeps serving', async () => {
    for (let i = 0; i < 2; i++) {
      const answer = await postLargeBody(server.baseURL, '/api/graphql', 128 * mebibyte)
      expect(answer.status).toBe(413)
      expect(JSON.parse(answer.body)).toMatchObject({ status: 413, type: '/problems/too-large' })
      // Refused at the limit (twice the 1 MiB upload limit here), not after reading everything: what was
      // sent before the answer is the limit plus what the two kernels' socket buffers took meanwhile (up
      // to tens of MiB on loopback, as the kernel grows them).
      expect(answer.sent).toBeLessThan(32 * mebibyte)
      await stillServing()
    }
    expect(server.output()).not.toMatch(/uncaughtException/)
  })

  it('a JSON body over 1 MiB is refused before it is parsed, declared or chunked, on any route', async () => {
    const declared = await postLargeBody(server.baseURL, '/api/v1/auth/login', 2 * mebibyte, { declareLength: true })
    expect(declared.status).toBe(413)
    expect(JSON.parse(declared.body).detail).toMatch(/larger than the limit of 1 MiB\./)

    const before = peakMemoryBytes(server.pid)
    const chunked = await postLargeBody(server.baseURL, '/api/v1/auth/login', 128 * mebibyte)
    expect(chunked.status).toBe(413)
    expect(chunked.sent).toBeLessThan(32 * mebibyte)
    // Nothing near the body's size was held (the review saw about 147 MB for this request).
    expect(peakMemoryBytes(server.pid) - before).toBeLessThan(20 * mebibyte)

    const { client: signedIn } = await signedInClient('big-body', undefined, server.baseURL)
    const answer = await postLargeBody(server.baseURL, '/api/v1/collections', 2 * mebibyte, { headers: { cookie: signedIn.cookieHeader, origin: server.baseURL } })
    expect(answer.status).toBe(413)
    await stillServing()
  })

  it('a body within the limit still works, chunked too', async () => {
    const { client } = await signedInClient('small-body', undefined, server.baseURL)
    // A stream body: fetch sends it chunked.
    const created = await fetch(`${server.baseURL}/api/v1/collections`, {
      method: 'POST', duplex: 'half',
      headers: { 'content-type': 'application/json', 'cookie': client.cookieHeader, 'origin': server.baseURL },
      body: new Blob([JSON.stringify({ name: 'Rivers', description: 'd'.repeat(500) })]).stream(),
    } as RequestInit)
    expect(created.status).toBe(201)
  })
})

describe('request bodies with a lower limit', () => {
  let server: RunningServer

  beforeAll(async () => {
    server = await startServer({ name: 'body-limit-setting', env: { NUXT_MAX_BODY_BYTES: '4096' } })
  })

  afterAll(async () => {
    await server?.stop()
  })

  it('follow NUXT_MAX_BODY_BYTES, while uploads keep their own limit', async () => {
    const { client } = await signedInClient('limit-setting', undefined, server.baseURL)
    expectProblem(await client.post('/api/v1/collections', { name: 'Lakes', description: 'd'.repeat(5000) }), 413)
    expect((await client.post('/api/v1/collections', { name: 'Lakes', description: 'short' })).status).toBe(201)
    const upload = await client.upload('big.md', `# Big\n\n${'A sentence about lakes and rivers. '.repeat(1000)}`)
    expect(upload.status).toBe(202)
  })
})
