import { readFileSync } from 'node:fs'
import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { chromiumFixture } from '../support/browser'
import type { Atom } from '#shared/schemas/atom'
import type { Page as ListPage } from '#shared/schemas/common'
import type { DocumentView } from '#shared/schemas/document'

const password = 'correct horse battery'
/** expect.poll gives up after one second by default; a loaded CI machine needs longer. */
const patiently = { timeout: 15_000 }
/** Atomizing competes for the CPU with everything else the machine runs; allow for a slow worker. */
const processingTimeout = 90_000
let counter = 0
const uniqueEmail = (prefix: string) => `${prefix}-${Date.now()}-${counter++}@example.test`

const reactionRateEdit = 'A powdered solid reacts faster than a lump because more of its particles are exposed.'

/** A chemistry chapter: early sections define terms ("A catalyst is …") that later sections use. */
function chemistryChapter(edited = false) {
  return [
    '# Chemical reactions',
    '',
    'This chapter introduces the ideas chemists use to describe how reactions start, how fast they go and how they end.',
    '',
    '## Catalysts',
    '',
    'A catalyst is a substance that speeds up a chemical reaction without being used up by it. Chemists add a catalyst to a '
    + 'reaction mixture when the reaction would otherwise be too slow to be useful. Platinum in a car exhaust and iron in the '
    + 'Haber process are two well known examples of a catalyst at work in industry.',
    '',
    'A catalyst works by offering the reacting particles a different route from reactants to products. Because the catalyst is '
    + 'regenerated at the end of each cycle, a small amount of it can convert a very large amount of reactant.',
    '',
    '## Activation energy',
    '',
    'Activation energy is the minimum energy that colliding particles need for a reaction to happen. Particles that collide '
    + 'with less energy than this simply bounce apart and nothing changes.',
    '',
    'Raising the temperature gives more particles enough energy to get over the barrier, so the reaction goes faster. The '
    + 'height of the barrier decides how sensitive a reaction is to heating.',
    '',
    '## Enzymes',
    '',
    'Enzymes are proteins that act as a catalyst inside living cells. Every enzyme lowers the activation energy of one '
    + 'particular reaction, which is why digestion can happen at body temperature.',
    '',
    'An enzyme has an active site whose shape fits its substrate. When the temperature rises too far the shape changes, the '
    + 'enzyme is denatured, and the catalyst stops working.',
    '',
    '## Reaction rate',
    '',
    'The rate of a reaction is how quickly reactants are turned into products. It depends on the concentration of the '
    + 'reactants, the temperature, the surface area of any solids and whether a catalyst is present.',
    '',
    edited
      ? 'Grinding a solid into a fine powder makes it react much faster, since far more of its surface meets the other reactant. '
      + 'Doubling the concentration of a dissolved reactant roughly doubles the rate, as particles meet twice as often.'
      : `${reactionRateEdit} Doubling the concentration of a reactant often doubles the rate, because collisions happen twice as often.`,
    '',
    '## Measuring a reaction rate',
    '',
    'To measure the rate of a reaction that gives off a gas, follow these steps:',
    '',
    '1. Set up a conical flask connected to a gas syringe.',
    '2. Add a measured mass of the solid reactant to the flask.',
    '3. Pour in the acid and start the stopwatch at once.',
    '4. Record the volume of gas in the syringe every ten seconds.',
    '5. Plot the volume of gas against time and find the gradient.',
    '',
    '## Summary',
    '',
    'A catalyst speeds up a reaction by lowering the activation energy, and enzymes are the catalysts of living things. The '
    + 'reaction rate rises with temperature, concentration and surface area.',
    '',
  ].join('\n')
}

/** Long enough (well under the tests' 1 MiB upload limit) that processing takes a moment to cancel. */
function handbook(sections = 1200) {
  const topics = ['osmosis', 'erosion', 'inflation', 'photosynthesis', 'friction', 'democracy', 'recursion', 'metaphor', 'entropy', 'migration']
  const lines = ['# A very long handbook', '']
  for (let i = 1; i <= sections; i++) {
    const topic = topics[i % topics.length]!
    lines.push(`## Section ${i}: ${topic} in practice`, '',
      `Section ${i} looks at ${topic} from a new angle. Students who meet ${topic} again notice details they missed before, `
      + `because each pass through the material connects it with what they already know about case ${i}.`, '',
      `A worked case: a class of ${i + 10} learners measured ${topic} over ${i % 7 + 2} weeks and compared the results with a `
      + 'textbook table. The differences led to a discussion about measurement error and about how models simplify the world.', '')
  }
  return lines.join('\n')
}

const statusLocator = (page: Page, status: string) => page.getByTestId('document').getByTestId('status').filter({ hasText: status })

