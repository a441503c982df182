import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core'
import { afterAll, beforeAll, expect, inject } from 'vitest'

/** Shared by the browser tests: Debian's Chromium, a sample chapter and sign-up through the form. */

export const password = 'correct horse battery'
/** expect.poll gives up after one second by default; a loaded CI machine needs longer. */
export const patiently = { timeout: 15_000 }
/** Atomizing competes for the CPU with everything else the machine runs; allow for a slow worker. */
export const processingTimeout = 90_000
let counter = 0
export const uniqueEmail = (prefix: string) => `${prefix}-${Date.now()}-${counter++}@example.test`

/** Debian's Chromium, or the one `CHROMIUM_PATH` names. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  })
}

/**
 * One Chromium for a test file: launched before its tests and closed after them, with every context it opened.
 * Returns `newContext`: a context on the built server (`baseURL`) that waits up to 20 s for what it looks for.
 */
export function chromiumFixture() {
  let browser: Browser | undefined
  const contexts: BrowserContext[] = []
  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterAll(async () => {
    await Promise.all(contexts.map(context => context.close()))
    await browser?.close()
  })
  return async function newContext(options: BrowserContextOptions = {}): Promise<BrowserContext> {
    // `context.request` (Playwright's own HTTP client, used to set content up) sends its calls with the
    // Origin a page of the app would, or the server refuses them as possible forgeries (server/http/csrf.ts).
    const baseURL = options.baseURL ?? inject('baseURL')
    const context = await browser!.newContext({ baseURL, extraHTTPHeaders: { origin: new URL(baseURL).origin }, ...options })
    context.setDefaultTimeout(20_000)
    contexts.push(context)
    return context
  }
}

/** One headed section of the sample chapter, long enough to become an atom of its own. */
export const chapterSection = (heading: string, topic: string) => [
  `## ${heading}`,
  '',
  `${topic} is the subject of this section. Learners who practise ${topic.toLowerCase()} remember more of what they read, `
  + 'because every session builds on the last one and the material is revisited before it is forgotten. '
  + 'Teachers can plan for it by splitting a long chapter into small pieces that each carry one idea.',
  '',
  `A second paragraph about ${topic.toLowerCase()} adds an example: a student reviews a page of notes, closes the book, `
  + 'and writes down everything that comes to mind. The gaps show what to read again tomorrow.',
  '',
].join('\n')

/** A chapter with several headed sections, each long enough to become an atom of its own. */
export function chapter() {
  return [
    '# How memory works',
    '',
    'This chapter explains a few reliable techniques for studying.',
    '',
    chapterSection('Spaced repetition', 'Spacing'),
    chapterSection('Retrieval practice', 'Retrieval'),
    '### Mnemonic devices',
    '',
    'A mnemonic such as a rhyme or an acronym gives a list of facts a shape that is easy to recall. '
    + 'The word zeugmatic appears here only, so a search for it finds exactly this atom.',
    '',
    chapterSection('Interleaving', 'Interleaving'),
    chapterSection('Summary', 'Reflection'),
  ].join('\n')
}

/** Registers a new account through the sign-in page's form (which signs in after registering); returns its email. */
export async function registerThroughForm(page: Page, name: string): Promise<string> {
  const email = uniqueEmail(name.toLowerCase())
  await page.goto('/')
  await page.waitForURL(/\/login/)
  // A click before the page is hydrated does nothing: click until the form has switched.
  await expect.poll(async () => {
    await page.getByTestId('mode-register').click()
    return page.getByTestId('auth-name').isVisible()
  }, patiently).toBe(true)
  await page.getByTestId('auth-name').fill(name)
  await page.getByTestId('auth-email').fill(email)
  await page.getByTestId('auth-password').fill(password)
  await page.getByTestId('auth-submit').click()
  await page.getByTestId('user-name').filter({ hasText: name }).waitFor()
  return email
}

/**
 * The service worker has taken over the page, so reloads are answered by it. A page loaded while the worker
 * was still installing stays uncontrolled until it is loaded again, as browsers do.
 */
export async function controlledByServiceWorker(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true))
  if (!await page.evaluate(() => !!navigator.serviceWorker.controller)) await page.reload()
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker?.controller), { timeout: 30_000 }).toBe(true)
}
