import type { BrowserContext } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { chapter, chromiumFixture, patiently, processingTimeout, registerThroughForm } from '../support/browser'
import { markdownBook } from '../support/content'

describe('the author flow', () => {
  const newContext = chromiumFixture()
  let context: BrowserContext

  beforeAll(async () => {
    context = await newContext()
  })

  it('uploads two files at once, edits an atom, splits it and merges it back, keeping its id', async () => {
    const page = await context.newPage()
    await registerThroughForm(page, 'Author')
    await page.getByTestId('upload-file').setInputFiles([
      { name: 'first.md', mimeType: 'text/markdown', buffer: Buffer.from(chapter()) },
      { name: 'second.md', mimeType: 'text/markdown', buffer: Buffer.from(chapter().replace('How memory works', 'Memory, part two')) },
    ])
    await expect.poll(() => page.getByTestId('upload-submit').textContent(), patiently).toContain('Upload 2 files')
    await page.getByTestId('upload-submit').click()
    const rows = page.getByTestId('upload-progress').getByRole('progressbar')
    await expect.poll(() => rows.count(), patiently).toBe(2)
    await expect.poll(() => page.getByTestId('upload-progress').getByRole('link').count(), patiently).toBe(2)
    await expect.poll(() => page.getByTestId('my-documents').getByRole('link').count(), patiently).toBeGreaterThanOrEqual(2)

    await page.getByTestId('upload-progress').getByRole('link', { name: 'first.md' }).click()
    await page.waitForURL(/\/documents\/[\w-]+$/)
    await page.getByTestId('document').getByTestId('status').filter({ hasText: 'ready' }).waitFor({ timeout: processingTimeout })
    await page.getByTestId('atom-item').getByRole('link', { name: 'Retrieval practice' }).click()
    await page.waitForURL(/\/atoms\//)
    const atomId = new URL(page.url()).pathname.split('/').pop()!

    // Reading first: the text, its terms and glossary come before the author's tools, which stay closed until asked for.
    await page.getByTestId('atom-manage').waitFor()
    const order = await page.evaluate(() => ['atom-body', 'glossary', 'cards', 'atom-manage']
      .map(id => document.querySelector(`[data-testid="${id}"]`))
      .map(element => element ? [...document.querySelectorAll('[data-testid]')].indexOf(element) : -1))
    expect(order.filter(index => index >= 0)).toEqual([...order.filter(index => index >= 0)].sort((a, b) => a - b))
    expect(order[0]).toBeGreaterThanOrEqual(0)
    expect(order.at(-1)).toBeGreaterThan(order[0]!)
    expect(await page.getByTestId('atom-editor').count()).toBe(0)
    await page.getByTestId('edit-atom').click()
    await page.getByTestId('edit-open').click()
    await page.getByTestId('edit-title').fill('Recall practice')
    await page.getByTestId('edit-type').selectOption('procedure')
    const body = page.getByTestId('edit-body')
    await body.fill(`${await body.inputValue()}\n\n**Figure 1.** A page of notes with the \`gaps\` marked.`)
    await page.getByTestId('edit-save').click()
    await expect.poll(() => page.getByTestId('atom-title').textContent(), patiently).toContain('Recall practice')
    const saved = await (await context.request.get(`/api/v1/atoms/${atomId}`)).json() as { title: string, type: string }
    expect(saved).toMatchObject({ title: 'Recall practice', type: 'procedure' })

    const before = await (await context.request.get(`/api/v1/atoms/${atomId}`)).json() as { documentId: string, body: string }
    const count = async () => ((await (await context.request.get(`/api/v1/documents/${before.documentId}/atoms?limit=100`)).json()) as { items: unknown[] }).items.length
    const atomsBefore = await count()
    const bodyBefore = await page.getByTestId('atom-body').textContent()
    // The paragraphs to split before read as the page shows them, not as Markdown source.
    const choices = page.getByTestId('atom-editor').locator('.split-point')
    await expect.poll(() => choices.count(), patiently).toBeGreaterThan(0)
    const texts = await choices.allTextContents()
    for (const text of texts) expect(text).not.toMatch(/\*\*|`|\[[^\]]*\]\(|^\s*#/)
    expect(texts.map(text => text.replace(/\s+/g, ' ').trim())).toContain('Figure 1. A page of notes with the gaps marked.')
    await page.getByTestId('split-point').first().check()
    await page.getByTestId('split-submit').click()
    await expect.poll(count, patiently).toBe(atomsBefore + 1)
    expect(new URL(page.url()).pathname).toBe(`/atoms/${atomId}`)
    // The page shows the shortened atom once the split's answer is in; the merge button then waits for the
    // new neighbours (Playwright's click waits for it to be enabled).
    await expect.poll(() => page.getByTestId('atom-body').textContent(), patiently).not.toBe(bodyBefore)

    await expect.poll(() => page.getByTestId('merge-next').isVisible(), patiently).toBe(true)
    await page.getByTestId('merge-next').click()
    await expect.poll(count, patiently).toBe(atomsBefore)
    const merged = await (await context.request.get(`/api/v1/atoms/${atomId}`)).json() as { body: string }
    expect(merged.body.replace(/\s+/g, ' ')).toBe(before.body.replace(/\s+/g, ' '))
    await page.close()
  })

  it('keeps the upload form honest: one error for a refused file, no full bar beside it, nothing to send offline', async () => {
    const own = await newContext()
    const page = await own.newPage()
    await registerThroughForm(page, 'Uploader')
    // On a phone the header's one row keeps the search field wide enough to read a query.
    await page.setViewportSize({ width: 390, height: 844 })
    expect((await page.getByTestId('search-input').boundingBox())!.width).toBeGreaterThanOrEqual(250)
    await page.setViewportSize({ width: 1280, height: 800 })

    // Over the server's upload limit (1 MiB here): refused after the bytes went out.
    await page.getByTestId('upload-file').setInputFiles({ name: 'huge.md', mimeType: 'text/markdown', buffer: Buffer.from(`# Huge\n\n${'word '.repeat(300_000)}`) })
    await page.getByTestId('upload-submit').click()
    await page.getByTestId('upload-error').waitFor()
    expect(await page.getByTestId('upload-error').textContent()).toMatch(/larger than|too large|limit/i)
    expect(await page.getByRole('alert').count()).toBe(1)
    expect(await page.getByTestId('upload-progress').count()).toBe(0)

    await own.setOffline(true)
    try {
      await page.getByTestId('upload-offline').waitFor()
      expect(await page.getByTestId('upload-submit').isDisabled()).toBe(true)
      expect(await page.getByTestId('upload-file').isDisabled()).toBe(true)
    }
    finally {
      await own.setOffline(false)
    }
    await expect.poll(() => page.getByTestId('upload-submit').isDisabled(), patiently).toBe(false)
    await page.close()
  })

  it('says where a document went when it is moved into a collection or out of it', async () => {
    const own = await newContext()
    const page = await own.newPage()
    // A visitor sees what the app does, with an atom and a card, before the form.
    await page.goto('/login')
    expect(await page.getByTestId('welcome').textContent()).toContain('Long chapters become small, linked atoms')
    expect(await page.getByTestId('welcome').getByRole('img', { name: 'An atom and one of its cards' }).count()).toBe(1)
    await registerThroughForm(page, 'Mover')
    const collection = await (await own.request.post('/api/v1/collections', { data: { name: 'Shelf' } })).json() as { id: string }
    const uploaded = await own.request.post('/api/v1/documents', { multipart: { file: { name: 'memory.md', mimeType: 'text/markdown', buffer: Buffer.from(chapter()) } } })
    const { id } = await uploaded.json() as { id: string }
    await page.goto(`/documents/${id}`)
    await page.getByTestId('manage').click()
    // The list of collections loads once the page is hydrated.
    await expect.poll(() => page.getByTestId('move-collection').locator('option').count(), patiently).toBe(2)
    // Choosing a collection moves nothing until Move is pressed.
    await page.getByTestId('move-collection').selectOption(collection.id)
    expect(await page.getByTestId('move-saved').textContent()).toBe('')
    expect((await (await own.request.get(`/api/v1/documents/${id}`)).json() as { collectionId: string | null }).collectionId ?? null).toBe(null)
    await page.getByTestId('move-submit').click()
    await expect.poll(() => page.getByTestId('move-saved').textContent(), patiently).toBe('Moved into “Shelf”.')
    expect((await (await own.request.get(`/api/v1/documents/${id}`)).json() as { collectionId: string }).collectionId).toBe(collection.id)
    await page.getByTestId('move-collection').selectOption('')
    await page.getByTestId('move-submit').click()
    await expect.poll(() => page.getByTestId('move-saved').textContent(), patiently).toBe('Taken out of its collection.')
    await page.close()
  })

  it('counts the atoms stored so far while a long document is processed, then all of them', async () => {
    // A browser of its own: the shared one is signed in already.
    const page = await (await newContext()).newPage()
    await registerThroughForm(page, 'Counter')
    // About a megabyte, just under this server's upload limit: sixteen hundred sections, one atom each.
    await page.getByTestId('upload-file').setInputFiles({ name: 'long.md', mimeType: 'text/markdown', buffer: Buffer.from(markdownBook(1600, 3, 'A long book', 2)) })
    await page.getByTestId('upload-submit').click()
    await page.getByTestId('upload-progress').getByRole('link', { name: 'long.md' }).click()
    await page.waitForURL(/\/documents\/[\w-]+$/)
    // Every count the page shows, as it shows it: the window while atoms are stored may be short.
    await page.evaluate(() => {
      const seen: string[] = []
      Object.assign(globalThis, { atomCountsSeen: seen })
      const record = () => {
        const text = document.querySelector('[data-testid="atom-count"]')?.textContent?.trim()
        if (text && seen.at(-1) !== text) seen.push(text)
      }
      record()
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, characterData: true })
    })
    await page.getByTestId('document').getByTestId('status').filter({ hasText: 'ready' }).waitFor({ timeout: processingTimeout })
    const seen = await page.evaluate(() => (globalThis as { atomCountsSeen?: string[] }).atomCountsSeen ?? [])
    expect(seen.at(-1)).toBe('1600 atoms')
    const sofar = seen.filter(text => text.endsWith('so far')).map(text => Number(text.split(' ')[0]))
    // Never "0 atoms so far", and counts that only grow, up to the whole.
    expect(sofar.length).toBeGreaterThan(0)
    expect(sofar.every(count => count > 0 && count <= 1600)).toBe(true)
    expect(sofar).toEqual([...sofar].sort((a, b) => a - b))
  })
})