/** Uploads through the library form and returns the new document's id once its page shows. */
async function uploadThroughForm(page: Page, file: { name: string, mimeType: string, buffer: Buffer }) {
  await page.goto('/')
  await page.getByTestId('upload-form').waitFor()
  await page.getByTestId('upload-file').setInputFiles(file)
  await page.getByTestId('upload-submit').click()
  await page.waitForURL(/\/documents\/[\w-]+$/)
  return new URL(page.url()).pathname.split('/').pop()!
}

async function atomsOf(context: BrowserContext, documentId: string): Promise<Atom[]> {
  const response = await context.request.get(`/api/v1/documents/${documentId}/atoms?limit=100`)
  expect(response.status()).toBe(200)
  return (await response.json() as ListPage<Atom>).items
}

async function documentOf(context: BrowserContext, documentId: string): Promise<DocumentView> {
  const response = await context.request.get(`/api/v1/documents/${documentId}`)
  expect(response.status()).toBe(200)
  return await response.json() as DocumentView
}

describe('the engine in the browser', () => {
  const newContext = chromiumFixture()

  async function signedIn(name: string) {
    const context = await newContext()
    // The request context shares the browser context's cookies: signing in here signs the page in.
    const email = uniqueEmail(name.toLowerCase())
    expect((await context.request.post('/api/v1/auth/register', { data: { email, password, name } })).status()).toBe(202)
    expect((await context.request.post('/api/v1/auth/login', { data: { email, password } })).status()).toBe(200)
    const page = await context.newPage()
    return { context, page }
  }

  it('shows types, follows a term to its definition, turns a review card, switches to reading order and keeps ids across a new version', async () => {
    const { context, page } = await signedIn('Marie')
    page.on('pageerror', error => console.error('page error:', error.message))

    // The library says which formats it takes, and its file input accepts every one of them.
    await page.goto('/')
    const formats = await page.getByTestId('upload-formats').textContent()
    for (const name of ['Markdown', 'HTML', 'plain text', 'PDF', 'DOCX', 'EPUB']) expect(formats).toContain(name)
    const accept = (await page.getByTestId('upload-file').getAttribute('accept'))!.split(',')
    expect(accept).toEqual(expect.arrayContaining(['.md', '.html', '.txt', '.pdf', '.docx', '.epub']))

    // A Word document, through the same form.
    const docxId = await uploadThroughForm(page, {
      name: 'nutrition.docx',
      mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      buffer: readFileSync(new URL('../fixtures/corpus/nutrition.docx', import.meta.url)),
    })
    await statusLocator(page, 'ready').waitFor({ timeout: processingTimeout })
    const docxCount = (await documentOf(context, docxId)).atomCount
    expect(docxCount).toBeGreaterThanOrEqual(3)
    await expect.poll(() => page.getByTestId('atom-item').count(), patiently).toBe(docxCount)
    expect(await page.getByTestId('atom-list').getByTestId('atom-type').count()).toBe(docxCount)

    // The chapter.
    const documentId = await uploadThroughForm(page, { name: 'reactions.md', mimeType: 'text/markdown', buffer: Buffer.from(chemistryChapter()) })
    await statusLocator(page, 'ready').waitFor({ timeout: processingTimeout })
    const atoms = await atomsOf(context, documentId)
    await expect.poll(() => page.getByTestId('atom-item').count(), patiently).toBe(atoms.length)

    // Every atom in the list carries its type, named as the server typed it; the summary adds them up.
    const badges = page.getByTestId('atom-list').getByTestId('atom-type')
    expect(await badges.count()).toBe(atoms.length)
    expect((await badges.allTextContents()).map(text => text.trim().toLowerCase())).toEqual(atoms.map(atom => atom.type))
    const summary = await page.getByTestId('atom-summary').textContent()
    expect(summary).toContain(`${atoms.length} atoms`)
    expect(summary).toMatch(/min of reading/)

    // "catalyst" is defined in one atom and used in another: the user's term chip leads to the definition.
    const defining = atoms.find(atom => atom.definitions.some(definition => definition.term.toLowerCase() === 'catalyst'))!
    expect(defining?.title).toBe('Catalysts')
    const user = atoms.find(atom => atom.id !== defining.id && atom.terms.some(term => term.key === 'catalyst' && term.definedBy === defining.id))!
    expect(user).toBeDefined()
    await page.getByTestId('atom-list').getByRole('link', { name: user.title, exact: true }).click()
    await page.waitForURL(new RegExp(`/atoms/${user.id}$`))
    await expect.poll(() => page.getByTestId('atom-title').textContent(), patiently).toContain(user.title)
    expect(await page.getByTestId('atom-type').textContent()).toContain(user.type.charAt(0).toUpperCase() + user.type.slice(1))
    expect(await page.getByTestId('reading-time').textContent()).toMatch(/^\d+ (?:s|min) read$/)
    expect((await page.getByTestId('difficulty').textContent())!.toLowerCase()).toContain(user.difficultyLabel)
    const termLink = page.getByTestId('term-link').filter({ hasText: /^catalyst/i })
    await termLink.waitFor()
    expect(await termLink.textContent()).toContain('defined in “Catalysts')
    // Hovering shows the definition, read from the defining atom.
    await termLink.hover()
    await expect.poll(() => page.getByTestId('term-popover').textContent(), patiently).toMatch(/a substance that speeds up a chemical reaction/i)
    await termLink.click()
    await page.waitForURL(new RegExp(`/atoms/${defining.id}$`))
    await expect.poll(() => page.getByTestId('atom-title').textContent(), patiently).toContain('Catalysts')
    expect(await page.getByTestId('glossary').textContent()).toMatch(/catalyst\s*a substance that speeds up a chemical reaction/i)

    // Review cards: the front is a button; clicking it, or Enter or Space on it, reveals the back.
    const cards = page.getByTestId('review-card')
    expect(await cards.count()).toBe(defining.cards.length)
    expect(defining.cards.length).toBeGreaterThanOrEqual(1)
    const first = cards.first()
    expect(await first.getByTestId('card-front').getAttribute('aria-expanded')).toBe('false')
    await first.getByTestId('card-front').click()
    await expect.poll(() => first.getByTestId('card-front').getAttribute('aria-expanded'), patiently).toBe('true')
    expect((await first.getByTestId('card-back').textContent())!.trim().length).toBeGreaterThan(5)
    expect(await first.getByTestId('card-back').evaluate(back => back.contains(back.ownerDocument.activeElement))).toBe(true)
    const cloze = cards.filter({ has: page.getByTestId('cloze-blank') }).first()
    if (await cloze.count()) {
      await cloze.getByTestId('card-front').focus()
      await page.keyboard.press('Space')
      await expect.poll(() => cloze.getByTestId('card-front').getAttribute('aria-expanded'), patiently).toBe('true')
    }

    // Reading order: the list follows the server's order, and the choice stays in the URL.
    await page.getByTestId('back-to-document').click()
    await page.waitForURL(new RegExp(`/documents/${documentId}`))
    await page.getByTestId('order-reading').click()
    await page.locator('[data-testid="atom-list"][data-order="reading"]').waitFor()
    expect(await page.getByTestId('order-reading').getAttribute('aria-pressed')).toBe('true')
    expect(new URL(page.url()).searchParams.get('order')).toBe('reading')
    const order = await (await context.request.get(`/api/v1/documents/${documentId}/reading-order`)).json() as { items: { id: string, title: string }[] }
    expect(order.items).toHaveLength(atoms.length)
    const listedTitles = await page.getByTestId('atom-item').locator('.atom-item__title').allTextContents()
    expect(listedTitles.map(title => title.trim())).toEqual(order.items.map(item => item.title))
    // Every atom comes after its prerequisites.
    const position = new Map(order.items.map((item, index) => [item.id, index]))
    for (const atom of atoms) {
      for (const prerequisite of atom.prerequisites) expect(position.get(prerequisite)!).toBeLessThan(position.get(atom.id)!)
    }

    // The reader's previous and next follow the reading order too.
    await page.getByTestId('atom-item').first().getByRole('link').click()
    await page.waitForURL(new RegExp(`/atoms/${order.items[0]!.id}\\?order=reading$`))
    await expect.poll(() => page.getByTestId('next-atom').getAttribute('href'), patiently).toBe(`/atoms/${order.items[1]!.id}?order=reading`)
    await page.getByTestId('back-to-document').click()
    await page.locator('[data-testid="atom-list"][data-order="reading"]').waitFor()
    await page.getByTestId('order-document').click()
    await page.locator('[data-testid="atom-list"][data-order="document"]').waitFor()
    expect(new URL(page.url()).searchParams.has('order')).toBe(false)

    // A new version with one paragraph edited: the atoms that did not change keep their ids.
    const before = await documentOf(context, documentId)
    const putResponse = page.waitForResponse(response => response.url().endsWith(`/api/v1/documents/${documentId}/file`) && response.request().method() === 'PUT')
    // Managing the document opens on request.
    expect(await page.getByTestId('version-file').isVisible()).toBe(false)
    await page.getByTestId('manage').click()
    await page.getByTestId('version-file').setInputFiles({ name: 'reactions-v2.md', mimeType: 'text/markdown', buffer: Buffer.from(chemistryChapter(true)) })
    await page.getByTestId('version-submit').click()
    expect((await putResponse).status()).toBe(202)
    await expect.poll(async () => {
      const now = await documentOf(context, documentId)
      return now.status === 'ready' && now.updatedAt > before.updatedAt
    }, { timeout: processingTimeout, interval: 250 }).toBe(true)
    await statusLocator(page, 'ready').waitFor({ timeout: processingTimeout })
    const after = await atomsOf(context, documentId)
    expect(after.map(atom => atom.id)).toContain(defining.id)
    expect(after.some(atom => atom.body.includes('Grinding a solid into a fine powder'))).toBe(true)
    expect(after.some(atom => atom.body.includes(reactionRateEdit))).toBe(false)
    // The live list dropped whatever went away and shows exactly the new set.
    await expect.poll(async () => (await page.getByTestId('atom-item').locator('.atom-item__title').allTextContents()).length, patiently).toBe(after.length)
    await page.goto(`/atoms/${defining.id}`)
    await expect.poll(() => page.getByTestId('atom-title').textContent(), patiently).toContain('Catalysts')
  }, 3 * processingTimeout)

  it('keeps a file chosen before the page hydrated', async () => {
    const { page } = await signedIn('Ada')
    // The app's scripts are held back, so the file is chosen on the server's HTML, before Vue listens.
    let release!: () => void
    const held = new Promise<void>(resolve => release = resolve)
    await page.route(/\/_nuxt\/.+\.js$/, async (route) => {
      await held
      await route.continue()
    })
    // Module scripts run before DOMContentLoaded, so only the response is awaited.
    await page.goto('/', { waitUntil: 'commit' })
    await page.getByTestId('upload-file').setInputFiles({ name: 'early.md', mimeType: 'text/markdown', buffer: Buffer.from(chemistryChapter()) })
    expect(await page.getByTestId('upload-submit').isDisabled()).toBe(true)
    release()
    // The button is enabled once hydrated; the click then sends the file chosen before.
    await page.getByTestId('upload-submit').click()
    await page.waitForURL(/\/documents\/[\w-]+$/)
    await expect.poll(() => page.getByTestId('document-title').textContent(), patiently).toContain('Chemical reactions')
  })

  it('cancels a document while it is processing, and reprocesses another', async () => {
    const { context, page } = await signedIn('Rosalind')
    const documentId = await uploadThroughForm(page, { name: 'handbook.md', mimeType: 'text/markdown', buffer: Buffer.from(handbook()) })
    const cancel = page.getByTestId('cancel-processing')
    // On a fast machine the document may be ready before the button can be clicked; both outcomes are fine.
    const clicked = await cancel.click({ timeout: 30_000 }).then(() => true, () => false)
    const outcome = page.getByTestId('document-error').filter({ hasText: 'Cancelled.' }).or(statusLocator(page, 'ready'))
    await outcome.first().waitFor({ timeout: processingTimeout })
    const shown = await documentOf(context, documentId)
    const cancelled = await page.getByTestId('document-error').count() > 0
    console.info(`cancel: ${cancelled ? 'cancelled while processing' : 'the document was ready first'}`)
    if (cancelled) {
      expect(clicked).toBe(true)
      expect(await page.getByTestId('document').getByTestId('status').textContent()).toContain('failed')
      // Cancelled: the owner may start it again.
      await page.getByTestId('reprocess').waitFor()
      expect(await page.getByTestId('cancel-processing').count()).toBe(0)
    }
    else {
      expect(shown.status).toBe('ready')
    }

    // Reprocessing a ready document runs it again and keeps its atoms' ids.
    const smallId = await uploadThroughForm(page, { name: 'reactions.md', mimeType: 'text/markdown', buffer: Buffer.from(chemistryChapter()) })
    await statusLocator(page, 'ready').waitFor({ timeout: processingTimeout })
    const before = await documentOf(context, smallId)
    const ids = (await atomsOf(context, smallId)).map(atom => atom.id)
    // A ready document is reprocessed from its management panel.
    await page.getByTestId('manage').click()
    await page.getByTestId('reprocess').click()
    await expect.poll(async () => {
      const now = await documentOf(context, smallId)
      return now.status === 'ready' && now.updatedAt > before.updatedAt
    }, { timeout: processingTimeout, interval: 250 }).toBe(true)
    await statusLocator(page, 'ready').waitFor({ timeout: processingTimeout })
    expect((await atomsOf(context, smallId)).map(atom => atom.id)).toEqual(ids)
    await expect.poll(() => page.getByTestId('atom-item').count(), patiently).toBe(ids.length)
  }, 3 * processingTimeout)
})
