import type { BrowserContext, Response } from 'playwright-core'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { chromiumFixture, controlledByServiceWorker } from '../support/browser'
import { watchCsp } from '../support/csp'
import type { ApiClient } from '../support/http'
import { appPages, isOnPage, preparePageContent, type PreparedPages } from '../support/pages'

const baseURL = inject('baseURL')

/** Asserts the security headers of a page's own response, and returns its nonce. */
function expectPageHeaders(response: Response | null, path: string): string {
  expect(response, path).not.toBeNull()
  const headers = response!.headers()
  const csp = headers['content-security-policy'] ?? ''
  expect(csp, path).toMatch(/frame-ancestors 'none'/)
  expect(csp, path).toMatch(/'wasm-unsafe-eval'/)
  expect(headers, path).toMatchObject({
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
  })
  expect(headers['permissions-policy'], path).toMatch(/camera=\(\)/)
  return /'nonce-([^']+)'/.exec(csp)![1]!
}

/**
 * The Content-Security-Policy and the other security headers in a real Chromium: every page of the app's list,
 * the offline app shell and the API reference load under them without one violation and still work.
 */
describe('security headers and the CSP in the browser', () => {
  // The browser's own Origin and Sec-Fetch-Site, not the one the other tests' set-up requests send.
  const newContext = chromiumFixture()
  let prepared: PreparedPages
  let context: BrowserContext

  beforeAll(async () => {
    prepared = await preparePageContent(baseURL)
    context = await newContext({ extraHTTPHeaders: {} })
    const separator = prepared.cookie.indexOf('=')
    await context.addCookies([{ name: prepared.cookie.slice(0, separator), value: prepared.cookie.slice(separator + 1), url: baseURL }])
  }, 120_000)

  for (const appPage of appPages) {
    it(`${appPage.name}: headers on the page, no CSP violation`, async () => {
      const page = await (appPage.signedIn ? context : await newContext({ extraHTTPHeaders: {} })).newPage()
      const csp = await watchCsp(page)
      const path = appPage.path(prepared.content)
      const response = await page.goto(path, { waitUntil: 'networkidle' })
      expect(isOnPage(page.url(), path), `${path} ended at ${page.url()}`).toBe(true)
      expectPageHeaders(response, path)
      // Hydrated: the page's scripts ran (a blocked entry script would leave the server's HTML inert).
      await page.waitForFunction(() => !!(window as unknown as { useNuxtApp?: unknown }).useNuxtApp || document.querySelector('#__nuxt')?.hasAttribute('data-v-app'))
      expect(await csp.violations(), path).toEqual([])
      await page.close()
    })
  }

  it('the service worker takes over under the policy, and the offline app shell loads', async () => {
    const page = await context.newPage()
    const csp = await watchCsp(page)
    await page.goto('/', { waitUntil: 'networkidle' })
    await controlledByServiceWorker(page)
    const shell = await page.goto('/app-shell', { waitUntil: 'networkidle' })
    expectPageHeaders(shell, '/app-shell')
    await page.locator('#__nuxt').waitFor()
    expect(await csp.violations()).toEqual([])
    await page.close()
  })

  it('the API reference (Swagger UI) renders its operations', async () => {
    const page = await context.newPage()
    const csp = await watchCsp(page)
    const response = await page.goto('/api/docs', { waitUntil: 'networkidle' })
    expectPageHeaders(response, '/api/docs')
    await page.locator('.opblock').first().waitFor()
    expect(await page.locator('.opblock').count()).toBeGreaterThan(20)
    expect(await csp.violations()).toEqual([])
    await page.close()
  })

  it('an inline script without the nonce, injected into a page, does not run and is reported', async () => {
    const page = await context.newPage()
    const csp = await watchCsp(page)
    await page.goto('/', { waitUntil: 'networkidle' })
    await page.evaluate(() => {
      const script = document.createElement('script')
      script.textContent = 'window.__injected = true'
      document.body.append(script)
    })
    await expect.poll(() => csp.violations()).not.toEqual([])
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined()
    await page.close()
  })
})

