import { mkdirSync } from 'node:fs'
import axe from 'axe-core'
import { describe, expect, inject, it } from 'vitest'
import { chromiumFixture, patiently } from '../support/browser'
import { adminClient, ApiClient } from '../support/http'

const baseURL = inject('baseURL')
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']

describe('the administration page\'s OAuth clients', () => {
  const newContext = chromiumFixture()

  it('registers a client shown once, whose secret gets a token, revokes it, and passes axe at 1280 and 390 px', async () => {
    const { client: admin } = await adminClient(baseURL)
    const context = await newContext()
    const separator = admin.cookieHeader.indexOf('=')
    await context.addCookies([{ name: admin.cookieHeader.slice(0, separator), value: admin.cookieHeader.slice(separator + 1), url: baseURL }])
    const page = await context.newPage()
    await page.goto('/')
    await page.getByTestId('account-menu').click()
    await page.getByTestId('nav-admin').click()
    await page.waitForURL(/\/admin$/)

    const name = `Nightly export ${Date.now()}`
    // The button is enabled once the page is hydrated.
    await expect.poll(() => page.getByTestId('client-register').isEnabled(), patiently).toBe(true)
    await page.getByTestId('client-name').fill(name)
    await page.getByTestId('client-register').click()
    await page.getByTestId('registered-client').waitFor()
    const secret = await page.getByTestId('client-secret').inputValue()
    expect(secret).toMatch(/^la_cs_/)
    const clientId = await page.locator('#client-id').inputValue()
    const token = await new ApiClient(baseURL).request('POST', '/api/v1/oauth/token', {
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: secret }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(token.status).toBe(200)

    mkdirSync('test-results/screenshots', { recursive: true })
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 900 })
      await page.screenshot({ path: `test-results/screenshots/administration-${width}-light.png`, fullPage: true })
    }
    await page.evaluate(axe.source)
    const violations = await page.evaluate(async tags => (await (globalThis as unknown as { axe: typeof axe }).axe.run({ runOnly: { type: 'tag', values: tags } }))
      .violations.filter(violation => violation.impact === 'serious' || violation.impact === 'critical').map(violation => violation.id), wcagTags)
    expect(violations).toEqual([])

    await page.getByRole('button', { name: `Revoke ${name}` }).click()
    await expect.poll(() => page.getByRole('button', { name: `Revoke ${name}` }).count(), patiently).toBe(0)
  })
})
