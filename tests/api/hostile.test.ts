import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { documentFormats } from '../../shared/schemas/document'
import { detectFormat } from '../../shared/utils/formats'
import { DEEPLY_NESTED_TEXT, hostileCases, SCRIPTED_HTML_FORBIDDEN, SCRIPTED_HTML_VISIBLE_TEXT } from '../fixtures/hostile'
import { ApiClient, signedInClient } from '../support/http'
import { expectProblem } from '../support/problems'
import { peakMemoryBytes, startServer, type RunningServer } from '../support/server'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

const MiB = 1024 * 1024
const GiB = 1024 * MiB

/** A message a user can act on: a sentence or two, not a stack trace or a stringified object. */
function expectClearMessage(message: unknown, context: string) {
  expect(typeof message, context).toBe('string')
  const text = message as string
  expect(text.length, `${context}: ${text}`).toBeGreaterThan(10)
  expect(text.length, `${context}: ${text}`).toBeLessThan(500)
  expect(text, context).not.toMatch(/\n\s+at |\bat .+:\d+:\d+|\[object |undefined|^\s*(?:Type|Range|Reference|Syntax)?Error\b/)
}

describe('hostile uploads through the API', () => {
  // A server of its own with room for the 50 MiB single-line file, so the atomizer, not the upload limit, meets it.
  let server: RunningServer
  let client: ApiClient

  beforeAll(async () => {
    server = await startServer({ name: 'hostile', env: { NUXT_MAX_UPLOAD_BYTES: String(64 * MiB) } })
    client = (await signedInClient('hostile', undefined, server.baseURL)).client
  })

  afterAll(async () => {
    await server?.stop()
  })

  const storedFiles = () => {
    const folder = join(server.dataDir, 'files')
    return existsSync(folder) ? readdirSync(folder, { recursive: true, withFileTypes: true }).filter(entry => entry.isFile()).length : 0
  }

  for (const [name, build] of Object.entries(hostileCases)) {
    it(`${name}: is refused, fails clearly, or comes out safe`, async () => {
      const file = build()
      const format = detectFormat(file.filename)
      expect(format, file.filename).toBeDefined()
      const documentsBefore = await client.getAll('/api/v1/documents')
      const filesBefore = storedFiles()

      const response = await client.upload(file.filename, file.data as Uint8Array<ArrayBuffer>, { type: documentFormats[format!].mediaTypes[0] })

      if (response.status !== 202) {
        // Refused at the door: only for input that must be refused, with a 4xx problem, and nothing kept.
        expect(file.expect, `${name} was refused: ${JSON.stringify(response.data)}`).toBe('error')
        expect(response.status, JSON.stringify(response.data)).toBeGreaterThanOrEqual(400)
        expect(response.status, JSON.stringify(response.data)).toBeLessThan(500)
        const problem = expectProblem(response, response.status, '/api/v1/documents')
        expectClearMessage(problem.detail, name)
        expect((await client.getAll('/api/v1/documents')).map(document => document.id)).toEqual(documentsBefore.map(document => document.id))
        expect(storedFiles()).toBe(filesBefore)
      }
      else {
        const document: Json = await client.waitForDocument(response.data.id, 150_000)
        const atoms = await client.getAll(`/api/v1/documents/${document.id}/atoms`)
        expect(['ready', 'failed']).toContain(document.status)
        if (file.expect === 'error') {
          expect(document.status, `${name}: ${JSON.stringify(document)}`).toBe('failed')
        }
        if (document.status === 'failed') {
          expectClearMessage(document.error, name)
          // Input meant to be processed safely may only fail by running into a limit, which the error names.
          if (file.expect === 'safe') expect(document.error).toMatch(/limit/i)
          expect(document.atomCount).toBe(0)
          expect(atoms).toEqual([])
          expect(document.stage).toBeUndefined()
        }
        else {
          expect(document.error).toBeUndefined()
          expect(atoms.length).toBeGreaterThan(0)
          expect(atoms).toHaveLength(document.atomCount)
          for (const fragment of SCRIPTED_HTML_FORBIDDEN) {
            expect(document.title.toLowerCase(), `document title has ${fragment}`).not.toContain(fragment)
            for (const atom of atoms) {
              for (const field of ['title', 'body', 'html', 'text'] as const) {
                expect(atom[field].toLowerCase(), `atom ${atom.order} ${field} has ${fragment}`).not.toContain(fragment)
              }
              expect(JSON.stringify(atom).toLowerCase(), `atom ${atom.order} has ${fragment}`).not.toContain(fragment)
            }
          }
          const text = atoms.map(atom => atom.text).join('\n')
          if (name === 'scripted html') for (const sentence of SCRIPTED_HTML_VISIBLE_TEXT) expect(text).toContain(sentence)
          if (name === 'deeply nested html') expect(text).toContain(DEEPLY_NESTED_TEXT)
        }
      }

      const health = await new ApiClient(server.baseURL).get('/api/health')
      expect(health.status).toBe(200)
      expect(health.data.status).toBe('ok')
    }, 180_000)
  }

  // Runs last, after every hostile case.
  it('kept the server\'s peak memory bounded, with no unhandled rejection or stack overflow', () => {
    const peak = peakMemoryBytes(server.pid)
    expect(peak, `peak resident memory ${(peak / MiB).toFixed(0)} MiB`).toBeLessThan(1.5 * GiB)
    const output = server.output()
    expect(output).not.toMatch(/unhandled/i)
    expect(output).not.toContain('Maximum call stack')
  })
})