/**
 * Forged requests from pages of other origins, sent by Chromium itself: a page on another port of the same
 * host (same site, so the browser even sends the SameSite=Lax session cookie along) and a page of another
 * site. Their pages are served by Playwright in place of the network.
 */
describe('forged requests from other pages in the browser', () => {
  const newContext = chromiumFixture()
  const sameSite = `http://127.0.0.1:${Number(new URL(baseURL).port) === 65001 ? 65002 : 65001}`
  const crossSite = 'http://evil.test'

  async function forgerPage(origin: string, html: string) {
    const context = await newContext({ extraHTTPHeaders: {} })
    const prepared = await preparePageContent(baseURL)
    const separator = prepared.cookie.indexOf('=')
    await context.addCookies([{ name: prepared.cookie.slice(0, separator), value: prepared.cookie.slice(separator + 1), url: baseURL }])
    await context.route(`${origin}/**`, route => route.fulfill({ status: 200, contentType: 'text/html', body: html }))
    return { context, prepared, page: await context.newPage() }
  }

  const collectionNames = async (client: ApiClient) => ((await client.get('/api/v1/collections')).data.items as { name: string }[]).map(item => item.name)

  for (const [kind, origin] of [['same-site page on another port', sameSite], ['page of another site', crossSite]] as const) {
    it(`a ${kind}: its form posts (urlencoded, multipart, text/plain) and fetches are refused with problem details`, async () => {
      const target = `${baseURL}/api/v1/collections`
      const forms = (['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'] as const).map(enctype =>
        `<form method="post" action="${target}" enctype="${enctype}"><input name="name" value="Forged ${enctype}"></form>`).join('')
      const { page, prepared } = await forgerPage(origin, `<!doctype html><title>forger</title>${forms}`)
      await page.goto(`${origin}/`)
      for (let index = 0; index < 3; index++) {
        if (index > 0) await page.goto(`${origin}/`)
        const [answer] = await Promise.all([
          page.waitForResponse(response => response.url() === target),
          page.evaluate(form => document.forms[form]!.submit(), index),
        ])
        expect(answer.status()).toBe(403)
        expect(answer.headers()['content-type']).toMatch(/^application\/problem\+json/)
        expect((await answer.json()).type).toBe('/problems/cross-site')
      }
      await page.goto(`${origin}/`)
      // A fetch that needs no preflight (no-cors, text/plain), with the cookie if the browser sends it.
      const statuses = await page.evaluate(async (base) => {
        const results: string[] = []
        for (const [method, path, body] of [['POST', '/api/v1/collections', '{"name":"Forged fetch"}'], ['POST', '/api/graphql', '{"query":"mutation { uploadText(title: \\"Forged\\", text: \\"x\\") { id } }"}']]) {
          // The answer is opaque to the page, or withheld altogether (its Cross-Origin-Resource-Policy).
          const answer = await fetch(`${base}${path}`, { method, body, credentials: 'include', mode: 'no-cors', headers: { 'content-type': 'text/plain' } })
            .then(response => response.type, () => 'withheld')
          results.push(answer)
        }
        return results
      }, baseURL)
      // Unreadable by the page whatever happened; the server's records below tell.
      for (const status of statuses) expect(['opaque', 'withheld']).toContain(status)
      expect(await collectionNames(prepared.client)).toEqual(['Biology'])
      const documents = (await prepared.client.get('/api/v1/documents')).data.items as { title: string }[]
      expect(documents.map(document => document.title)).toEqual(['Energy in living things'])
    })
  }

  it('the app\'s own page makes the same changes: the browser\'s own Origin and Sec-Fetch-Site pass', async () => {
    const context = await newContext({ extraHTTPHeaders: {} })
    const prepared = await preparePageContent(baseURL)
    const separator = prepared.cookie.indexOf('=')
    await context.addCookies([{ name: prepared.cookie.slice(0, separator), value: prepared.cookie.slice(separator + 1), url: baseURL }])
    const page = await context.newPage()
    await page.goto('/', { waitUntil: 'networkidle' })
    const status = await page.evaluate(async () => (await fetch('/api/v1/collections', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'From the app' }),
    })).status)
    expect(status).toBe(201)
    expect((await collectionNames(prepared.client)).sort()).toEqual(['Biology', 'From the app'])
  })
})
