import { DeleteBucketCommand, DeleteObjectsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createS3FileStore, type S3FileStore } from '../../server/drivers/files/s3'
import { ProblemError } from '../../server/errors'
import { completeDirectUpload, startDirectUpload } from '../../server/services/direct-uploads'
import { openDocumentFile } from '../../server/services/document-files'
import type { DirectUpload } from '../../shared/schemas/direct-upload'
import { serviceDrivers } from '../support/service-drivers'
import { servicesConfig, uniqueName } from '../support/services'

/** The document services with files on the real S3-compatible server, everything else embedded. */
const config = servicesConfig({ maxUploadBytes: 1000 })
const bucket = uniqueName('uploads')
const stores: S3FileStore[] = []

function s3Store() {
  const store = createS3FileStore({
    bucket, region: config.s3Region, endpoint: config.s3Endpoint, forcePathStyle: config.s3ForcePathStyle,
    accessKeyId: config.s3AccessKeyId, secretAccessKey: config.s3SecretAccessKey, prefix: uniqueName('run'),
  })
  stores.push(store)
  return store
}

let services: ReturnType<typeof serviceDrivers>
let files: S3FileStore

beforeEach(() => {
  files = s3Store()
  services = serviceDrivers(files)
})

afterEach(() => services.close())

afterAll(async () => {
  const { client } = s3Store()
  for (;;) {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: bucket }))
    const keys = (listed.Contents ?? []).map(object => ({ Key: object.Key! }))
    if (keys.length === 0) break
    await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys } }))
  }
  await client.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => {})
  await Promise.all(stores.map(store => store.close()))
})

const chapter = '# Photosynthesis\n\nLight becomes sugar in the **chloroplast**.'

/** What a browser does with the answer: send the body to the URL, with exactly the headers given. */
async function send(upload: DirectUpload, body: string | Uint8Array<ArrayBuffer>) {
  const response = await fetch(upload.url, { method: upload.method, headers: upload.headers, body })
  expect(response.status, await response.text()).toBe(200)
}

async function problemOf(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (error: unknown) => error)
  expect(error).toBeInstanceOf(ProblemError)
  return { status: (error as ProblemError).status, type: (error as ProblemError).type }
}

const stagedKeyOf = (url: string) => decodeURIComponent(new URL(url).pathname).split('/').slice(-3).join('/')

