import { afterAll, describe, expect, it } from 'vitest'
import { ApiClient, adminClient, register, signedInClient, testPassword, uniqueEmail } from '../support/http'
import { enrolTotp, totpCode } from '../support/mfa'
import { expectProblem } from '../support/problems'
import { startServer, type RunningServer } from '../support/server'

/** A fresh client that signs in with the password only: 202 and the pending second step when the account has a factor. */
async function passwordStep(email: string, baseURL?: string) {
  const client = new ApiClient(baseURL)
  const answer = await client.post('/api/v1/auth/login', { email, password: testPassword })
  return { client, answer }
}

describe('TOTP second factor', () => {
  it('enrols by QR code, confirmed by a first code, with ten recovery codes shown once', async () => {
    const { client } = await signedInClient('totp-enrol')
    expect((await client.get('/api/v1/mfa')).data).toMatchObject({ totp: null, passkeys: [], recoveryCodesLeft: 0, required: false })
    const started = await client.post('/api/v1/mfa/totp')
    expect(started.status).toBe(201)
    expect(started.headers.get('cache-control')).toBe('no-store')
    expect(started.data.secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(started.data.uri).toMatch(/^otpauth:\/\/totp\/Learning%20Atomizer:.*secret=/)
    expect(started.data.qrCode).toMatchObject({ size: expect.any(Number), path: expect.stringMatching(/^M\d+ \d+h1v1h-1z/) })
    // Not a factor until confirmed: the password alone still signs in.
    expect((await client.get('/api/v1/mfa')).data.totp).toBeNull()

    const wrong = expectProblem(await client.post('/api/v1/mfa/totp/confirm', { code: totpCode(started.data.secret, 5) }), 422)
    expect(wrong.errors?.[0]?.path).toBe('code')
    const confirmed = await client.post('/api/v1/mfa/totp/confirm', { code: totpCode(started.data.secret) })
    expect(confirmed.status).toBe(200)
    expect(confirmed.data.recoveryCodes).toHaveLength(10)
    expect(new Set(confirmed.data.recoveryCodes).size).toBe(10)
    for (const code of confirmed.data.recoveryCodes) expect(code).toMatch(/^[a-z2-7]{5}-[a-z2-7]{5}$/)
    const status = (await client.get('/api/v1/mfa')).data
    expect(status).toMatchObject({ totp: { confirmedAt: expect.any(String) }, recoveryCodesLeft: 10 })
    expect(JSON.stringify(status)).not.toContain(started.data.secret)
    expectProblem(await client.post('/api/v1/mfa/totp'), 409)
  })

  it('makes the password a pending step: no session until a code, and a code is never accepted twice', async () => {
    const { client, email } = await signedInClient('totp-signin')
    const { secret, confirmedWith } = await enrolTotp(client)

    const first = await passwordStep(email)
    expect(first.answer.status).toBe(202)
    expect(first.answer.data).toEqual({ status: 'second-factor-required', methods: ['totp', 'recovery-code'] })
    expectProblem(await first.client.get('/api/v1/auth/me'), 401)
    expectProblem(await first.client.get('/api/v1/documents'), 401)
    expect((await first.client.get('/api/_auth/session')).data).not.toHaveProperty('user')

    // The code that confirmed the app was used: it (and any older one) fails, with sign-in's one message.
    const replayed = expectProblem(await first.client.post('/api/v1/auth/second-factor', { method: 'totp', code: confirmedWith }), 401)
    expect(replayed.type).toBe('/problems/bad-credentials')
    expectProblem(await first.client.post('/api/v1/auth/second-factor', { method: 'totp', code: totpCode(secret, -1) }), 401)
    const next = totpCode(secret, 1)
    const done = await first.client.post('/api/v1/auth/second-factor', { method: 'totp', code: next })
    expect(done.status, JSON.stringify(done.data)).toBe(200)
    expect(done.data).toMatchObject({ email })
    expect((await first.client.get('/api/v1/auth/me')).status).toBe(200)

    // The same code again, in another sign-in with the right password: refused.
    const second = await passwordStep(email)
    expectProblem(await second.client.post('/api/v1/auth/second-factor', { method: 'totp', code: next }), 401)
    expectProblem(await second.client.get('/api/v1/auth/me'), 401)
  })

  it('accepts each recovery code once, as the second step', async () => {
    const { client, email } = await signedInClient('totp-recovery')
    const { recoveryCodes } = await enrolTotp(client)
    const code = recoveryCodes[3]!
    const first = await passwordStep(email)
    const used = await first.client.post('/api/v1/auth/second-factor', { method: 'recovery-code', code: code.toUpperCase() })
    expect(used.status, JSON.stringify(used.data)).toBe(200)
    expect((await client.get('/api/v1/mfa')).data.recoveryCodesLeft).toBe(9)
    const again = await passwordStep(email)
    expectProblem(await again.client.post('/api/v1/auth/second-factor', { method: 'recovery-code', code }), 401)
    // New codes replace the old ones.
    const renewed = await client.post('/api/v1/mfa/recovery-codes')
    expect(renewed.status).toBe(201)
    expectProblem(await again.client.post('/api/v1/auth/second-factor', { method: 'recovery-code', code: recoveryCodes[4]! }), 401)
    expect((await again.client.post('/api/v1/auth/second-factor', { method: 'recovery-code', code: renewed.data.recoveryCodes[0] })).status).toBe(200)
  })

  it('throttles the second step per account like the password, and a correct password does not reset it', async () => {
    const { client, email } = await signedInClient('totp-throttle')
    const { secret } = await enrolTotp(client)
    const early = await passwordStep(email)
    const failures: number[] = []
    let locked: Awaited<ReturnType<typeof passwordStep>> | undefined
    for (let i = 0; i < 12 && !locked; i++) {
      const attempt = await passwordStep(email)
      if (attempt.answer.status === 429) locked = attempt
      else failures.push((await attempt.client.post('/api/v1/auth/second-factor', { method: 'totp', code: '000000' })).status)
    }
    // The account's allowance (10 on the test server) is used up by wrong codes, though each password was right.
    expect(failures).toEqual(Array.from({ length: 10 }, () => 401))
    expect(locked && expectProblem(locked.answer, 429).type).toBe('/problems/too-many-requests')
    // Even the right code of a pending sign-in made before the lock is refused while it lasts.
    expectProblem(await early.client.post('/api/v1/auth/second-factor', { method: 'totp', code: totpCode(secret, 1) }), 429)
  })

  it('refuses a second step without a pending sign-in, and bad input with problem details', async () => {
    const stranger = new ApiClient()
    expectProblem(await stranger.post('/api/v1/auth/second-factor', { method: 'totp', code: '123456' }), 401)
    const { client, email } = await signedInClient('totp-input')
    await enrolTotp(client)
    const { client: pending } = await passwordStep(email)
    expectProblem(await pending.post('/api/v1/auth/second-factor', { method: 'totp', code: '12345' }), 422)
    expectProblem(await pending.post('/api/v1/auth/second-factor', { method: 'sms', code: '123456' }), 422)
    expectProblem(await pending.request('POST', '/api/v1/auth/second-factor', { body: '{', headers: { 'content-type': 'application/json' } }), 400)
  })

  it('removes the app after the password is checked again; then the password alone signs in', async () => {
    const { client, email } = await signedInClient('totp-remove')
    await enrolTotp(client)
    expectProblem(await client.post('/api/v1/auth/reauthenticate', { password: 'not the password' }), 401)
    expect((await client.post('/api/v1/auth/reauthenticate', { password: testPassword })).status).toBe(204)
    expect((await client.request('DELETE', '/api/v1/mfa/totp')).status).toBe(204)
    expect((await client.get('/api/v1/mfa')).data).toMatchObject({ totp: null, recoveryCodesLeft: 0 })
    const { answer } = await passwordStep(email)
    expect(answer.status).toBe(200)
    expectProblem(await client.request('DELETE', '/api/v1/mfa/totp'), 404)
  })

  it('cannot be managed with an access token', async () => {
    const { client } = await signedInClient('totp-token')
    const created = await client.post('/api/v1/tokens', { name: 'CI', scopes: ['documents:read'], expiresInDays: 1 })
    const bearer = new ApiClient()
    const headers = { authorization: `Bearer ${created.data.secret}` }
    expectProblem(await bearer.request('POST', '/api/v1/mfa/totp', { headers }), 403)
    expectProblem(await bearer.request('GET', '/api/v1/mfa', { headers }), 403)
  })
})

describe('passkeys over the API', () => {
  it('offers discoverable creation options to a signed-in account, and refuses an answer that does not check out', async () => {
    const { client, email } = await signedInClient('passkey-options')
    const options = await client.post('/api/v1/mfa/passkeys', { verify: false, user: { userName: 'anything' } })
    expect(options.status, JSON.stringify(options.data)).toBe(200)
    expect(options.data.creationOptions).toMatchObject({ user: { name: email }, authenticatorSelection: { residentKey: 'required' } })
    const forged = { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'AAAA', attestationObject: 'AAAA' } }
    expectProblem(await client.post('/api/v1/mfa/passkeys', { verify: true, user: { userName: email }, attemptId: options.data.attemptId, response: forged }), 400)
    expectProblem(await client.post('/api/v1/mfa/passkeys', { verify: true }), 422)
    expectProblem(await new ApiClient().post('/api/v1/mfa/passkeys', { verify: false, user: { userName: email } }), 401)
  })

  it('asks for user verification when a passkey signs in alone, and refuses an unknown credential', async () => {
    const client = new ApiClient()
    const options = await client.post('/api/v1/auth/passkey', { verify: false })
    expect(options.status).toBe(200)
    expect(options.data.requestOptions).toMatchObject({ userVerification: 'required' })
    expect(options.data.requestOptions.allowCredentials ?? []).toEqual([])
    const forged = { id: 'AAAA', rawId: 'AAAA', type: 'public-key', response: { clientDataJSON: 'AAAA', authenticatorData: 'AAAA', signature: 'AAAA' } }
    const refused = expectProblem(await client.post('/api/v1/auth/passkey', { verify: true, attemptId: options.data.attemptId, response: forged }), 401)
    expect(refused.type).toBe('/problems/bad-credentials')
    expectProblem(await client.post('/api/v1/auth/passkey', { verify: 'yes' }), 422)
  })
})

