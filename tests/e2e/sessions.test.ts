import { describe, expect, it } from 'vitest'
import { chromiumFixture, patiently, registerThroughForm } from '../support/browser'
import { password } from '../support/pages'

describe('the security page\'s sessions', () => {
  const newContext = chromiumFixture()

  it('lists both browsers, this one marked; ending the other from here signs that browser out', async () => {
    const laptop = await (await newContext()).newPage()
    const email = await registerThroughForm(laptop, 'Sam')

    // A second browser signs in to the same account.
    const phone = await (await newContext()).newPage()
    await phone.goto('/login')
    await expect.poll(async () => {
      await phone.getByTestId('mode-login').click()
      return phone.getByTestId('auth-email').isVisible()
    }, patiently).toBe(true)
    await phone.getByTestId('auth-email').fill(email)
    await phone.getByTestId('auth-password').fill(password)
    await phone.getByTestId('auth-submit').click()
    await phone.getByTestId('user-name').filter({ hasText: 'Sam' }).waitFor()

    await laptop.getByTestId('account-menu').click()
    await laptop.getByTestId('nav-security').click()
    await laptop.waitForURL(/\/settings\/security$/)
    const rows = laptop.getByTestId('session-row')
    await expect.poll(() => rows.count(), patiently).toBe(2)
    expect(await laptop.getByTestId('this-device').count()).toBe(1)
    const text = await laptop.getByTestId('session-list').textContent()
    expect(text).toContain('Chrome')
    expect(text).toMatch(/127\.0\.0\.x|0:0:0::\/48/)

    await laptop.locator('[data-testid="session-row"][data-current="false"]').getByTestId('end-session').click()
    await expect.poll(() => rows.count(), patiently).toBe(1)

    // The other browser is signed out: its next page load goes to the sign-in page.
    await phone.goto('/')
    await phone.waitForURL(/\/login/)
    // This one is still signed in.
    await laptop.reload()
    await expect.poll(() => laptop.getByTestId('session-row').count(), patiently).toBe(1)
  })
})
