import type { BrowserContext } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { chapter, chapterSection, controlledByServiceWorker, chromiumFixture, patiently, processingTimeout, registerThroughForm } from '../support/browser'

/**
 * Shares no word with the sample chapter; closest in meaning to its section on retrieval practice. The encoder
 * never read "retrieved" but learned its pieces ("retrieve", "retrieving"), so the server and the device both
 * search it by meaning (shared/utils/query-meaning.ts).
 */
const semanticQuery = 'retrieved'

/** Uploads the sample chapter (or other Markdown) with the page's own session and waits until its atoms are stored. */
async function uploadChapter(context: BrowserContext, title: string, markdown = chapter()): Promise<string> {
  const response = await context.request.post('/api/v1/documents', {
    multipart: { file: { name: 'memory.md', mimeType: 'text/markdown', buffer: Buffer.from(markdown) }, title },
  })
  expect(response.status()).toBe(202)
  const { id } = await response.json() as { id: string }
  await expect.poll(async () => (await (await context.request.get(`/api/v1/documents/${id}`)).json() as { status: string }).status,
    { timeout: processingTimeout, interval: 250 }).toBe('ready')
  return id
}

describe('the installable app offline', () => {
  const newContext = chromiumFixture()
  let context: BrowserContext

  beforeAll(async () => {
    context = await newContext()
  })

  it('meets the install criteria: a manifest with icons, and a service worker controlling the page', async () => {
    const page = await context.newPage()
    await registerThroughForm(page, 'Grace')
    const manifestHref = await page.locator('link[rel="manifest"]').getAttribute('href')
    expect(manifestHref).toBeTruthy()
    const manifest = await (await context.request.get(manifestHref!)).json() as { name: string, start_url: string, display: string, icons: { sizes: string, purpose?: string }[] }
    expect(manifest).toMatchObject({ name: 'Learning Atomizer', start_url: '/', display: 'standalone' })
    expect(manifest.icons.map(icon => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']))
    expect(manifest.icons.some(icon => icon.purpose === 'maskable')).toBe(true)
    for (const icon of manifest.icons as unknown as { src: string }[]) expect((await context.request.get(icon.src)).status()).toBe(200)
    await controlledByServiceWorker(page)
    await page.close()
  })

  it('takes a collection offline: reads, searches and studies with the network off, and syncs the reviews exactly once', async () => {
    const documentId = await uploadChapter(context, 'Memory, offline')
    // A second document repeats one section word for word: a near-duplicate of that atom in another document.
    const copyId = await uploadChapter(context, 'Spacing, kept apart', `# Spacing, kept apart\n\n${chapterSection('Spaced repetition', 'Spacing')}`)
    const collection = await (await context.request.post('/api/v1/collections', { data: { name: 'Study skills' } })).json() as { id: string }
    for (const id of [documentId, copyId]) {
      expect((await context.request.put(`/api/v1/documents/${id}/collection`, { data: { collectionId: collection.id } })).status()).toBe(200)
    }
    const spacing = (await (await context.request.get(`/api/v1/documents/${documentId}/atoms`)).json() as { items: { id: string, title: string }[] }).items
      .find(atom => atom.title === 'Spaced repetition')!
    const duplicatesOnline = (await (await context.request.get(`/api/v1/atoms/${spacing.id}/links`)).json() as { duplicates: { documentTitle: string }[] }).duplicates
    expect(duplicatesOnline.map(duplicate => duplicate.documentTitle)).toEqual(['Spacing, kept apart'])
    const page = await context.newPage()
    await page.goto(`/collections/${collection.id}`)
    await controlledByServiceWorker(page)
    // Hydrated before the switch is used; a click before that does nothing.
    await expect.poll(async () => {
      await page.getByTestId('available-offline').check()
      return page.getByTestId('saved-offline').isVisible()
    }, patiently).toBe(true)

    // By meaning: no word of the query is in any atom (Orama does not stem, so "retrieved" is not "retrieval"),
    // yet the server's hybrid search finds the atom on retrieval practice; offline search must find the same one.
    const semantic = await (await context.request.get(`/api/v1/search?q=${semanticQuery}&collectionId=${collection.id}`)).json() as { items: { atom: { title: string } }[] }
    expect(semantic.items[0]?.atom.title).toBe('Retrieval practice')

    await context.setOffline(true)
    try {
      await page.reload()
      await page.getByTestId('offline-banner').waitFor()
      await expect.poll(() => page.getByTestId('collection-title').textContent(), patiently).toBe('Study skills')
      await expect.poll(() => page.getByTestId('atom-item').count(), patiently).toBeGreaterThanOrEqual(5)

      await page.getByTestId('atom-item').getByRole('link', { name: 'Mnemonic devices' }).click()
      await page.waitForURL(/\/atoms\//)
      await expect.poll(() => page.getByTestId('atom-body').textContent(), patiently).toContain('easy to recall')

      // Near-duplicates come from the atoms' vectors on the device, the same the server lists.
      await page.goto(`/atoms/${spacing.id}`)
      await expect.poll(() => page.getByTestId('duplicates').textContent(), patiently).toContain('Spacing, kept apart')

      // A page never opened before, straight from the address bar: the shell answers and reads from the device.
      await page.goto('/search?q=zeugmatic')
      await expect.poll(() => page.getByTestId('search-result').count(), patiently).toBe(1)
      expect(await page.getByTestId('search-result').first().innerHTML()).toContain('<mark>zeugmatic</mark>')
      // The device's index folds accents and leaves out stop words, as the server's does.
      await page.goto(`/search?q=${encodeURIComponent('zeugmátic')}`)
      await expect.poll(() => page.getByTestId('search-result').count(), patiently).toBe(1)
      expect(await page.getByTestId('search-result').first().innerHTML()).toContain('<mark>zeugmatic</mark>')
      await page.goto('/search?q=the')
      await expect.poll(() => page.getByTestId('search-total').textContent(), patiently).toContain('only common words')
      await expect.poll(() => page.getByTestId('search-result').count(), patiently).toBe(0)

      // The text encoder runs in this page (TF.js on WASM), from files the service worker kept when the collection was saved.
      await page.goto(`/search?q=${semanticQuery}`)
      await expect.poll(() => page.getByTestId('search-result').count(), patiently).toBeGreaterThanOrEqual(1)
      const first = page.getByTestId('search-result').first()
      expect(await first.getByRole('link').textContent()).toContain('Retrieval practice')
      expect(await first.innerHTML()).not.toContain('<mark>')

      await page.goto(`/study?collection=${collection.id}`)
      for (const grade of ['good', 'easy']) {
        await page.getByTestId('reveal').click()
        await page.getByTestId('study-back').waitFor()
        await page.getByTestId(`grade-${grade}`).click()
      }
      await expect.poll(() => page.getByTestId('sync-status').textContent(), patiently).toContain('2 reviews wait')
    }
    finally {
      await context.setOffline(false)
    }
    // Back online: the queue goes to the server by itself, once.
    const reviews = async () => (await (await context.request.get('/api/v1/reviews?limit=100')).json() as { items: { rating: number }[] }).items
    await expect.poll(async () => (await reviews()).length, patiently).toBe(2)
    expect((await reviews()).map(review => review.rating).sort()).toEqual([3, 4])
    await page.reload()
    await page.getByTestId('nav-study').waitFor()
    await expect.poll(() => page.evaluate(() => new Promise<number>((resolve) => {
      const open = indexedDB.open('learning-atomizer')
      open.onsuccess = () => {
        const request = open.result.transaction('pendingReviews').objectStore('pendingReviews').count()
        request.onsuccess = () => resolve(request.result)
      }
    })), patiently).toBe(0)
    expect((await reviews()).length).toBe(2)
    await page.close()
  })

  it('reads an atom offline that was opened once online, without saving its document', async () => {
    const documentId = await uploadChapter(context, 'Opened once')
    const atoms = await (await context.request.get(`/api/v1/documents/${documentId}/atoms?limit=1`)).json() as { items: { id: string, title: string }[] }
    const atom = atoms.items[0]!
    const page = await context.newPage()
    await page.goto(`/atoms/${atom.id}`)
    await controlledByServiceWorker(page)
    await expect.poll(() => page.getByTestId('atom-title').textContent(), patiently).toContain(atom.title)
    // The device has kept it once the reader has shown it.
    await expect.poll(() => page.evaluate(id => new Promise<boolean>((resolve) => {
      const open = indexedDB.open('learning-atomizer')
      open.onsuccess = () => {
        const request = open.result.transaction('atoms').objectStore('atoms').get(id)
        request.onsuccess = () => resolve(!!request.result)
        request.onerror = () => resolve(false)
      }
      open.onerror = () => resolve(false)
    }), atom.id), patiently).toBe(true)
    await context.setOffline(true)
    try {
      await page.reload()
      await expect.poll(() => page.getByTestId('atom-title').textContent(), patiently).toContain(atom.title)
    }
    finally {
      await context.setOffline(false)
    }
    await page.close()
  })

  it('starts offline signed in after a page that was never idle: the user is remembered at once', async () => {
    const busy = await context.newPage()
    // A page kept busy the whole time it was open: idle callbacks never run.
    await busy.addInitScript(() => {
      window.requestIdleCallback = () => 0
    })
    await busy.goto('/')
    await controlledByServiceWorker(busy)
    await busy.evaluate(() => localStorage.removeItem('atomizer-user'))
    await busy.reload()
    await expect.poll(() => busy.evaluate(() => localStorage.getItem('atomizer-user')), patiently).toContain('"name":"Grace"')
    await busy.close()
    await context.setOffline(true)
    try {
      const page = await context.newPage()
      await page.goto('/')
      await page.getByTestId('offline-banner').waitFor()
      expect(new URL(page.url()).pathname).toBe('/')
      expect(await page.getByTestId('user-name').textContent()).toContain('Grace')
      // The library sorts the saved documents as online: Grace's own under hers, none as shared with her.
      await expect.poll(() => page.getByTestId('my-documents').textContent(), patiently).toContain('Memory, offline')
      expect(await page.getByTestId('shared-documents').textContent()).not.toContain('Memory, offline')
      // Scrolled to the end, the page's last lines stay above the offline notice, on a phone too.
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 700 })
        await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
        const covered = await page.evaluate(() => {
          const last = document.querySelector('main')!.lastElementChild!.getBoundingClientRect()
          const notice = document.querySelector('[data-testid="offline-banner"]')!.getBoundingClientRect()
          return last.bottom > notice.top
        })
        expect(covered, `at ${width} px`).toBe(false)
      }
      // On a phone the notice sits above the bottom navigation bar, not over it.
      const [noticeBottom, navTop] = await page.evaluate(() => [
        document.querySelector('[data-testid="offline-banner"]')!.getBoundingClientRect().bottom,
        document.querySelector('.main-nav')!.getBoundingClientRect().top,
      ])
      expect(noticeBottom).toBeLessThanOrEqual(navTop)
      await page.close()
    }
    finally {
      await context.setOffline(false)
    }
  })
})
