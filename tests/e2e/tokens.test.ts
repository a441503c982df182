import { describe, expect, inject, it } from 'vitest'
import { chromiumFixture, patiently, registerThroughForm } from '../support/browser'

describe('the API tokens page', () => {
  const newContext = chromiumFixture()

  it('creates a token shown once, lists it by its last four characters, and revokes it', async () => {
    const context = await newContext({ permissions: ['clipboard-read', 'clipboard-write'] })
    const page = await context.newPage()
    await page.goto('/login')
    await registerThroughForm(page, 'Tess')
    await page.getByTestId('account-menu').click()
    await page.getByTestId('nav-tokens').click()
    await page.waitForURL(/\/settings\/tokens$/)
    await page.getByTestId('no-tokens').waitFor()
    // A learner-or-author session offers no admin scope.
    expect(await page.getByTestId('token-scope-admin').count()).toBe(0)

    await page.getByTestId('token-name').fill('Course export')
    await page.getByTestId('token-scope-study:read').check()
    await page.getByTestId('token-expiry').fill('7')
    await page.getByTestId('token-create').click()
    const secret = await page.getByTestId('issued-secret').inputValue()
    expect(secret).toMatch(/^la_pat_[\w-]{43}$/)
    await page.getByTestId('copy-secret').click()
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText()), patiently).toBe(secret)
    const row = page.getByTestId('token-row')
    await expect.poll(() => row.count(), patiently).toBe(1)
    expect(await row.textContent()).toContain(secret.slice(-4))
    expect(await row.textContent()).toContain('documents:read')
    expect(await row.textContent()).toContain('study:read')

    // The token works for the API, as its user.
    const me = await fetch(`${inject('baseURL')}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } })
    expect(me.status).toBe(200)
    expect((await me.json()).name).toBe('Tess')

    // Shown once: after a reload the page knows only the last four characters.
    await page.reload()
    await page.getByTestId('token-row').waitFor()
    expect(await page.getByTestId('issued-secret').count()).toBe(0)
    expect(await page.content()).not.toContain(secret.slice(7))

    await page.getByTestId('token-revoke').click()
    await page.getByTestId('no-tokens').waitFor()
    const refused = await fetch(`${inject('baseURL')}/api/v1/auth/me`, { headers: { authorization: `Bearer ${secret}` } })
    expect(refused.status).toBe(401)
  })
})
