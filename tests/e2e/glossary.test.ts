import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { controlledByServiceWorker, chromiumFixture, patiently, processingTimeout } from '../support/browser'
import { glossaryChapter } from '../support/content'
import { signedInClient } from '../support/http'

const baseURL = inject('baseURL')

/** Uploads the glossary chapter with the page's own session and waits until its atoms are stored. */
async function uploadCells(context: BrowserContext, title: string): Promise<{ id: string, atoms: { id: string, title: string }[] }> {
  const response = await context.request.post('/api/v1/documents', {
    multipart: { file: { name: 'cells.md', mimeType: 'text/markdown', buffer: Buffer.from(glossaryChapter(title)) } },
  })
  expect(response.status()).toBe(202)
  const { id } = await response.json() as { id: string }
  await expect.poll(async () => (await (await context.request.get(`/api/v1/documents/${id}`)).json() as { status: string }).status,
    { timeout: processingTimeout, interval: 250 }).toBe('ready')
  const { items } = await (await context.request.get(`/api/v1/documents/${id}/atoms`)).json() as { items: { id: string, title: string }[] }
  return { id, atoms: items }
}

const terms = (page: Page) => page.getByTestId('glossary-term').allTextContents().then(texts => texts.map(text => text.trim()))
const entry = (page: Page, term: string) => page.getByTestId('glossary-entry').filter({ has: page.getByTestId('glossary-term').getByText(term, { exact: true }) })

/** Answers every card of the session shown, checking each is about one of `about`; says how many there were. */
async function studyAll(page: Page, about: RegExp): Promise<number> {
  let answered = 0
  for (;;) {
    await expect.poll(async () => await page.getByTestId('session-summary').isVisible() || await page.getByTestId('reveal').isVisible(), patiently).toBe(true)
    if (await page.getByTestId('session-summary').isVisible()) return answered
    const front = await page.getByTestId('study-front').textContent()
    await page.getByTestId('reveal').click()
    const back = await page.getByTestId('study-back').textContent()
    expect(`${front} ${back}`).toMatch(about)
    await page.getByTestId('grade-easy').click()
    answered++
  }
}

