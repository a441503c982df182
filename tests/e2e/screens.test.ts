import { mkdir } from 'node:fs/promises'
import axe from 'axe-core'
import type { BrowserContext, Page } from 'playwright-core'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { chromiumFixture } from '../support/browser'
import { appPages, isOnPage, preparePageContent, type PreparedPages } from '../support/pages'

/**
 * Every main page as a person sees it: a full-page screenshot at a desktop and a phone width, in light and dark,
 * kept under test-results/screenshots/ (git-ignored, kept by CI as an artefact) to look at. Beside the
 * pictures, the layout rules that a screenshot makes easy to miss: a header of one row with a search field wide
 * enough to type in, little chrome on a phone with every link in reach, nothing wider than the phone's screen,
 * and no axe-core violation at either width.
 */
const baseURL = inject('baseURL')
const screenshotDir = 'test-results/screenshots'
const viewports = [
  { name: 'desktop', width: 1280, height: 800 },
  { name: 'phone', width: 390, height: 844 },
] as const
const colorSchemes = ['light', 'dark'] as const
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']

/** Header and bottom bar at a phone width: together at most this many pixels of the screen's 844. */
const phoneChromeLimit = 100
/** A one-row header at the desktop width is no taller than this. */
const desktopHeaderLimit = 64
const desktopSearchMinimum = 240
const phoneSearchMinimum = 200

interface Layout {
  header: number | null
  bottomNav: number | null
  search: number | null
  /** The main links whose box lies inside the window (on a phone: the bottom bar's). */
  navInView: number
  overflow: number
}

function measure(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const height = (selector: string) => {
      const element = document.querySelector(selector)
      if (!element) return null
      const box = element.getBoundingClientRect()
      // A bar fixed at the bottom counts only when it is shown there.
      return getComputedStyle(element).position === 'fixed' || selector !== '.main-nav' ? box.height : null
    }
    const links = [...document.querySelectorAll('.main-nav a')].filter((link) => {
      const box = link.getBoundingClientRect()
      // Half a pixel of slack for sub-pixel layout.
      return box.width > 0 && box.top >= 0 && box.bottom <= innerHeight + 0.5 && box.left >= 0 && box.right <= innerWidth + 0.5
    })
    return {
      header: height('.site-header'),
      bottomNav: height('.main-nav'),
      search: document.querySelector('[data-testid="search-input"]')?.getBoundingClientRect().width ?? null,
      navInView: links.length,
      overflow: document.documentElement.scrollWidth - innerWidth,
    }
  })
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axe.source)
  return page.evaluate(async (tags) => {
    const results = await (globalThis as unknown as { axe: typeof axe }).axe.run({ runOnly: { type: 'tag', values: tags } })
    return results.violations.map(violation => `${violation.id} [${violation.impact}] ${violation.help} — ${violation.nodes[0]?.target.join(' ')} (${violation.nodes.length})`)
  }, wcagTags)
}

describe('screenshots and layout of every main page', () => {
  const newContext = chromiumFixture()
  let prepared: PreparedPages
  const contexts = new Map<string, BrowserContext>()

  beforeAll(async () => {
    await mkdir(screenshotDir, { recursive: true })
    prepared = await preparePageContent(baseURL)
  }, 120_000)

  async function contextFor(viewport: typeof viewports[number], colorScheme: typeof colorSchemes[number]) {
    const key = `${viewport.name}-${colorScheme}`
    let context = contexts.get(key)
    if (!context) {
      context = await newContext({ viewport: { width: viewport.width, height: viewport.height }, colorScheme })
      const separator = prepared.cookie.indexOf('=')
      await context.addCookies([{ name: prepared.cookie.slice(0, separator), value: prepared.cookie.slice(separator + 1), url: baseURL }])
      contexts.set(key, context)
    }
    return context
  }

  // Between a phone and a desktop (tablets, narrow windows) the header still fits one row.
  it('keeps the header in one row at tablet widths', async () => {
    const context = await contextFor(viewports[0], 'light')
    const page = await context.newPage()
    try {
      await page.goto('/', { waitUntil: 'networkidle' })
      for (const width of [641, 768, 900, 1024]) {
        await page.setViewportSize({ width, height: 800 })
        const layout = await measure(page)
        expect(layout.overflow, `wider than the window at ${width} px`).toBeLessThanOrEqual(0)
        expect(layout.header!, `header height at ${width} px`).toBeLessThanOrEqual(desktopHeaderLimit)
        expect(layout.search!, `search width at ${width} px`).toBeGreaterThanOrEqual(phoneSearchMinimum)
        expect(layout.navInView, `links in view at ${width} px`).toBe(3)
        if (width === 768) await page.screenshot({ path: `${screenshotDir}/library-768-light.png`, animations: 'disabled' })
      }
    }
    finally {
      await page.close()
    }
  })

  for (const viewport of viewports) {
    for (const colorScheme of colorSchemes) {
      for (const appPage of appPages) {
        it(`${appPage.name} at ${viewport.width} px, ${colorScheme}`, async () => {
          const context = await contextFor(viewport, colorScheme)
          if (!appPage.signedIn) await context.clearCookies()
          const page = await context.newPage()
          try {
            const path = appPage.path(prepared.content)
            await page.goto(path, { waitUntil: 'networkidle' })
            expect(isOnPage(page.url(), path), `${path} ended at ${page.url()}`).toBe(true)
            await page.locator('main h1').first().waitFor()
            // Fonts and the last client-side data in place before the picture.
            await page.evaluate(() => document.fonts.ready)
            await page.waitForTimeout(300)
            // Measured before the full-page screenshot, which stretches the window for a moment.
            const layout = await measure(page)
            const file = `${screenshotDir}/${appPage.name.replaceAll(' ', '-')}-${viewport.width}-${colorScheme}.png`
            await page.screenshot({ path: file, fullPage: true, animations: 'disabled' })
            // A full page puts a bar fixed at the bottom mid-way down; the first screen shows it where people see it.
            if (viewport.name === 'phone') await page.screenshot({ path: file.replace(/\.png$/, '-screen.png'), animations: 'disabled' })

            expect(layout.overflow, 'wider than the window').toBeLessThanOrEqual(0)
            if (appPage.signedIn) {
              expect(layout.header).not.toBeNull()
              expect(layout.navInView, 'main links in view').toBe(3)
              if (viewport.name === 'desktop') {
                expect(layout.header!).toBeLessThanOrEqual(desktopHeaderLimit)
                expect(layout.search!).toBeGreaterThanOrEqual(desktopSearchMinimum)
                expect(layout.bottomNav, 'no bottom bar on a desktop').toBeNull()
              }
              else {
                expect(layout.header! + layout.bottomNav!).toBeLessThanOrEqual(phoneChromeLimit)
                expect(layout.search!).toBeGreaterThanOrEqual(phoneSearchMinimum)
              }
            }
            expect(await axeViolations(page), `${path} at ${viewport.width} px, ${colorScheme}`).toEqual([])
          }
          finally {
            await page.close()
            if (!appPage.signedIn) contexts.delete(`${viewport.name}-${colorScheme}`)
          }
        })
      }
    }
  }
})
