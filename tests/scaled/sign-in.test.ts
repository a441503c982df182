import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createCluster, type Cluster } from '../support/cluster'
import { BrowserLikeClient, jsonOf } from '../support/cookie-jar'
import { ApiClient, register, testAdminEmail, testPassword, uniqueEmail } from '../support/http'
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider'
import type { RunningServer } from '../support/server'

/**
 * Single sign-on, disabling and reset links on MongoDB (FerretDB) and Redis, across two web instances: what one
 * instance records, the other honours.
 */
describe('scaled: single sign-on, disabled accounts and reset links across two web instances', () => {
  let oidc: TestOidcProvider
  let cluster: Cluster
  let webA: RunningServer
  let webB: RunningServer
  let admin: ApiClient

  beforeAll(async () => {
    oidc = await startOidcProvider()
    cluster = await createCluster(oidc.env())
    ;[webA, webB] = await Promise.all([cluster.startWeb('a'), cluster.startWeb('b')])
    await oidc.allowApp(webA.baseURL)
    admin = new ApiClient(webB.baseURL)
    await register(admin, { email: testAdminEmail, password: testPassword, name: 'Admin' })
  })

  afterAll(async () => {
    await cluster?.stop()
    await oidc?.stop()
  })

  it('signs in by OpenID Connect on A into a session B honours, until an admin on B disables the account', async () => {
    const email = uniqueEmail('scaled-sso')
    oidc.addAccount('scaled-user', { email, email_verified: true, name: 'Scaled SSO' })
    const browser = new BrowserLikeClient()
    const atProvider = await browser.follow(`${webA.baseURL}/api/v1/auth/sso/oidc`)
    expect(atProvider.status, atProvider.text).toBe(200)
    const signedIn = await browser.follow(atProvider.url, { form: { login: 'scaled-user' } })
    expect(signedIn.visited.at(-1)).toBe(`${webA.baseURL}/`)
    const onB = await jsonOf(browser, `${webB.baseURL}/api/v1/auth/me`)
    expect(onB).toMatchObject({ status: 200, data: { email, name: 'Scaled SSO' } })
    expect((await jsonOf(browser, `${webB.baseURL}/api/v1/auth/identities`)).data.items).toHaveLength(1)

    expect((await admin.put(`/api/v1/users/${onB.data.id}/disabled`, { disabled: true })).status).toBe(200)
    expect((await jsonOf(browser, `${webA.baseURL}/api/v1/auth/me`)).status).toBe(401)
    const again = new BrowserLikeClient()
    const refused = await again.follow((await again.follow(`${webA.baseURL}/api/v1/auth/sso/oidc`)).url, { form: { login: 'scaled-user' } })
    expect(refused.visited.at(-1)).toBe(`${webA.baseURL}/login?sso=failed`)
  })

  it('uses a reset link issued on B once, on A, ending the sessions on both', async () => {
    const email = uniqueEmail('scaled-reset')
    const onA = new ApiClient(webA.baseURL)
    const user = await register(onA, { email, password: testPassword, name: 'Reset' })
    const issued = await admin.post(`/api/v1/users/${user.id}/password-reset`)
    const token = new URL(issued.data.url).hash.replace('#token=', '')
    const password = 'a scaled new passphrase'
    const uses = await Promise.all([webA, webB].map(web => new ApiClient(web.baseURL).post('/api/v1/auth/password-reset', { token, password })))
    expect(uses.map(use => use.status).sort()).toEqual([204, 400])
    expect((await onA.get('/api/v1/auth/me')).status).toBe(401)
    expect((await new ApiClient(webB.baseURL).post('/api/v1/auth/login', { email, password })).status).toBe(200)
  })
})
