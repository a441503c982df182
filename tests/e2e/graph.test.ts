import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, it } from 'vitest'
import { chapter, chromiumFixture, patiently, processingTimeout, registerThroughForm } from '../support/browser'

/** The smallest label size on screen, in CSS pixels: the font size times the drawing's scale. */
function smallestLabelPx(page: Page) {
  return page.evaluate(() => {
    const labels = [...document.querySelectorAll<SVGTextElement>('[data-testid="graph-canvas"] text')]
    return labels.length === 0 ? 0 : Math.min(...labels.map(label => parseFloat(getComputedStyle(label).fontSize) * (label.getScreenCTM()?.a ?? 0)))
  })
}

describe('the prerequisite graph', () => {
  const newContext = chromiumFixture()
  let context: BrowserContext
  let documentId: string

  beforeAll(async () => {
    context = await newContext()
  })

  it('is drawn once the document is ready', async () => {
    const page = await context.newPage()
    await registerThroughForm(page, 'Grapher')
    await page.close()
    const upload = await context.request.post('/api/v1/documents', {
      multipart: { file: { name: 'memory.md', mimeType: 'text/markdown', buffer: Buffer.from(chapter()) } },
    })
    documentId = (await upload.json() as { id: string }).id
    await expect.poll(async () => (await (await context.request.get(`/api/v1/documents/${documentId}`)).json() as { status: string }).status,
      { timeout: processingTimeout, interval: 250 }).toBe('ready')
  })

  it('shows its labels at a readable size at first sight, on a desktop and on a phone, and zooming out keeps them so', async () => {
    const page = await context.newPage()
    for (const width of [1280, 390]) {
      await page.setViewportSize({ width, height: 800 })
      await page.goto(`/documents/${documentId}/graph`)
      await expect.poll(() => page.getByTestId('graph-node').count(), patiently).toBeGreaterThan(3)
      expect(await smallestLabelPx(page), `at ${width} px`).toBeGreaterThanOrEqual(11)
    }
    // Hydrated once the zoom buttons answer; zooming out stops while the labels are still readable.
    const zoomOut = page.getByTestId('graph-zoom-out')
    await expect.poll(async () => {
      if (await zoomOut.isEnabled()) await zoomOut.click({ timeout: 1000 }).catch(() => {})
      return zoomOut.isDisabled()
    }, patiently).toBe(true)
    expect(await smallestLabelPx(page), 'zoomed out').toBeGreaterThanOrEqual(10.9)
    await page.close()
  })

  it('takes the keyboard from atom to atom, shows which has focus, and opens it with Enter', async () => {
    const page = await context.newPage()
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.goto(`/documents/${documentId}/graph`)
    await expect.poll(() => page.getByTestId('graph-node').count(), patiently).toBeGreaterThan(3)
    await page.getByTestId('graph-zoom-in').focus()
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('data-node-id') ?? null)
    for (let presses = 0; presses < 5 && !(await focused()); presses++) await page.keyboard.press('Tab')
    const first = await focused()
    expect(first).toBe(await page.getByTestId('graph-node').first().getAttribute('data-node-id'))
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!.querySelector('.graph__focus')!).stroke)).not.toBe('none')

    // Tab goes on to the next atom of the drawing; an arrow key moves too; Enter reads the atom.
    await page.keyboard.press('Tab')
    const second = await focused()
    expect(second).not.toBeNull()
    expect(second).not.toBe(first)
    await page.keyboard.press('Shift+Tab')
    expect(await focused()).toBe(first)
    for (const key of ['ArrowDown', 'ArrowRight', 'ArrowLeft']) {
      if (await focused() !== first) break
      await page.keyboard.press(key)
    }
    const target = await focused()
    expect(target).not.toBeNull()
    expect(target).not.toBe(first)
    await page.keyboard.press('Enter')
    await page.waitForURL(new RegExp(`/atoms/${target}$`))
    await expect.poll(() => page.getByTestId('atom-title').isVisible(), patiently).toBe(true)
    await page.close()
  })
})
