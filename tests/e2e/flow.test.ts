import type { Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chapter, chromiumFixture, password, patiently, processingTimeout, registerThroughForm, uniqueEmail } from '../support/browser'

const statusLocator = (page: Page, status: string) => page.getByTestId('document').getByTestId('status').filter({ hasText: status })

describe('the browser flow', () => {
  const newContext = chromiumFixture()

  async function newPage() {
    const context = await newContext()
    return { context, page: await context.newPage() }
  }

  it('registers, uploads a chapter, watches it become atoms live, reads, searches and logs out', async () => {
    const { page } = await newPage()
    const frames: string[] = []
    page.on('websocket', socket => socket.on('framereceived', frame => frames.push(String(frame.payload))))

    await page.goto('/')
    await page.waitForURL(/\/login/)
    await registerThroughForm(page, 'Ada')
    expect(new URL(page.url()).pathname).toBe('/')
    await page.getByTestId('upload-form').waitFor()

    // Survives client-side navigation only: a reload would lose it.
    await page.evaluate(() => Object.assign(globalThis, { __marker: 1 }))

    // Holds the upload until the progress bar has been seen; a small file is otherwise sent in an instant.
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    await page.route(url => url.pathname === '/api/v1/documents', async (route) => {
      if (route.request().method() === 'POST') await held
      await route.continue()
    })
    await page.getByTestId('upload-file').setInputFiles({ name: 'memory.md', mimeType: 'text/markdown', buffer: Buffer.from(chapter()) })
    await page.getByTestId('upload-title').fill('How memory works')
    await page.getByTestId('upload-submit').click()
    const uploadProgress = page.getByTestId('upload-progress').getByRole('progressbar')
    await uploadProgress.waitFor()
    expect(await uploadProgress.getAttribute('aria-valuenow')).toMatch(/^\d+$/)
    release()

    await page.waitForURL(/\/documents\/[\w-]+$/)
    await page.unroute(url => url.pathname === '/api/v1/documents')
    const documentId = new URL(page.url()).pathname.split('/').pop()!
    await expect.poll(() => page.getByTestId('document-title').textContent(), patiently).toBe('How memory works')
    await statusLocator(page, 'ready').waitFor({ timeout: processingTimeout })
    const atomCount = Number((await page.getByTestId('atom-count').textContent())!.match(/\d+/)![0])
    expect(atomCount).toBeGreaterThanOrEqual(5)
    await expect.poll(() => page.getByTestId('atom-item').count(), patiently).toBe(atomCount)
    // Reading and studying come first; managing opens on request.
    const firstAtom = await page.getByTestId('atom-item').first().getByRole('link').getAttribute('href')
    expect(await page.getByTestId('start-reading').getAttribute('href')).toBe(firstAtom)
    expect(await page.getByTestId('study-document').getAttribute('href')).toBe(`/study?document=${documentId}`)
    expect(await page.getByTestId('owner-panel').getAttribute('open')).toBeNull()
    expect(await page.evaluate(() => (globalThis as { __marker?: number }).__marker)).toBe(1)
    // The state arrived over the socket, not only over REST.
    const messages = frames.map(frame => JSON.parse(frame) as { type: string, documentId?: string, document?: { id: string } })
    expect(messages).toContainEqual({ type: 'subscribed', channel: { kind: 'document', id: documentId }, documentId })
    expect(messages.some(message => message.type === 'document' && message.document?.id === documentId)).toBe(true)

    await page.getByTestId('atom-item').getByRole('link', { name: 'Mnemonic devices' }).click()
    await page.waitForURL(/\/atoms\//)
    await expect.poll(() => page.getByTestId('atom-title').textContent(), patiently).toContain('Mnemonic devices')
    expect(await page.getByTestId('atom-body').textContent()).toContain('gives a list of facts a shape that is easy to recall')
    expect(await page.getByRole('navigation', { name: 'Breadcrumb' }).textContent()).toContain('Retrieval practice')
    expect(await page.evaluate(() => (globalThis as { __marker?: number }).__marker)).toBe(1)

    await page.getByTestId('search-input').fill('zeugmatic')
    await page.getByTestId('search-input').press('Enter')
    await page.waitForURL(/\/search\?q=zeugmatic/)
    const hit = page.getByTestId('search-result').first()
    await hit.waitFor()
    expect(await page.getByTestId('search-total').textContent()).toContain('1 result')
    expect(await hit.locator('mark').first().textContent()).toBe('zeugmatic')
    expect(await hit.getByRole('link').textContent()).toContain('Mnemonic devices')

    // One field for the query: the header's, which on this page follows what you type.
    expect(await page.getByRole('searchbox').count()).toBe(1)
    // As you type, with filters: the results follow the field, and a type filter leaves out other types.
    await page.getByTestId('search-input').fill('mnemonic')
    await page.waitForURL(/\/search\?q=mnemonic/)
    await expect.poll(() => page.getByTestId('search-total').textContent(), patiently).toMatch(/[1-9]\d* results? for “mnemonic”/)
    // Stop words alone find nothing, and the page says why; accents typed or not find the same atoms.
    await page.getByTestId('search-input').fill('the')
    await expect.poll(() => page.getByTestId('search-total').textContent(), patiently).toContain('only common words')
    await expect.poll(() => page.getByTestId('search-result').count(), patiently).toBe(0)
    await page.getByTestId('search-input').fill('mnémonic')
    await expect.poll(() => page.getByTestId('search-total').textContent(), patiently).toMatch(/[1-9]\d* results? for “mnémonic”/)
    await page.getByTestId('search-input').fill('mnemonic')
    await expect.poll(() => page.getByTestId('search-total').textContent(), patiently).toMatch(/[1-9]\d* results? for “mnemonic”/)
    const { items } = await (await page.request.get('/api/v1/search?q=mnemonic')).json() as { items: { atom: { type: string } }[] }
    const absent = ['concept', 'definition', 'example', 'procedure', 'fact', 'summary', 'exercise', 'other'].find(type => !items.some(item => item.atom.type === type))!
    await page.getByTestId(`search-type-${absent}`).check()
    await page.waitForURL(new RegExp(`type=${absent}`))
    await expect.poll(() => page.getByTestId('search-total').textContent(), patiently).toContain('0 results')

    // Signing out sits in the account menu, beside the theme.
    await page.getByTestId('account-menu').click()
    await page.getByTestId('logout').click()
    await page.waitForURL(/\/login/)
    await page.goto(`/documents/${documentId}`)
    await page.waitForURL(/\/login\?redirect=/)
  }, processingTimeout + 60_000)

  it('invites by email on the collection page; the invitee accepts in the library and then reads the collection', async () => {
    const owner = await newPage()
    await registerThroughForm(owner.page, 'Olive')
    const created = await owner.context.request.post('/api/v1/collections', { data: { name: 'Shared shelf' } })
    expect(created.status()).toBe(201)
    const { id } = await created.json() as { id: string }
    const invitee = await newPage()
    const inviteeEmail = await registerThroughForm(invitee.page, 'Ivan')

    await owner.page.goto(`/collections/${id}`)
    // Reading first: what the collection holds (its atoms in reading order) comes before adding to it and sharing it.
    await owner.page.getByTestId('share-email').waitFor()
    const inOrder = await owner.page.evaluate(() => {
      const [atoms, upload, share] = ['#atoms-heading', '[data-testid="upload-form"]', '[data-testid="share-email"]'].map(selector => document.querySelector(selector)!)
      const before = (a: Element, b: Element) => Boolean(a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING)
      return before(atoms!, upload!) && before(upload!, share!)
    })
    expect(inOrder).toBe(true)
    const message = owner.page.getByTestId('share-message')
    // Until the page is hydrated the form does nothing useful: send it until the answer shows.
    await expect.poll(async () => {
      await owner.page.getByTestId('share-email').fill(inviteeEmail)
      await owner.page.getByTestId('share-submit').click()
      return message.isVisible()
    }, patiently).toBe(true)
    expect(await message.textContent()).toContain(`Invitation sent to ${inviteeEmail}`)
    const entry = owner.page.getByTestId('share-entry').filter({ hasText: inviteeEmail })
    expect(await entry.textContent()).toContain('Pending')
    expect(await entry.textContent()).not.toContain('Ivan')

    await invitee.page.goto('/')
    const invitation = invitee.page.getByTestId('invitation').filter({ hasText: 'Shared shelf' })
    await invitation.waitFor()
    expect(await invitation.textContent()).toContain('Olive')
    const shelf = invitee.page.getByTestId('collection-item').filter({ hasText: 'Shared shelf' })
    expect(await shelf.count()).toBe(0)
    // A click before the page is hydrated does nothing: click until the invitation is taken, then the shelf
    // shows once the library has reloaded.
    await expect.poll(async () => {
      await invitation.getByTestId('invitation-accept').click({ timeout: 1_000 }).catch(() => undefined)
      return await invitation.count() === 0 || await shelf.count() === 1
    }, patiently).toBe(true)
    await shelf.waitFor()
    expect(await invitee.page.getByTestId('invitation').count()).toBe(0)

    // Now the owner sees who accepted.
    await owner.page.reload()
    await owner.page.getByTestId('share-entry').filter({ hasText: 'Ivan' }).waitFor()
  })

  it('does not show one user\'s document to another', async () => {
    const owner = await newPage()
    const email = uniqueEmail('owner')
    expect((await owner.context.request.post('/api/v1/auth/register', { data: { email, password, name: 'Owner' } })).status()).toBe(202)
    expect((await owner.context.request.post('/api/v1/auth/login', { data: { email, password } })).status()).toBe(200)
    const uploaded = await owner.context.request.post('/api/v1/documents', {
      multipart: { file: { name: 'private.md', mimeType: 'text/markdown', buffer: Buffer.from(chapter()) } },
    })
    expect(uploaded.status()).toBe(202)
    const { id } = await uploaded.json() as { id: string }
    // The owner sees it (whatever its progress), so the stranger's not-found is about access, not timing.
    await owner.page.goto(`/documents/${id}`)
    await owner.page.getByTestId('document-title').waitFor()

    const stranger = await newPage()
    await registerThroughForm(stranger.page, 'Mallory')
    await stranger.page.goto(`/documents/${id}`)
    await stranger.page.getByTestId('not-found').waitFor()
    expect(await stranger.page.getByTestId('not-found').textContent()).toContain('Document not found')
    expect(await stranger.page.getByTestId('document').count()).toBe(0)
  })
})
