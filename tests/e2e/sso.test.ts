import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { launchChromium, patiently } from '../support/browser'
import { adminClient, ApiClient, register, testPassword, uniqueEmail } from '../support/http'
import { startOidcProvider, type TestOidcProvider } from '../support/oidc-provider'
import { startServer, type RunningServer } from '../support/server'

/** Single sign-on and a reset link in Chromium, against a server of its own configured with a real OpenID provider. */
describe('signing in in the browser', () => {
  let oidc: TestOidcProvider
  let app: RunningServer
  let browser: Browser

  beforeAll(async () => {
    oidc = await startOidcProvider()
    app = await startServer({ name: 'sso-e2e', env: oidc.env() })
    await oidc.allowApp(app.baseURL)
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await app?.stop()
    await oidc?.stop()
  })

  async function newPage() {
    const context = await browser.newContext({ baseURL: app.baseURL })
    context.setDefaultTimeout(20_000)
    return context.newPage()
  }

  it('clicks the provider\'s button, signs in at the provider and lands signed in', async () => {
    const email = uniqueEmail('sso-browser')
    oidc.addAccount('browser-user', { email, email_verified: true, name: 'Grace Hopper' })
    const page = await newPage()
    await page.goto('/login')
    await page.getByTestId('sso-oidc').waitFor()
    // The sign-in page with a provider's button, to look at beside the other screenshots.
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 844 })
      await page.screenshot({ path: `test-results/screenshots/login-sso-${width}-light.png`, fullPage: true })
    }
    await page.getByTestId('sso-oidc').click()
    await page.waitForURL(url => url.origin === oidc.issuer)
    await page.getByLabel('Account').fill('browser-user')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL(`${app.baseURL}/`)
    await page.getByTestId('user-name').filter({ hasText: 'Grace Hopper' }).waitFor()

    // The Security page shows the link.
    await page.goto('/settings/security')
    await expect.poll(() => page.getByTestId('linked-oidc').textContent(), patiently).toContain(email)
    await page.context().close()
  })

  it('says why when the provider account may not join an account here', async () => {
    const email = uniqueEmail('sso-browser-taken')
    await register(new ApiClient(app.baseURL), { email, password: testPassword, name: 'Owner' })
    oidc.addAccount('browser-unverified', { email, email_verified: false, name: 'Someone' })
    const page = await newPage()
    await page.goto('/login')
    await page.getByTestId('sso-oidc').click()
    await page.getByLabel('Account').fill('browser-unverified')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL(/\/login\?sso=unlinked$/)
    expect(await page.getByTestId('sso-message').textContent()).toContain('not linked to an account here')
    await page.context().close()
  })

  it('links a provider account from the Security page, and changes the password there', async () => {
    const email = uniqueEmail('link-browser')
    const page = await newPage()
    // Signed in by password (the API's cookie, given to the browser).
    const client = new ApiClient(app.baseURL)
    await register(client, { email, password: testPassword, name: 'Linker' })
    const [name, value] = client.cookieHeader.split(/=(.*)/s) as [string, string]
    await page.context().addCookies([{ name, value, url: app.baseURL }])
    oidc.addAccount('browser-linked', { email: uniqueEmail('elsewhere'), email_verified: false, name: 'Elsewhere' })
    await page.goto('/settings/security')
    await page.getByRole('link', { name: 'Link Test provider' }).click()
    await page.getByLabel('Account').fill('browser-linked')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.waitForURL(/\/settings\/security\?linked=oidc$/)
    await expect.poll(() => page.getByTestId('link-outcome').textContent(), patiently).toContain('Test provider is linked')
    await expect.poll(() => page.getByTestId('linked-oidc').textContent(), patiently).toMatch(/linked .+ as elsewhere-/)

    await page.getByTestId('current-password').fill(testPassword)
    await page.getByTestId('new-password').fill('a browser changed passphrase')
    await page.getByTestId('repeat-password').fill('a browser changed passphrase')
    await page.getByTestId('change-password-submit').click()
    await expect.poll(() => page.getByTestId('password-changed').textContent(), patiently).toContain('Your password is changed')
    expect((await new ApiClient(app.baseURL).post('/api/v1/auth/login', { email, password: 'a browser changed passphrase' })).status).toBe(200)
    await page.context().close()
  })

  it('sets a new password through a reset link an admin issued', async () => {
    const { client: admin } = await adminClient(app.baseURL)
    const email = uniqueEmail('reset-browser')
    const user = await register(new ApiClient(app.baseURL), { email, password: testPassword, name: 'Forgetful' })
    const link = (await admin.post(`/api/v1/users/${user.id}/password-reset`)).data.url as string
    const page = await newPage()
    await page.goto(link)
    // The button is enabled once the page is hydrated and has read the link's secret from the fragment.
    await expect.poll(() => page.getByTestId('reset-submit').isEnabled(), patiently).toBe(true)
    await page.getByTestId('reset-password').fill('a fresh browser passphrase')
    await page.getByTestId('reset-repeat').fill('a fresh browser passphrase')
    await page.getByTestId('reset-submit').click()
    await page.getByTestId('reset-done').waitFor()
    expect((await new ApiClient(app.baseURL).post('/api/v1/auth/login', { email, password: 'a fresh browser passphrase' })).status).toBe(200)
    await page.context().close()
  })
})