describe('MFA policy', () => {
  let server: RunningServer
  afterAll(async () => {
    await server?.stop()
  })

  it('is set by admins; an account it covers without a factor may only enrol, then works', async () => {
    // A server of its own: the policy applies to every account on it.
    server = await startServer({ name: 'mfa-policy' })
    const { client: admin } = await adminClient(server.baseURL)
    expect((await admin.get('/api/v1/admin/mfa-policy')).data).toEqual({ required: 'off' })
    const author = new ApiClient(server.baseURL)
    const email = uniqueEmail('policy')
    await register(author, { email, password: testPassword, name: 'Covered' })
    expectProblem(await author.request('PUT', '/api/v1/admin/mfa-policy', { json: { required: 'off' } }), 403)
    expectProblem(await admin.request('PUT', '/api/v1/admin/mfa-policy', { json: { required: 'sometimes' } }), 422)

    expect((await admin.request('PUT', '/api/v1/admin/mfa-policy', { json: { required: 'everyone' } })).data).toEqual({ required: 'everyone' })
    const signedIn = await author.post('/api/v1/auth/login', { email, password: testPassword })
    expect(signedIn.status).toBe(200)
    expect((await author.get('/api/_auth/session')).data).toMatchObject({ mfaEnrolment: true })
    expect(expectProblem(await author.get('/api/v1/documents'), 403).type).toBe('/problems/mfa-enrolment-required')
    expectProblem(await author.get('/api/v1/auth/me'), 403)
    expectProblem(await author.get('/api/v1/tokens'), 403)
    expect((await author.post('/api/graphql', { query: '{ me { id } }' })).data.errors).toBeDefined()
    expect((await author.get('/api/v1/mfa')).data).toMatchObject({ required: true, totp: null })

    await enrolTotp(author)
    expect((await author.get('/api/_auth/session')).data).not.toHaveProperty('mfaEnrolment')
    expect((await author.get('/api/v1/documents')).status).toBe(200)
    // The last factor of a covered account stays.
    expectProblem(await author.request('DELETE', '/api/v1/mfa/totp'), 409)
  })
})
