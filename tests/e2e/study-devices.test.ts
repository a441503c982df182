import { randomUUID } from 'node:crypto'
import type { BrowserContext, Page, WebSocket } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { chapter, chromiumFixture, controlledByServiceWorker, patiently, processingTimeout, registerThroughForm } from '../support/browser'

interface DueCard { cardId: string, atomId: string }

const frameOf = (socket: WebSocket, type: string) =>
  socket.waitForEvent('framereceived', { predicate: frame => (JSON.parse(String(frame.payload)) as { type: string }).type === type })

/** Opens `path` and waits until its live socket has subscribed to my user channel. */
async function openSubscribed(page: Page, path: string): Promise<WebSocket> {
  const opened = page.waitForEvent('websocket')
  await page.goto(path)
  const socket = await opened
  await frameOf(socket, 'subscribed')
  return socket
}

/** Uploads the sample chapter with the context's session and waits until its atoms are stored. */
async function uploadReady(context: BrowserContext): Promise<string> {
  const upload = await context.request.post('/api/v1/documents', {
    multipart: { file: { name: 'memory.md', mimeType: 'text/markdown', buffer: Buffer.from(chapter()) } },
  })
  const { id } = await upload.json() as { id: string }
  await expect.poll(async () => (await (await context.request.get(`/api/v1/documents/${id}`)).json() as { status: string }).status,
    { timeout: processingTimeout, interval: 250 }).toBe('ready')
  return id
}

/** The state of one card as this device keeps it (IndexedDB), or null. */
function deviceCardState(page: Page, cardId: string) {
  return page.evaluate(id => new Promise<{ reps: number } | null>((resolve) => {
    const open = indexedDB.open('learning-atomizer')
    open.onsuccess = () => {
      const request = open.result.transaction('cards').objectStore('cards').get(id)
      request.onsuccess = () => resolve((request.result as { state: { reps: number } | null } | undefined)?.state ?? null)
    }
  }), cardId)
}

describe('studying on two devices', () => {
  const newContext = chromiumFixture()
  let context: BrowserContext

  beforeAll(async () => {
    context = await newContext()
  })

  it('drops a card answered on another device from the session, and the progress page counts the review at once', async () => {
    const page = await context.newPage()
    await registerThroughForm(page, 'Tessa')
    const upload = await context.request.post('/api/v1/documents', {
      multipart: { file: { name: 'memory.md', mimeType: 'text/markdown', buffer: Buffer.from(chapter()) } },
    })
    const { id: documentId } = await upload.json() as { id: string }
    await expect.poll(async () => (await (await context.request.get(`/api/v1/documents/${documentId}`)).json() as { status: string }).status,
      { timeout: processingTimeout, interval: 250 }).toBe('ready')

    const studySocket = await openSubscribed(page, `/study?document=${documentId}`)
    await page.getByTestId('study-card').waitFor()
    const cardCount = async () => Number((await page.getByTestId('study-card').textContent())!.match(/Card \d+ of (\d+)/)![1])
    const total = await cardCount()
    expect(total).toBeGreaterThan(2)

    // Another device (the API with the same session) answers the last card of this session's queue.
    const { items } = await (await context.request.get(`/api/v1/study/due?documentId=${documentId}&newLimit=20`)).json() as { items: DueCard[] }
    const last = items.at(-1)!
    const progress = await context.newPage()
    await openSubscribed(progress, '/progress')
    const reviewsShown = async () => (await progress.getByTestId('stat-reviews').textContent())!.trim()
    expect(await reviewsShown()).toBe('0')

    const posted = await context.request.post('/api/v1/reviews', {
      data: { reviews: [{ id: randomUUID(), cardId: last.cardId, atomId: last.atomId, rating: 3, reviewedAt: new Date().toISOString() }] },
    })
    expect(posted.status()).toBe(200)
    await expect.poll(cardCount, patiently).toBe(total - 1)
    await expect.poll(reviewsShown, patiently).toBe('1')
    // A first answer is learning, not recall: retention waits for a learned card's review rather than say "0 of 0".
    expect(await progress.getByTestId('stat-retention-detail').textContent()).toContain('Shown once cards you have learned come back for review')

    // This session's own answers, announced back to it, do not shrink it: a card graded Again comes back.
    const ownAnnounced = frameOf(studySocket, 'reviews-synced')
    await page.getByTestId('reveal').click()
    // Each grade says when the card would come back, sooner for Again than for Easy; the bar shows the session so far.
    await expect.poll(() => page.getByTestId('interval-again').textContent(), patiently).toMatch(/^\s*(?:,\s*back in\s*)?(?:<1|\d+) min\s*$/)
    expect(await page.getByTestId('interval-easy').textContent()).toMatch(/\d+ (?:d|mo|y)\s*$/)
    expect(await page.getByTestId('session-progress').getAttribute('aria-valuenow')).toMatch(/^\d+$/)
    await page.getByTestId('grade-again').click()
    await ownAnnounced
    await expect.poll(() => page.getByTestId('sync-status').textContent(), patiently).toContain('Every review is saved')
    expect(await cardCount()).toBe(total)
  })

  it('does not count an offline review of a card answered on another device after this one saved it, and says so', async () => {
    // A learner of its own: this device keeps a document for offline study.
    const device = await newContext()
    const page = await device.newPage()
    await registerThroughForm(page, 'Uma')
    const documentId = await uploadReady(device)
    await page.goto(`/documents/${documentId}`)
    await controlledByServiceWorker(page)
    await expect.poll(async () => {
      await page.getByTestId('available-offline').check()
      return page.getByTestId('saved-offline').isVisible()
    }, patiently).toBe(true)
    const { items } = await (await device.request.get(`/api/v1/study/due?documentId=${documentId}`)).json() as { items: DueCard[] }
    const first = items[0]!
    const reviewsOf = async (cardId: string) => (await (await device.request.get('/api/v1/reviews?limit=100')).json() as { items: { cardId: string }[] })
      .items.filter(review => review.cardId === cardId).length

    await device.setOffline(true)
    try {
      // Meanwhile another device, online, answers the first card: this device's copy does not know yet.
      const posted = await device.request.post('/api/v1/reviews', {
        data: { reviews: [{ id: randomUUID(), cardId: first.cardId, atomId: first.atomId, rating: 3, reviewedAt: new Date().toISOString(), previousReviewAt: null }] },
      })
      expect(posted.status()).toBe(200)
      await page.goto(`/study?document=${documentId}`)
      await page.getByTestId('offline-banner').waitFor()
      await page.getByTestId('reveal').click()
      await page.getByTestId('study-back').waitFor()
      await page.getByTestId('grade-good').click()
      await expect.poll(() => page.getByTestId('sync-status').textContent(), patiently).toContain('1 review waits')
    }
    finally {
      await device.setOffline(false)
    }
    // Back online: the device's answer to the card it had as new is refused, not stored as a second review.
    await expect.poll(() => page.getByTestId('reviews-not-counted').textContent(), patiently).toContain('1 review made offline was not counted')
    expect(await reviewsOf(first.cardId)).toBe(1)
    // The device now has the card as the server does: answered once, not due now.
    expect(await deviceCardState(page, first.cardId)).toMatchObject({ reps: 1 })
    expect(await page.getByTestId('sync-status').textContent()).not.toContain('waits')
  })
})
