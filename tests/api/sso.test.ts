import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BrowserLikeClient, jsonOf } from '../support/cookie-jar'
import { adminClient, ApiClient, register, testPassword, uniqueEmail } from '../support/http'
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider'
import { startServer, type RunningServer } from '../support/server'

/**
 * Single sign-on against a real OpenID Connect provider (oidc-provider, OpenID Certified) started here, walked
 * hop by hop as a browser would: the app's start, the provider's sign-in form, the provider's redirect back.
 */
describe('single sign-on with OpenID Connect', () => {
  let oidc: TestOidcProvider
  let app: RunningServer
  let admin: ApiClient
  const url = (path: string) => `${app.baseURL}${path}`
  const isCallback = (next: string) => next.startsWith(url('/api/v1/auth/sso/oidc/callback'))

  beforeAll(async () => {
    oidc = await startOidcProvider()
    app = await startServer({ name: 'sso', env: oidc.env() })
    await oidc.allowApp(app.baseURL)
    ;({ client: admin } = await adminClient(app.baseURL))
  })

  afterAll(async () => {
    await app?.stop()
    await oidc?.stop()
  })

  /** From the app's start to the provider's redirect back, signing in there as `accountId`; stops before the app's callback. */
  async function untilCallback(browser: BrowserLikeClient, accountId: string, start = '/api/v1/auth/sso/oidc') {
    const atProvider = await browser.follow(url(start))
    expect(atProvider.status).toBe(200)
    expect(new URL(atProvider.url).origin).toBe(oidc.issuer)
    const back = await browser.follow(atProvider.url, { form: { login: accountId }, stopAt: isCallback })
    expect(back.location && isCallback(back.location)).toBe(true)
    return back.location!
  }

  const me = (browser: BrowserLikeClient) => jsonOf(browser, url('/api/v1/auth/me'))

  /** Where the app's callback sends the browser, and who it is then. */
  async function callback(browser: BrowserLikeClient, callbackUrl: string) {
    const response = await browser.send(callbackUrl)
    expect(response.status).toBe(302)
    return { location: response.headers.get('location'), me: await me(browser) }
  }

  it('lists the provider for the sign-in page', async () => {
    const options = await new ApiClient(app.baseURL).get('/api/v1/auth/options')
    expect(options.data.providers).toEqual([{ id: 'oidc', name: 'Test provider', startUrl: '/api/v1/auth/sso/oidc' }])
  })

  it('sends the browser to the provider with PKCE (S256), state and nonce', async () => {
    const response = await new BrowserLikeClient().send(url('/api/v1/auth/sso/oidc'))
    expect(response.status).toBe(302)
    const to = new URL(response.headers.get('location')!)
    expect(`${to.origin}`).toBe(oidc.issuer)
    expect(to.searchParams.get('code_challenge_method')).toBe('S256')
    for (const name of ['code_challenge', 'state', 'nonce']) expect(to.searchParams.get(name)?.length).toBeGreaterThanOrEqual(22)
    expect(to.searchParams.get('redirect_uri')).toBe(url('/api/v1/auth/sso/oidc/callback'))
  })

  it('signs in a new user, with the role the role claim gives, and the same account the next time', async () => {
    const email = uniqueEmail('sso-new')
    oidc.addAccount('new-user', { email, email_verified: true, name: 'New Person', role: 'learner' })
    const browser = new BrowserLikeClient()
    const first = await callback(browser, await untilCallback(browser, 'new-user'))
    expect(first.location).toBe('/')
    expect(first.me).toMatchObject({ status: 200, data: { email, name: 'New Person', role: 'learner' } })

    const again = new BrowserLikeClient()
    const second = await callback(again, await untilCallback(again, 'new-user'))
    expect(second.me.data.id).toBe(first.me.data.id)
    const identities = await jsonOf(again, url('/api/v1/auth/identities'))
    expect(identities.data.items).toEqual([{ provider: 'oidc', email, createdAt: expect.any(String) }])
  })

  it('joins an existing account through an email the provider verified', async () => {
    const local = new ApiClient(app.baseURL)
    const email = uniqueEmail('sso-join')
    const user = await register(local, { email, password: testPassword, name: 'Local' })
    oidc.addAccount('joining', { email, email_verified: true, name: 'Joining' })
    const browser = new BrowserLikeClient()
    const signedIn = await callback(browser, await untilCallback(browser, 'joining'))
    expect(signedIn.me.data).toMatchObject({ id: user.id, email, name: 'Local' })
  })

  it('refuses an email the provider has not verified when it has an account here, telling nothing more', async () => {
    const local = new ApiClient(app.baseURL)
    const email = uniqueEmail('sso-unverified')
    await register(local, { email, password: testPassword, name: 'Victim' })
    oidc.addAccount('claims-victim', { email, email_verified: false, name: 'Impostor' })
    const browser = new BrowserLikeClient()
    const refused = await callback(browser, await untilCallback(browser, 'claims-victim'))
    expect(refused.location).toBe('/login?sso=unlinked')
    expect(refused.me.status).toBe(401)
  })

  it('refuses a callback whose state is not the one the flow started with', async () => {
    oidc.addAccount('state-user', { email: uniqueEmail('sso-state'), email_verified: true, name: 'State' })
    const browser = new BrowserLikeClient()
    const tampered = new URL(await untilCallback(browser, 'state-user'))
    tampered.searchParams.set('state', 'not-the-state-of-this-flow')
    const refused = await callback(browser, tampered.href)
    expect(refused.location).toBe('/login?sso=failed')
    expect(refused.me.status).toBe(401)
  })

  it('refuses a replayed code, even with the flow cookie copied', async () => {
    oidc.addAccount('replayed', { email: uniqueEmail('sso-replay'), email_verified: true, name: 'Replay' })
    const browser = new BrowserLikeClient()
    const callbackUrl = await untilCallback(browser, 'replayed')
    const flowCookie = browser.cookie(callbackUrl, 'la-sso-flow')!
    expect(flowCookie).toBeTruthy()
    expect((await callback(browser, callbackUrl)).me.status).toBe(200)

    // The browser's own cookie is spent...
    expect((await callback(browser, callbackUrl)).location).toBe('/login?sso=failed')
    // ...and an attacker holding both the code and the old flow cookie is refused by the provider.
    const attacker = new BrowserLikeClient()
    attacker.setCookie(callbackUrl, 'la-sso-flow', flowCookie, '/api/v1/auth/sso')
    const replay = await callback(attacker, callbackUrl)
    expect(replay.location).toBe('/login?sso=failed')
    expect(replay.me.status).toBe(401)
  })

  it('refuses a callback without a flow started in this browser', async () => {
    oidc.addAccount('forced', { email: uniqueEmail('sso-forced'), email_verified: true, name: 'Forced' })
    const victim = new BrowserLikeClient()
    const callbackUrl = await untilCallback(new BrowserLikeClient(), 'forced')
    expect((await callback(victim, callbackUrl)).location).toBe('/login?sso=failed')
  })

  it('refuses a disabled account, and disabling ends its sessions', async () => {
    oidc.addAccount('to-disable', { email: uniqueEmail('sso-disabled'), email_verified: true, name: 'Disabled' })
    const browser = new BrowserLikeClient()
    const signedIn = await callback(browser, await untilCallback(browser, 'to-disable'))
    expect(signedIn.me.status).toBe(200)
    const disabled = await admin.put(`/api/v1/users/${signedIn.me.data.id}/disabled`, { disabled: true })
    expect(disabled.data).toMatchObject({ id: signedIn.me.data.id, disabled: true })
    expect((await me(browser)).status).toBe(401)

    const again = new BrowserLikeClient()
    const refused = await callback(again, await untilCallback(again, 'to-disable'))
    expect(refused.location).toBe('/login?sso=failed')
    expect(refused.me.status).toBe(401)

    await admin.put(`/api/v1/users/${signedIn.me.data.id}/disabled`, { disabled: false })
    const enabled = new BrowserLikeClient()
    expect((await callback(enabled, await untilCallback(enabled, 'to-disable'))).me.status).toBe(200)
  })

  it('links a provider account to the signed-in user from the Security page, which then signs in to it', async () => {
    const email = uniqueEmail('sso-link')
    const browser = new BrowserLikeClient()
    await browser.send(url('/api/v1/auth/register'), { json: { email, password: testPassword, name: 'Linker' } })
    const login = await jsonOf(browser, url('/api/v1/auth/login'), { method: 'POST', json: { email, password: testPassword } })
    // The provider's email differs and is unverified: only the signed-in user's own action links it.
    oidc.addAccount('linked-elsewhere', { email: uniqueEmail('other'), email_verified: false, name: 'Other' })
    const linked = await callback(browser, await untilCallback(browser, 'linked-elsewhere', '/api/v1/auth/sso/oidc?link=1'))
    expect(linked.location).toBe('/settings/security?linked=oidc')
    expect((await jsonOf(browser, url('/api/v1/auth/identities'))).data.items).toHaveLength(1)

    const later = new BrowserLikeClient()
    expect((await callback(later, await untilCallback(later, 'linked-elsewhere'))).me.data.id).toBe(login.data.id)

    // Unlinked, the provider account no longer reaches it (and its unverified email joins nothing).
    expect((await browser.send(url('/api/v1/auth/identities/oidc'), { method: 'DELETE' })).status).toBe(204)
    const after = new BrowserLikeClient()
    const signedIn = await callback(after, await untilCallback(after, 'linked-elsewhere'))
    expect(signedIn.me.data.id).not.toBe(login.data.id)
  })

  it('refuses linking without a session', async () => {
    const response = await new BrowserLikeClient().send(url('/api/v1/auth/sso/oidc?link=1'))
    expect(response.status).toBe(401)
  })

  it('answers 404 for a provider the server has not configured', async () => {
    expect((await new BrowserLikeClient().send(url('/api/v1/auth/sso/github'))).status).toBe(404)
  })
})
