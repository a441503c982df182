import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { configDefaults } from '../../../server/config'
import { createLocalFileStore } from '../../../server/drivers/files/local'
import { ProblemError } from '../../../server/errors'
import { completeDirectUpload, startDirectUpload } from '../../../server/services/direct-uploads'
import { openDocumentFile } from '../../../server/services/document-files'
import { createDocument } from '../../../server/services/documents'
import { serviceDrivers } from '../../support/service-drivers'

const root = mkdtempSync(join(tmpdir(), 'atomizer-document-files-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const config = { ...configDefaults, maxUploadBytes: 1000 }
const markdown = new TextEncoder().encode('# Photosynthesis\n\nLight becomes sugar.')

let services: ReturnType<typeof serviceDrivers>
let folders = 0

beforeEach(() => {
  services = serviceDrivers(createLocalFileStore(join(root, `files-${folders++}`)))
})

afterEach(() => services.close())

/** The problem a call fails with, to compare its status and type. */
async function problemOf(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (error: unknown) => error)
  expect(error).toBeInstanceOf(ProblemError)
  return { status: (error as ProblemError).status, type: (error as ProblemError).type }
}

describe('the original file of a document, on the embedded side', () => {
  it('is sent by the server, as an attachment with the type of its format, to the owner and to readers it is shared with', async () => {
    const owner = await services.user()
    const reader = await services.user('learner')
    const document = await createDocument(services.drivers, config, owner, { filename: 'Café notes.md', mediaType: 'text/markdown', data: markdown })
    await services.drivers.store.documents.share(document.id, reader.id)
    for (const actor of [owner, reader]) {
      const file = await openDocumentFile(services.drivers, actor, document.id)
      expect(file).toEqual({
        kind: 'bytes', data: Buffer.from(markdown), contentType: 'text/markdown; charset=utf-8',
        disposition: `attachment; filename="Caf_ notes.md"; filename*=UTF-8''Caf%C3%A9%20notes.md`,
      })
    }
  })

  it('is not found for anyone else, nor for a missing document', async () => {
    const owner = await services.user()
    const stranger = await services.user()
    const document = await createDocument(services.drivers, config, owner, { filename: 'a.md', data: markdown })
    expect(await problemOf(openDocumentFile(services.drivers, stranger, document.id))).toEqual({ status: 404, type: '/problems/not-found' })
    expect(await problemOf(openDocumentFile(services.drivers, owner, 'no-such-document'))).toEqual({ status: 404, type: '/problems/not-found' })
  })

  it('serves binary formats with their own media type, without a charset', async () => {
    const owner = await services.user()
    const pdf = new TextEncoder().encode('%PDF-1.4 not really a PDF, but it starts like one')
    const document = await createDocument(services.drivers, config, owner, { filename: 'slides.pdf', data: pdf })
    expect(await openDocumentFile(services.drivers, owner, document.id)).toMatchObject({ kind: 'bytes', contentType: 'application/pdf' })
  })
})

describe('direct uploads, on the embedded side', () => {
  it('are unavailable: the browser uploads through the server instead', async () => {
    const author = await services.user()
    const problem = await problemOf(startDirectUpload(services.drivers, config, author, { filename: 'a.md', size: 10, contentType: 'text/markdown' }))
    expect(problem).toEqual({ status: 501, type: '/problems/direct-upload-unavailable' })
  })

  it('check who asks and what they would send before anything else', async () => {
    const learner = await services.user('learner')
    const author = await services.user()
    expect(await problemOf(startDirectUpload(services.drivers, config, learner, { filename: 'a.md', size: 10, contentType: 'text/markdown' })))
      .toEqual({ status: 403, type: '/problems/forbidden' })
    expect(await problemOf(startDirectUpload(services.drivers, config, author, { filename: 'a.exe', size: 10, contentType: 'application/x-msdownload' })))
      .toEqual({ status: 415, type: '/problems/unsupported-type' })
    expect(await problemOf(startDirectUpload(services.drivers, config, author, { filename: 'a.md', size: 1001, contentType: 'text/markdown' })))
      .toEqual({ status: 413, type: '/problems/too-large' })
  })

  it('cannot be completed when never started', async () => {
    const author = await services.user()
    expect(await problemOf(completeDirectUpload(services.drivers, config, author, crypto.randomUUID())))
      .toEqual({ status: 404, type: '/problems/not-found' })
  })
})
