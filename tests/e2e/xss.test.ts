import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { payloadsUpTo, xssPayloads } from '../fixtures/xss-payloads'
import { chromiumFixture } from '../support/browser'
import { watchCsp } from '../support/csp'
import { ApiClient, register, testPassword, uniqueEmail } from '../support/http'
import { appPages, isOnPage, type PageContent } from '../support/pages'

const baseURL = inject('baseURL')

/** Ordinary prose around the payloads, so each section is long enough to become an atom of its own. */
const filler = 'Plants turn light into chemical energy, and every cell then spends that energy on growth, repair and movement. '
  + 'Students remember the steps better when they draw each one and name the molecules that carry the energy between them.'

/** A Markdown chapter with every payload in it: in headings, in paragraphs, as raw HTML, links and images. */
function payloadChapter(): string {
  const perSection = Math.ceil(xssPayloads.length / 6)
  const sections = Array.from({ length: 6 }, (_, index) => {
    const payloads = xssPayloads.slice(index * perSection, (index + 1) * perSection)
    return [`## Section ${index + 1} ${payloadsUpTo(60)[index]}`, filler, ...payloads.flatMap(payload => [payload, filler])].join('\n\n')
  })
  return [`# Payloads ${payloadsUpTo(60)[0]}`, filler, ...sections].join('\n\n')
}

/** The same payloads inside an HTML document, where the atomizer reads them as markup. */
function payloadPage(): string {
  const body = xssPayloads.map((payload, index) => `<h2>Part ${index + 1}</h2><p>${filler}</p>${payload}<p>${filler}</p>`).join('\n')
  return `<!doctype html><html><head><title>${payloadsUpTo(60)[1]}</title></head><body><h1>Payloads in HTML</h1>${body}</body></html>`
}

/** What a page showed of script running, or of active content that reached its DOM. */
interface Findings {
  marker: unknown
  dialogs: string[]
  violations: string[]
  /** Elements with event-handler attributes, `javascript:` URLs, or scripts without the page's nonce. */
  active: string[]
}

/** Active content in the page's DOM, the `window.__xss` marker, and the page's text. */
function inspect(page: Page) {
  return page.evaluate(() => {
    const found: string[] = []
    for (const element of document.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        if (/^on/i.test(attribute.name)) found.push(`${element.tagName} ${attribute.name}`)
        if (/^(href|src|action|formaction|data|background|dynsrc)$/i.test(attribute.name) && /^\W*(javascript|vbscript|data:text\/html)/i.test(attribute.value)) {
          found.push(`${element.tagName} ${attribute.name}=${attribute.value.slice(0, 40)}`)
        }
      }
      if (/^(IFRAME|FRAME|OBJECT|EMBED|BASE)$/.test(element.tagName)) found.push(element.tagName)
    }
    for (const script of document.scripts) if (!script.nonce) found.push(`SCRIPT without nonce: ${script.outerHTML.slice(0, 60)}`)
    const win = window as unknown as { __xss?: unknown }
    return { marker: win.__xss, active: found, text: document.body.innerText }
  })
}

async function visit(page: Page, path: string, dialogs: string[]): Promise<Findings & { text: string }> {
  const csp = await watchCsp(page)
  await page.goto(path, { waitUntil: 'networkidle' })
  expect(isOnPage(page.url(), path), `${path} ended at ${page.url()}`).toBe(true)
  await page.locator('main, #main, h1').first().waitFor()
  const { marker, active, text } = await inspect(page)
  return { marker, dialogs: [...dialogs], violations: await csp.violations(), active, text }
}

/**
 * Every field a user can fill, fed the XSS corpus (tests/fixtures/xss-payloads.ts): an uploaded Markdown and
 * HTML document (through the atomizer), a document title, an edited atom's title, body, key terms and
 * definitions, a collection's name and description, a token's name, and search queries. Every page that
 * shows them is rendered in Chromium: no payload may run (the `window.__xss` marker, a dialog), reach the
 * DOM as active content, or even be tried and blocked by the Content-Security-Policy.
 */
