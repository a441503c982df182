import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { configDefaults } from '../../../server/config'
import { createLocalFileStore } from '../../../server/drivers/files/local'
import { ProblemError } from '../../../server/errors'
import { cancelDocument, createDocument, reprocessDocument, replaceDocumentFile } from '../../../server/services/documents'
import { serviceDrivers } from '../../support/service-drivers'

const root = mkdtempSync(join(tmpdir(), 'atomizer-document-versions-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const config = { ...configDefaults, maxUploadBytes: 10_000 }
const markdown = (text: string) => new TextEncoder().encode(`# Notes\n\n${text}`)

let services: ReturnType<typeof serviceDrivers>
let filesDir: string
let folders = 0

beforeEach(() => {
  filesDir = join(root, `files-${folders++}`)
  services = serviceDrivers(createLocalFileStore(filesDir))
})

afterEach(() => services.close())

/** Runs the calls at once: which succeeded, and the statuses of those that failed. */
async function race<T>(calls: Promise<T>[]) {
  const settled = await Promise.allSettled(calls)
  const won = settled.filter(result => result.status === 'fulfilled').map(result => (result as PromiseFulfilledResult<T>).value)
  const lost = settled.filter(result => result.status === 'rejected').map(result => (result as PromiseRejectedResult).reason)
  expect(lost.every(reason => reason instanceof ProblemError)).toBe(true)
  return { won, statuses: lost.map(reason => (reason as ProblemError).status) }
}

describe('moving a document to its next version, from several requests at once', () => {
  it('cancels once: the second cancel, read before the first was stored, is refused with 409', async () => {
    const owner = await services.user()
    const document = await createDocument(services.drivers, config, owner, { filename: 'a.md', data: markdown('Light becomes sugar.') })
    const { won, statuses } = await race([1, 2].map(() => cancelDocument(services.drivers, owner, document.id)))
    expect(won).toHaveLength(1)
    expect(statuses).toEqual([409])
    expect((await services.drivers.store.documents.get(document.id))!.version).toBe(2)
  })

  it('reprocesses once, queueing one job', async () => {
    const owner = await services.user()
    const document = await createDocument(services.drivers, config, owner, { filename: 'a.md', data: markdown('Light becomes sugar.') })
    await cancelDocument(services.drivers, owner, document.id)
    const { won, statuses } = await race([1, 2, 3].map(() => reprocessDocument(services.drivers, owner, document.id)))
    expect(won).toHaveLength(1)
    expect(statuses).toEqual([409, 409])
    // The first upload's job, and exactly one for the new version.
    expect((await services.drivers.queue.stats()).waiting).toBe(2)
  })

  it('keeps one of two new versions sent at once, with its own file, and removes the other file', async () => {
    const owner = await services.user()
    const document = await createDocument(services.drivers, config, owner, { filename: 'a.md', data: markdown('First text.') })
    const { won, statuses } = await race(['Second text.', 'Third text.'].map(text =>
      replaceDocumentFile(services.drivers, config, owner, document.id, { filename: 'a.md', data: markdown(text) })))
    expect(won).toHaveLength(1)
    expect(statuses).toEqual([409])
    const stored = (await services.drivers.store.documents.get(document.id))!
    expect(stored.version).toBe(2)
    // Only the winner's file is left: the first version's and the loser's are gone.
    const kept = await services.drivers.files.get(stored.fileKey)
    expect(kept).not.toBeNull()
    expect(readdirSync(join(filesDir, 'documents', document.id))).toEqual([stored.fileKey.split('/').pop()])
  })
})
