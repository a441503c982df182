import { describe, expect, it } from 'vitest'
import { atomizeCollection, AtomizeInputError, renderMarkdown } from '../../../server/atomizer'
import { detectFormat } from '../../../shared/utils/formats'
import { hostileCases, SCRIPTED_HTML_FORBIDDEN, SCRIPTED_HTML_VISIBLE_TEXT, type HostileFile } from '../../fixtures/hostile'

/** Peak resident memory of this process so far, in MiB. */
const peakMiB = () => process.resourceUsage().maxRSS / 1024

async function run(file: HostileFile) {
  const format = detectFormat(file.filename)
  if (!format) return { error: new AtomizeInputError('unsupported format') }
  try {
    const [document] = await atomizeCollection([{ key: file.filename, format, data: file.data }], { minWords: 25, maxWords: 300, timeLimitMs: 60_000 })
    return { document: document! }
  }
  catch (error) {
    return { error }
  }
}

describe('hostile and broken input', () => {
  for (const [name, build] of Object.entries(hostileCases)) {
    it(`${name}: ends with a clear error or a safe result, memory bounded`, async () => {
      const file = build()
      const outcome = await run(file)
      if (file.expect === 'error') {
        expect(outcome.error).toBeInstanceOf(AtomizeInputError)
        expect((outcome.error as Error).message.length).toBeGreaterThan(10)
      }
      else if (outcome.error) {
        // Safe also means refusing what is over a limit, with a message that says which.
        expect(outcome.error).toBeInstanceOf(AtomizeInputError)
        expect((outcome.error as Error).message).toMatch(/limit/)
      }
      else {
        const atoms = outcome.document!.atoms
        expect(atoms.length).toBeGreaterThan(0)
        const stored = JSON.stringify(atoms).toLowerCase() + atoms.map(atom => renderMarkdown(atom.body)).join('').toLowerCase()
        for (const fragment of SCRIPTED_HTML_FORBIDDEN) expect(stored).not.toContain(fragment)
        if (name === 'scripted html') for (const sentence of SCRIPTED_HTML_VISIBLE_TEXT) expect(atoms.map(atom => atom.text).join(' ')).toContain(sentence)
      }
      expect(peakMiB()).toBeLessThan(2048)
    }, 120_000)
  }
})
