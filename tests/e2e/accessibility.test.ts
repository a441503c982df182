import axe from 'axe-core'
import { beforeAll, describe, expect, inject, it } from 'vitest'
import { chromiumFixture } from '../support/browser'
import { appPages, isOnPage, preparePageContent, type PreparedPages } from '../support/pages'

const baseURL = inject('baseURL')
/** WCAG 2.0, 2.1 and 2.2, levels A and AA. */
const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']
const failingImpacts = new Set(['serious', 'critical'])
const colorSchemes = ['light', 'dark'] as const

interface Violation {
  id: string
  impact: string | null
  help: string
  target: string
  nodes: number
}

/** Every page of the shared list, signed out (/login) and signed in, in both colour schemes, through axe-core. */
describe('accessibility (axe-core, WCAG 2.2 A and AA)', () => {
  const newContext = chromiumFixture()
  let prepared: PreparedPages

  beforeAll(async () => {
    // A user with a document that is ready, so the document, atom and search pages have content.
    prepared = await preparePageContent(baseURL)
  }, 120_000)

  for (const colorScheme of colorSchemes) {
    for (const appPage of appPages) {
      it(`${appPage.name} (${appPage.signedIn ? 'signed in' : 'signed out'}, ${colorScheme})`, async () => {
        const context = await newContext({ colorScheme })
        if (appPage.signedIn) {
          const separator = prepared.cookie.indexOf('=')
          await context.addCookies([{ name: prepared.cookie.slice(0, separator), value: prepared.cookie.slice(separator + 1), url: baseURL }])
        }
        const page = await context.newPage()
        await page.emulateMedia({ colorScheme })
        const path = appPage.path(prepared.content)
        await page.goto(path, { waitUntil: 'networkidle' })
        expect(isOnPage(page.url(), path), `${path} ended at ${page.url()}`).toBe(true)
        await page.locator('main, #main, h1').first().waitFor()

        await page.evaluate(axe.source)
        const { passes, incomplete, violations } = await page.evaluate(async (tags) => {
          const results = await (globalThis as unknown as { axe: typeof axe }).axe.run({ runOnly: { type: 'tag', values: tags } })
          return {
            passes: results.passes.length,
            incomplete: results.incomplete.map(result => `${result.id} (${result.nodes.length})`),
            violations: results.violations.map(violation => ({
              id: violation.id,
              impact: violation.impact ?? null,
              help: violation.help,
              target: String(violation.nodes[0]?.target.join(' ') ?? ''),
              nodes: violation.nodes.length,
            })),
          }
        }, wcagTags) as { passes: number, incomplete: string[], violations: Violation[] }
        // A page that axe found nothing to check on was not really checked (an empty or broken page).
        expect(passes, `axe checked nothing on ${path}`).toBeGreaterThan(5)

        const line = (violation: Violation) => `${violation.id} [${violation.impact}] ${violation.help} — ${violation.target}${violation.nodes > 1 ? ` (+${violation.nodes - 1} more)` : ''}`
        const minor = violations.filter(violation => !failingImpacts.has(violation.impact ?? ''))
        if (minor.length) console.log(`${appPage.name} (${colorScheme}), not failing:\n  ${minor.map(line).join('\n  ')}`)
        // What axe could not decide (for example contrast over a gradient) is for a person to look at.
        if (incomplete.length) console.log(`${appPage.name} (${colorScheme}), needs review: ${incomplete.join(', ')}`)
        const serious = violations.filter(violation => failingImpacts.has(violation.impact ?? ''))
        expect(serious.map(line), `${path} (${colorScheme}) has serious or critical violations`).toEqual([])
      })
    }
  }
})