describe('glossaries in the browser', () => {
  const newContext = chromiumFixture()
  let context: BrowserContext

  beforeAll(async () => {
    context = await newContext()
    // Signed in through the API; the browser gets the session cookie, and the context's requests share it.
    const { client } = await signedInClient('glossary', undefined, baseURL)
    const separator = client.cookieHeader.indexOf('=')
    await context.addCookies([{ name: client.cookieHeader.slice(0, separator), value: client.cookieHeader.slice(separator + 1), url: baseURL }])
  })

  it('lists a document\'s terms, filters them as you type, leads to the defining atom and studies the terms shown', async () => {
    const { id } = await uploadCells(context, 'Cells, glossary')
    const page = await context.newPage()
    await page.goto(`/documents/${id}`)
    await page.getByTestId('glossary-link').click()
    await page.waitForURL(`**/documents/${id}/glossary`)
    await expect.poll(() => terms(page), patiently).toEqual(['active transport', 'cell membrane', 'membrane', 'osmosis'])
    expect(await entry(page, 'osmosis').getByTestId('glossary-definition').textContent()).toContain('the diffusion of water across a membrane')
    // A click before the page is hydrated does nothing: click until the order has changed.
    await expect.poll(async () => {
      await page.getByTestId('order-score').click()
      return terms(page)
    }, patiently).toEqual(['osmosis', 'membrane', 'cell membrane', 'active transport'])

    // Terms and definitions are searched: "water" is no term, but in the definition of osmosis.
    await expect.poll(async () => {
      await page.getByTestId('glossary-search').fill('water')
      return terms(page)
    }, patiently).toEqual(['osmosis'])
    expect(await page.getByTestId('glossary-count').textContent()).toContain('1 of 4 terms')
    await page.getByTestId('glossary-search').fill('photosynthesis')
    await page.getByTestId('glossary-empty').waitFor()

    await page.getByTestId('glossary-search').fill('osmosis')
    await expect.poll(() => terms(page), patiently).toEqual(['osmosis'])
    await entry(page, 'osmosis').getByTestId('glossary-atom').click()
    await page.waitForURL(/\/atoms\//)
    await expect.poll(() => page.getByTestId('atom-title').textContent(), patiently).toContain('Osmosis')
    await page.goBack()
    // The search is in the address, so coming back shows the same terms.
    await expect.poll(() => terms(page), patiently).toEqual(['osmosis'])

    await page.getByTestId('study-terms').click()
    await page.waitForURL(/\/study\?/)
    await page.getByTestId('study-terms-scope').waitFor()
    const { items } = await (await context.request.get(`/api/v1/study/due?documentId=${id}&terms=osmosis&newLimit=100`)).json() as { items: unknown[] }
    expect(items.length).toBeGreaterThanOrEqual(2)
    expect(await studyAll(page, /osmosis/i)).toBe(items.length)
    await page.close()
  })

  it('shows a correction made in the atom editor: a term removed, a term added with its definition', async () => {
    const { id, atoms } = await uploadCells(context, 'Cells, corrected')
    const transport = atoms.find(atom => atom.title === 'Active transport')!
    const page = await context.newPage()
    await page.goto(`/atoms/${transport.id}`)
    // The author's tools open on request, below the atom.
    await expect.poll(async () => {
      if (await page.getByTestId('atom-manage').getAttribute('open') === null) await page.getByTestId('edit-atom').click()
      else if (await page.getByTestId('edit-open').isVisible()) await page.getByTestId('edit-open').click()
      return page.getByTestId('edit-terms').isVisible()
    }, patiently).toBe(true)
    expect(await page.getByTestId('edit-terms').inputValue()).toBe('active transport, osmosis, membrane, cell membrane')
    await page.getByTestId('edit-terms').fill('active transport, cell membrane, osmosis, concentration gradient')
    await page.locator('[data-term="concentration gradient"]').fill('a difference in concentration between two places')
    await page.getByTestId('edit-save').click()
    await page.getByTestId('edit-open').waitFor()
    await expect.poll(() => page.getByTestId('atom-body').isVisible(), patiently).toBe(true)

    await page.goto(`/documents/${id}/glossary`)
    await expect.poll(() => terms(page), patiently).toEqual(['active transport', 'cell membrane', 'concentration gradient', 'osmosis'])
    const added = entry(page, 'concentration gradient')
    expect(await added.getByTestId('glossary-definition').textContent()).toContain('a difference in concentration between two places')
    expect(await added.getByTestId('glossary-atom').textContent()).toContain('Active transport')
    await page.close()
  })

  it('works offline once the document is saved on the device: its terms, the search and studying them', async () => {
    const { id } = await uploadCells(context, 'Cells, offline')
    const page = await context.newPage()
    await page.goto(`/documents/${id}`)
    await controlledByServiceWorker(page)
    await expect.poll(async () => {
      await page.getByTestId('available-offline').check()
      return page.getByTestId('saved-offline').isVisible()
    }, patiently).toBe(true)

    await context.setOffline(true)
    try {
      // Never opened before: the service worker's shell answers, and the glossary comes from the device.
      await page.goto(`/documents/${id}/glossary?order=score`)
      await page.getByTestId('offline-banner').waitFor()
      await expect.poll(() => terms(page), patiently).toEqual(['osmosis', 'membrane', 'cell membrane', 'active transport'])
      await expect.poll(async () => {
        await page.getByTestId('glossary-search').fill('transport')
        return terms(page)
      }, patiently).toEqual(['active transport'])
      await page.getByTestId('study-terms').click()
      await page.waitForURL(/\/study\?/)
      expect(await studyAll(page, /active transport/i)).toBeGreaterThanOrEqual(2)
    }
    finally {
      await context.setOffline(false)
    }
    await page.close()
  })
})