describe('XSS payloads in everything a user can write', () => {
  const newContext = chromiumFixture()
  let context: BrowserContext
  let content: PageContent
  const extraPaths: string[] = []
  /** Text each page must show, so the payloads are there to see, as text. */
  const shown: { collection: string, atomTitle: string, documentTitle: string, tokenName: string } = { collection: '', atomTitle: '', documentTitle: '', tokenName: '' }

  beforeAll(async () => {
    const client = new ApiClient(baseURL)
    await register(client, { email: uniqueEmail('xss'), password: testPassword, name: payloadsUpTo(100)[2]! })
    shown.documentTitle = payloadsUpTo(200).at(-1)!
    const markdown = await client.uploadReady('payloads.md', payloadChapter(), { title: shown.documentTitle })
    const html = await client.uploadReady('payloads.html', payloadPage(), { type: 'text/html' })
    const atoms = (await client.get(`/api/v1/documents/${markdown.id}/atoms?limit=50`)).data.items as { id: string }[]
    const htmlAtoms = (await client.get(`/api/v1/documents/${html.id}/atoms?limit=50`)).data.items as { id: string }[]
    expect(atoms.length).toBeGreaterThan(3)

    // Atom editing: title, body, key terms and what they mean.
    const terms = payloadsUpTo(100).slice(0, 12)
    shown.atomTitle = payloadsUpTo(200)[5]!
    const edited = await client.patch(`/api/v1/atoms/${atoms[1]!.id}`, {
      title: shown.atomTitle,
      body: [filler, ...xssPayloads].join('\n\n'),
      terms,
      definitions: terms.slice(0, 6).map((term, index) => ({ term, meaning: xssPayloads[index]! })),
    })
    expect(edited.status, JSON.stringify(edited.data)).toBe(200)

    shown.collection = payloadsUpTo(120)[6]!
    const collection = await client.post('/api/v1/collections', { name: shown.collection, description: xssPayloads.join(' ').slice(0, 2000) })
    expect(collection.status, JSON.stringify(collection.data)).toBe(201)
    for (const id of [markdown.id, html.id]) {
      expect((await client.put(`/api/v1/documents/${id}/collection`, { collectionId: collection.data.id })).status).toBe(200)
    }
    shown.tokenName = payloadsUpTo(100)[7]!
    expect((await client.post('/api/v1/tokens', { name: shown.tokenName, scopes: ['documents:read'], expiresInDays: 1 })).status).toBe(201)

    content = { documentId: markdown.id, atomId: atoms[1]!.id, searchTerm: `${payloadsUpTo(200)[0]} energy`, collectionId: collection.data.id }
    extraPaths.push(
      `/documents/${html.id}`,
      `/documents/${html.id}/glossary`,
      ...[...atoms, ...htmlAtoms.slice(0, 8)].filter(atom => atom.id !== content.atomId).map(atom => `/atoms/${atom.id}`),
      ...payloadsUpTo(500).filter((_, index) => index % 6 === 0).map(query => `/search?q=${encodeURIComponent(query)}`),
    )

    context = await newContext()
    const separator = client.cookieHeader.indexOf('=')
    await context.addCookies([{ name: client.cookieHeader.slice(0, separator), value: client.cookieHeader.slice(separator + 1), url: baseURL }])
  }, 180_000)

  async function expectNothingRan(path: string) {
    const page = await context.newPage()
    const dialogs: string[] = []
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`)
      void dialog.dismiss()
    })
    const findings = await visit(page, path, dialogs)
    await page.close()
    expect(findings.marker, `${path}: a payload set window.__xss`).toBeUndefined()
    expect(findings.dialogs, `${path}: a payload opened a dialog`).toEqual([])
    expect(findings.violations, `${path}: the CSP blocked something`).toEqual([])
    expect(findings.active, `${path}: active content in the DOM`).toEqual([])
    return findings.text
  }

  for (const appPage of appPages.filter(candidate => candidate.signedIn)) {
    it(`${appPage.name}`, async () => {
      const text = await expectNothingRan(appPage.path(content))
      // The payloads are on the page, as text.
      if (appPage.name === 'library') expect(text).toContain(shown.documentTitle)
      if (appPage.name === 'collection') expect(text).toContain(shown.collection)
      if (appPage.name === 'atom') expect(text).toContain(shown.atomTitle)
      if (appPage.name === 'api tokens') expect(text).toContain(shown.tokenName)
    })
  }

  it('the checks see a payload that does reach a page: its active content and the CSP\'s refusal', async () => {
    const page = await context.newPage()
    const csp = await watchCsp(page)
    await page.goto('/', { waitUntil: 'networkidle' })
    await page.evaluate(html => document.body.insertAdjacentHTML('beforeend', html), '<img src=x onerror="window.__xss=1"><a href="javascript:window.__xss=1">x</a>')
    const { active } = await inspect(page)
    expect(active).toEqual(expect.arrayContaining(['IMG onerror', 'A href=javascript:window.__xss=1']))
    await expect.poll(() => csp.violations()).not.toEqual([])
    await page.close()
  })

  it('every other atom of both documents, the HTML document\'s pages, and searches for payloads', async () => {
    expect(extraPaths.length).toBeGreaterThan(10)
    for (const path of extraPaths) await expectNothingRan(path)
  }, 300_000)
})