describe('direct uploads to S3', () => {
  it('hand out a presigned PUT, and completing makes the document as a multipart upload would', async () => {
    const author = await services.user()
    const upload = await startDirectUpload(services.drivers, config, author, { filename: 'photosynthesis.md', size: chapter.length, contentType: 'text/markdown' })
    expect(upload).toMatchObject({ uploadId: expect.any(String), method: 'PUT', headers: { 'content-type': 'text/markdown' } })
    expect(Date.parse(upload.expiresAt)).toBeGreaterThan(Date.now())
    const staged = stagedKeyOf(upload.url)
    expect(staged).toBe(`uploads/${author.id}/${upload.uploadId}`)
    await send(upload, chapter)

    const document = await completeDirectUpload(services.drivers, config, author, upload.uploadId, 'Light into sugar')
    expect(document).toMatchObject({ ownerId: author.id, title: 'Light into sugar', filename: 'photosynthesis.md', format: 'markdown', size: chapter.length, status: 'queued' })
    const record = (await services.drivers.store.documents.get(document.id))!
    expect(record.fileKey).toBe(`documents/${document.id}/v1`)
    expect((await files.get(record.fileKey))!.toString('utf8')).toBe(chapter)
    expect(await files.stat(staged)).toBeNull()
    expect((await services.drivers.queue.stats()).waiting).toBe(1)

    // Completing twice does not make a second document.
    expect(await problemOf(completeDirectUpload(services.drivers, config, author, upload.uploadId))).toEqual({ status: 404, type: '/problems/not-found' })
    expect((await services.drivers.store.documents.listByOwner(author.id, { limit: 10 })).items).toHaveLength(1)
  })

  it('belong to the user who asked: anyone else is told there is no such upload', async () => {
    const author = await services.user()
    const other = await services.user()
    const upload = await startDirectUpload(services.drivers, config, author, { filename: 'notes.md', size: chapter.length, contentType: 'text/markdown' })
    await send(upload, chapter)
    expect(await problemOf(completeDirectUpload(services.drivers, config, other, upload.uploadId))).toEqual({ status: 404, type: '/problems/not-found' })
    expect((await services.drivers.store.documents.listByOwner(other.id, { limit: 10 })).items).toEqual([])
    const document = await completeDirectUpload(services.drivers, config, author, upload.uploadId)
    expect(document).toMatchObject({ ownerId: author.id, title: 'Notes' })
  })

  it('cannot be completed before the file is sent, and still can be after', async () => {
    const author = await services.user()
    const upload = await startDirectUpload(services.drivers, config, author, { filename: 'notes.md', size: chapter.length, contentType: 'text/markdown' })
    expect(await problemOf(completeDirectUpload(services.drivers, config, author, upload.uploadId))).toEqual({ status: 409, type: '/problems/conflict' })
    await send(upload, chapter)
    await expect(completeDirectUpload(services.drivers, config, author, upload.uploadId)).resolves.toMatchObject({ status: 'queued' })
  })

  it('check the real size on completion, since a presigned PUT takes a larger body than announced', async () => {
    const author = await services.user()
    const upload = await startDirectUpload(services.drivers, config, author, { filename: 'big.md', size: 10, contentType: 'text/markdown' })
    await send(upload, `# Big\n\n${'word '.repeat(400)}`)
    expect(await problemOf(completeDirectUpload(services.drivers, config, author, upload.uploadId))).toEqual({ status: 413, type: '/problems/too-large' })
    expect(await files.stat(stagedKeyOf(upload.url))).toBeNull()
    expect((await services.drivers.store.documents.listByOwner(author.id, { limit: 10 })).items).toEqual([])
  })

  it('validate the content as an upload through the server would, and leave nothing behind when rejected', async () => {
    const author = await services.user()
    const upload = await startDirectUpload(services.drivers, config, author, { filename: 'fake.pdf', size: 20, contentType: 'application/pdf' })
    await send(upload, 'not a PDF at all....')
    expect(await problemOf(completeDirectUpload(services.drivers, config, author, upload.uploadId))).toEqual({ status: 400, type: '/problems/bad-request' })
    expect(await files.stat(stagedKeyOf(upload.url))).toBeNull()
    expect((await services.drivers.store.documents.listByOwner(author.id, { limit: 10 })).items).toEqual([])
    expect((await services.drivers.queue.stats()).waiting).toBe(0)
  })
})

describe('the original file of a document on S3', () => {
  it('is a redirect to a presigned URL that downloads it as an attachment', async () => {
    const author = await services.user()
    const upload = await startDirectUpload(services.drivers, config, author, { filename: 'Café notes.md', size: Buffer.byteLength(chapter), contentType: 'text/markdown' })
    await send(upload, chapter)
    const document = await completeDirectUpload(services.drivers, config, author, upload.uploadId)
    const file = await openDocumentFile(services.drivers, author, document.id)
    if (file.kind !== 'redirect') throw new Error('expected a redirect')
    const response = await fetch(file.url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8')
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="Caf_ notes.md"; filename*=UTF-8''Caf%C3%A9%20notes.md`)
    expect(await response.text()).toBe(chapter)
  })

  it('is not handed out to someone the document is not shared with', async () => {
    const author = await services.user()
    const stranger = await services.user()
    const upload = await startDirectUpload(services.drivers, config, author, { filename: 'a.md', size: chapter.length, contentType: 'text/markdown' })
    await send(upload, chapter)
    const document = await completeDirectUpload(services.drivers, config, author, upload.uploadId)
    expect(await problemOf(openDocumentFile(services.drivers, stranger, document.id))).toEqual({ status: 404, type: '/problems/not-found' })
  })
})
