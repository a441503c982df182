import { describe, expect, it } from 'vitest'
import { chapter, chromiumFixture, patiently, registerThroughForm } from '../support/browser'

/** The shared controls (app/components/ui and the header) as people use them: by mouse, by drop and by keyboard. */
describe('the component set', () => {
  const newContext = chromiumFixture()

  it('takes a file dropped on the drop zone or chosen from the keyboard, and shows which', async () => {
    const context = await newContext()
    const page = await context.newPage()
    await registerThroughForm(page, 'Dropper')
    const zone = page.getByTestId('upload-form').locator('.file-drop')

    // The zone's input is reached with Tab from the control before it, and the zone shows the focus.
    await page.getByTestId('collection-create').focus()
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('upload-file')
    expect(await zone.evaluate(element => getComputedStyle(element).outlineStyle)).toBe('solid')

    // A file dropped on the zone, as from the desktop.
    const dataTransfer = await page.evaluateHandle((text) => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([text], 'dropped.md', { type: 'text/markdown' }))
      return transfer
    }, chapter())
    await zone.dispatchEvent('dragover', { dataTransfer })
    expect(await zone.getAttribute('class')).toContain('file-drop--over')
    await zone.dispatchEvent('drop', { dataTransfer })
    await expect.poll(() => zone.getByTestId('file-drop-chosen').textContent(), patiently).toBe('dropped.md')
    await page.getByTestId('upload-submit').click()
    await page.waitForURL(/\/documents\/[\w-]+$/)
    await expect.poll(() => page.getByTestId('document').textContent(), patiently).toContain('dropped.md')
  })

  it('asks in a dialog before deleting, and says it is done once the page is gone', async () => {
    const context = await newContext()
    const page = await context.newPage()
    await registerThroughForm(page, 'Deleter')
    const uploaded = await context.request.post('/api/v1/documents', { multipart: { file: { name: 'memory.md', mimeType: 'text/markdown', buffer: Buffer.from(chapter()) } } })
    const { id } = await uploaded.json() as { id: string }
    await page.goto(`/documents/${id}`)
    await page.getByTestId('manage').click()
    const dialog = page.getByRole('dialog', { name: 'Delete this document?' })

    // Escape cancels: the dialog closes and the document stays.
    await expect.poll(async () => {
      await page.getByTestId('delete').click()
      return dialog.isVisible()
    }, patiently).toBe(true)
    // The safe choice has the focus, so Enter does not delete by accident.
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Cancel')
    await page.keyboard.press('Escape')
    await expect.poll(() => dialog.isVisible(), patiently).toBe(false)
    expect((await context.request.get(`/api/v1/documents/${id}`)).status()).toBe(200)

    await page.getByTestId('delete').click()
    await page.getByTestId('delete-confirm').click()
    await page.waitForURL(url => new URL(url).pathname === '/')
    await expect.poll(() => page.getByTestId('toast').textContent(), patiently).toContain('Deleted')
    expect((await context.request.get(`/api/v1/documents/${id}`)).status()).toBe(404)
  })

  it('keeps the account and the theme in one menu that Escape closes', async () => {
    const context = await newContext({ colorScheme: 'light' })
    const page = await context.newPage()
    await registerThroughForm(page, 'Themer')
    // Until the page is hydrated a click may be undone by the page that follows sign-up: click until it opens.
    await expect.poll(async () => {
      if (!await page.getByTestId('logout').isVisible()) await page.getByTestId('account-menu').click()
      return page.getByTestId('logout').isVisible()
    }, patiently).toBe(true)
    await page.getByTestId('theme').getByRole('radio', { name: 'Dark' }).check()
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme), patiently).toBe('dark')
    expect(await page.getByTestId('logout').isVisible()).toBe(true)
    await page.keyboard.press('Escape')
    await expect.poll(() => page.getByTestId('logout').isVisible(), patiently).toBe(false)
    // The choice outlives a reload.
    await page.reload()
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
  })
})
