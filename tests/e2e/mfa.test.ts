import type { Page } from 'playwright-core'
import { describe, expect, inject, it } from 'vitest'
import { seriousViolations } from '../support/axe'
import { chromiumFixture, password, patiently, registerThroughForm } from '../support/browser'
import { adminClient, ApiClient, register, testPassword, uniqueEmail } from '../support/http'
import { startServer } from '../support/server'
import { totpCode } from '../support/mfa'

const screenshots = 'test-results/screenshots'

async function openSecurity(page: Page) {
  await page.getByTestId('account-menu').click()
  await page.getByTestId('nav-security').click()
  await page.waitForURL(/\/settings\/security$/)
  await page.getByTestId('second-factors').waitFor()
}

async function signOut(page: Page) {
  await page.getByTestId('account-menu').click()
  await page.getByTestId('logout').click()
  await page.waitForURL(/\/login/)
}

/** Email and password on the sign-in form; the page waits for hydration before the click counts. */
async function enterPassword(page: Page, email: string) {
  await page.getByTestId('auth-email').fill(email)
  await page.getByTestId('auth-password').fill(password)
  await expect.poll(() => page.getByTestId('auth-submit').isEnabled(), patiently).toBe(true)
  await page.getByTestId('auth-submit').click()
}

describe('second factors in the browser', () => {
  const newContext = chromiumFixture()

  it('sets up an authenticator app by QR code and signs in with a code computed here', async () => {
    const context = await newContext()
    const page = await context.newPage()
    const email = await registerThroughForm(page, 'Toto')
    // The same account signed in on another device, which the page offers to sign out once the factors change.
    const otherDevice = new ApiClient(inject('baseURL'))
    expect((await otherDevice.post('/api/v1/auth/login', { email, password })).status).toBe(200)
    await openSecurity(page)
    await expect.poll(() => page.getByTestId('totp-start').isEnabled(), patiently).toBe(true)
    await page.getByTestId('totp-start').click()
    await page.getByTestId('totp-qr').waitFor()
    await page.screenshot({ path: `${screenshots}/security-totp-enrolment.png`, fullPage: true })
    expect(await seriousViolations(page)).toEqual([])
    const secret = (await page.getByTestId('totp-secret').textContent())!.trim()
    expect(secret).toMatch(/^[A-Z2-7]{32}$/)
    const confirmedWith = totpCode(secret)
    await page.getByTestId('totp-code').fill(confirmedWith)
    await page.getByTestId('totp-confirm').click()
    await page.getByTestId('recovery-codes').waitFor()
    expect(await page.getByTestId('recovery-codes').locator('li').count()).toBe(10)
    await page.screenshot({ path: `${screenshots}/security-recovery-codes.png`, fullPage: true })
    await page.getByTestId('recovery-codes-done').click()
    await page.getByTestId('totp-enabled').waitFor()
    expect((await otherDevice.get('/api/v1/auth/me')).status).toBe(200)
    await page.getByTestId('end-sessions-after-factor-change').click()
    await page.getByTestId('second-factors-status').filter({ hasText: 'Signed out 1 other session.' }).waitFor()
    expect((await otherDevice.get('/api/v1/auth/me')).status).toBe(401)

    await signOut(page)
    await enterPassword(page, email)
    await page.getByTestId('second-step').waitFor()
    expect(await page.getByTestId('user-name').count()).toBe(0)
    await page.screenshot({ path: `${screenshots}/login-second-step.png`, fullPage: true })
    expect(await seriousViolations(page)).toEqual([])
    // The code that confirmed the app was used already: a new step's code signs in.
    await page.getByTestId('second-code').fill(confirmedWith)
    await page.getByTestId('second-submit').click()
    await page.getByTestId('auth-error').waitFor()
    await page.getByTestId('second-code').fill(totpCode(secret, 1))
    await page.getByTestId('second-submit').click()
    await page.getByTestId('user-name').filter({ hasText: 'Toto' }).waitFor()
  })

  it('registers a passkey with a virtual authenticator and signs in with it, no password', async () => {
    // WebAuthn takes a domain, not an IP address, as the relying party: the same server by the name localhost.
    const context = await newContext({ baseURL: inject('baseURL').replace('127.0.0.1', 'localhost') })
    const page = await context.newPage()
    const devtools = await context.newCDPSession(page)
    await devtools.send('WebAuthn.enable')
    const { authenticatorId } = await devtools.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    })

    const email = await registerThroughForm(page, 'Pia')
    await openSecurity(page)
    await page.getByTestId('passkey-name').fill('Test laptop')
    await expect.poll(() => page.getByTestId('passkey-add').isEnabled(), patiently).toBe(true)
    await page.getByTestId('passkey-add').click()
    await page.getByTestId('passkey-list').filter({ hasText: 'Test laptop' }).waitFor()
    // The first factor brings the recovery codes.
    expect(await page.getByTestId('recovery-codes').locator('li').count()).toBe(10)
    const { credentials } = await devtools.send('WebAuthn.getCredentials', { authenticatorId })
    expect(credentials).toHaveLength(1)
    expect(credentials[0]!.isResidentCredential).toBe(true)

    await signOut(page)
    await expect.poll(() => page.getByTestId('passkey-sign-in').isEnabled(), patiently).toBe(true)
    await page.getByTestId('passkey-sign-in').click()
    await page.getByTestId('user-name').filter({ hasText: 'Pia' }).waitFor()
    const after = await devtools.send('WebAuthn.getCredentials', { authenticatorId })
    expect(after.credentials[0]!.signCount).toBeGreaterThan(credentials[0]!.signCount)

    // With a passkey, the password alone no longer signs in: the passkey is the second step.
    await signOut(page)
    await enterPassword(page, email)
    await page.getByTestId('second-step').waitFor()
    await page.getByTestId('second-passkey').click()
    await page.getByTestId('user-name').filter({ hasText: 'Pia' }).waitFor()
  })

  it('shows admins the MFA policy on the administration page', async () => {
    const { client } = await adminClient()
    const context = await newContext()
    const [name, ...value] = client.cookieHeader.split('=')
    await context.addCookies([{ name: name!, value: value.join('='), url: inject('baseURL') }])
    const page = await context.newPage()
    await page.goto('/')
    await page.getByTestId('account-menu').click()
    await page.getByTestId('nav-admin').click()
    await page.waitForURL(/\/admin$/)
    await page.getByTestId('mfa-policy').waitFor()
    expect(await page.getByTestId('mfa-policy-off').isChecked()).toBe(true)
    await page.screenshot({ path: `${screenshots}/administration-admin.png`, fullPage: true })
    expect(await seriousViolations(page)).toEqual([])
    // Saved as it is: other tests share this server, and a stricter policy would hold its admin at enrolment.
    await expect.poll(() => page.getByTestId('mfa-policy-save').isEnabled(), patiently).toBe(true)
    await page.getByTestId('mfa-policy-save').click()
    await page.getByTestId('mfa-policy').getByText('Saved.').waitFor()
  })

  it('holds an account the policy covers on the enrol-now screen until it has a factor', async () => {
    // A server of its own: the policy applies to every account on it.
    const server = await startServer({ name: 'mfa-policy-e2e' })
    try {
      const { client: admin } = await adminClient(server.baseURL)
      expect((await admin.put('/api/v1/admin/mfa-policy', { required: 'everyone' })).status).toBe(200)
      const email = uniqueEmail('enrol')
      await register(new ApiClient(server.baseURL), { email, password: testPassword, name: 'Enid' })

      const context = await newContext({ baseURL: server.baseURL })
      const page = await context.newPage()
      await page.goto('/study')
      await page.waitForURL(/\/login/)
      await enterPassword(page, email)
      await page.waitForURL(/\/enrol-mfa/)
      await page.getByTestId('enrol-required').waitFor()
      await page.screenshot({ path: `${screenshots}/enrol-mfa.png`, fullPage: true })
      expect(await seriousViolations(page)).toEqual([])
      // Elsewhere is out of reach until a factor is added.
      await page.goto('/')
      await page.waitForURL(/\/enrol-mfa/)

      await expect.poll(() => page.getByTestId('totp-start').isEnabled(), patiently).toBe(true)
      await page.getByTestId('totp-start').click()
      const secret = (await page.getByTestId('totp-secret').textContent())!.trim()
      await page.getByTestId('totp-code').fill(totpCode(secret))
      await page.getByTestId('totp-confirm').click()
      // The recovery codes stay in view until the user goes on.
      await page.getByTestId('recovery-codes').waitFor()
      await page.getByTestId('enrol-continue').click()
      await page.getByTestId('user-name').filter({ hasText: 'Enid' }).waitFor()
      expect(new URL(page.url()).pathname).not.toBe('/enrol-mfa')
    }
    finally {
      await server.stop()
    }
  })
})
