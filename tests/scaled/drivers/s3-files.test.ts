import {
  DeleteBucketCommand, DeleteObjectsCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command, type S3Client,
} from '@aws-sdk/client-s3'
import { afterAll, describe, expect, it } from 'vitest'
import { createS3FileStore, type S3FileStore, type S3FileStoreOptions } from '../../../server/drivers/files/s3'
import { analyze } from '../../../server/atomizer/nlp/analyze'
import { buildDifficultyModel } from '../../../server/ml/difficulty/train'
import { DifficultyModel, loadDifficultyModel } from '../../../server/ml/difficulty/model'
import { checkIntervalMs, currentPublishedModel, publishDifficultyModel } from '../../../server/ml/difficulty/published-difficulty'
import { mlRuntime } from '../../../server/ml/runtime'
import { servicesConfig, uniqueName } from '../../support/services'
import { describeFileStoreContract } from '../../contracts/files.contract'

const config = servicesConfig()
/** This file's own bucket, created by the store on first use and removed at the end. */
const bucket = uniqueName('files')
const bucketsToRemove = new Set([bucket])
const stores: S3FileStore[] = []

function s3Store(overrides: Partial<S3FileStoreOptions> = {}): S3FileStore {
  const store = createS3FileStore({
    bucket,
    region: config.s3Region,
    endpoint: config.s3Endpoint,
    forcePathStyle: config.s3ForcePathStyle,
    accessKeyId: config.s3AccessKeyId,
    secretAccessKey: config.s3SecretAccessKey,
    prefix: uniqueName('run'),
    ...overrides,
  })
  stores.push(store)
  return store
}

async function removeBucket(client: S3Client, name: string) {
  try {
    await client.send(new HeadBucketCommand({ Bucket: name }))
  }
  catch {
    return
  }
  for (;;) {
    const listed = await client.send(new ListObjectsV2Command({ Bucket: name }))
    const keys = (listed.Contents ?? []).map(object => ({ Key: object.Key! }))
    if (keys.length === 0) break
    await client.send(new DeleteObjectsCommand({ Bucket: name, Delete: { Objects: keys } }))
  }
  await client.send(new DeleteBucketCommand({ Bucket: name }))
}

afterAll(async () => {
  const cleaner = s3Store()
  for (const name of bucketsToRemove) await removeBucket(cleaner.client, name)
  await Promise.all(stores.map(store => store.close()))
})

describeFileStoreContract('S3 (versitygw)', () => s3Store())

/** Records the name and final HTTP headers of every command the store's client sends. */
function recordRequests(store: S3FileStore) {
  const sent: { command: string, headers: Record<string, string> }[] = []
  store.client.middlewareStack.add((next, context) => async (args) => {
    const request = args.request as { headers?: Record<string, string> }
    sent.push({ command: context.commandName ?? '', headers: { ...request.headers } })
    return next(args)
  }, { step: 'finalizeRequest', name: 'recordRequests' })
  return sent
}

const pattern = (length: number) => new Uint8Array(length).map((_, i) => (i * 7 + (i >> 12)) % 256)

describe('S3 file store', () => {
  it('uploads a body over 16 MiB in 8 MiB parts, and reads it back intact', async () => {
    const store = s3Store()
    const sent = recordRequests(store)
    const data = pattern(17 * 1024 * 1024)
    await store.put('documents/big/v1', data, 'application/pdf')
    const commands = sent.map(request => request.command)
    expect(commands).toContain('CreateMultipartUploadCommand')
    expect(commands.filter(command => command === 'UploadPartCommand')).toHaveLength(3)
    expect(commands).toContain('CompleteMultipartUploadCommand')
    expect(commands).not.toContain('PutObjectCommand')
    expect(await store.stat('documents/big/v1')).toEqual({ size: data.byteLength })
    // Compared as one buffer: a deep equality over 17 million elements would take minutes and gigabytes.
    expect((await store.get('documents/big/v1'))!.equals(data)).toBe(true)
  })

  it('puts a small body in one request', async () => {
    const store = s3Store()
    const sent = recordRequests(store)
    await store.put('documents/small/v1', pattern(1000), 'text/plain')
    expect(sent.map(request => request.command).filter(command => command !== 'HeadBucketCommand')).toEqual(['PutObjectCommand'])
  })

  it('keeps objects under its prefix, apart from a store with another prefix in the same bucket', async () => {
    const one = s3Store()
    const two = s3Store()
    await one.put('documents/d1/v1', new TextEncoder().encode('one'), 'text/plain')
    expect(await two.get('documents/d1/v1')).toBeNull()
    const listed = await one.client.send(new ListObjectsV2Command({ Bucket: bucket }))
    expect(listed.Contents?.some(object => /^run-[\w-]+\/documents\/d1\/v1$/.test(object.Key!))).toBe(true)
  })

  it('creates a missing bucket at first use, once, even when two stores race to do it', async () => {
    const name = uniqueName('fresh')
    bucketsToRemove.add(name)
    const first = s3Store({ bucket: name, prefix: 'shared' })
    const second = s3Store({ bucket: name, prefix: 'shared' })
    await expect(first.client.send(new HeadBucketCommand({ Bucket: name }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } })
    const sent = recordRequests(first)
    await Promise.all([first.ensureBucket(), second.ensureBucket(), first.ensureBucket()])
    await expect(second.client.send(new HeadBucketCommand({ Bucket: name }))).resolves.toBeDefined()
    await first.put('documents/d1/v1', new TextEncoder().encode('in a new bucket'), 'text/plain')
    expect((await second.get('documents/d1/v1'))!.toString()).toBe('in a new bucket')
    // The first store checked its bucket once, not on every call.
    expect(sent.filter(request => request.command === 'HeadBucketCommand')).toHaveLength(1)
  })

  it('refuses half a set of credentials and an unsafe prefix', () => {
    expect(() => createS3FileStore({ bucket, region: 'us-east-1', accessKeyId: 'only-the-id' })).toThrow(/together/)
    expect(() => createS3FileStore({ bucket, region: 'us-east-1', prefix: '../elsewhere' })).toThrow(/unsafe/)
  })

  it('asks for server-side encryption on every write, single-part, multipart and presigned', async () => {
    // versitygw accepts these headers but does not report them back (HeadObject has no ServerSideEncryption),
    // so the test checks the requests the client sends, after signing.
    const store = s3Store({ serverSideEncryption: 'aws:kms', kmsKeyId: 'atomizer-test-key' })
    const sent = recordRequests(store)
    await store.put('documents/small/v1', pattern(100), 'text/plain')
    await store.put('documents/big/v1', pattern(9 * 1024 * 1024), 'application/pdf')
    const writes = sent.filter(request => ['PutObjectCommand', 'CreateMultipartUploadCommand'].includes(request.command))
    expect(writes.map(request => request.command)).toEqual(['PutObjectCommand', 'CreateMultipartUploadCommand'])
    for (const { headers } of writes) {
      expect(headers['x-amz-server-side-encryption']).toBe('aws:kms')
      expect(headers['x-amz-server-side-encryption-aws-kms-key-id']).toBe('atomizer-test-key')
    }

    const upload = (await store.presignUpload('uploads/u1/a', { contentType: 'text/plain', maxBytes: 100, expiresSeconds: 60 }))!
    expect(upload.headers).toEqual({
      'content-type': 'text/plain',
      'x-amz-server-side-encryption': 'aws:kms',
      'x-amz-server-side-encryption-aws-kms-key-id': 'atomizer-test-key',
    })
    const signed = new URL(upload.url).searchParams.get('X-Amz-SignedHeaders')!.split(';')
    expect(signed).toEqual(expect.arrayContaining(['x-amz-server-side-encryption', 'x-amz-server-side-encryption-aws-kms-key-id']))
    const response = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: 'encrypted' })
    expect(response.status).toBe(200)
    // Without the signed encryption headers the store refuses the upload.
    const stripped = await fetch(upload.url, { method: 'PUT', headers: { 'content-type': 'text/plain' }, body: 'plain' })
    expect(stripped.status).toBe(403)
  })

  it('sends AES256 without a key id, and no encryption headers when none is configured', async () => {
    const aes = s3Store({ serverSideEncryption: 'AES256', kmsKeyId: 'ignored-without-kms' })
    const plain = s3Store()
    const aesSent = recordRequests(aes)
    const plainSent = recordRequests(plain)
    await aes.put('documents/d1/v1', pattern(10), 'text/plain')
    await plain.put('documents/d1/v1', pattern(10), 'text/plain')
    const aesPut = aesSent.find(request => request.command === 'PutObjectCommand')!
    const plainPut = plainSent.find(request => request.command === 'PutObjectCommand')!
    expect(aesPut.headers['x-amz-server-side-encryption']).toBe('AES256')
    expect(aesPut.headers).not.toHaveProperty('x-amz-server-side-encryption-aws-kms-key-id')
    expect(Object.keys(plainPut.headers).filter(name => name.startsWith('x-amz-server-side-encryption'))).toEqual([])
  })

  it('signs presigned URLs that expire and cannot be altered', async () => {
    const store = s3Store()
    await store.put('documents/d1/v1', new TextEncoder().encode('secret'), 'text/plain')
    const download = (await store.presignDownload('documents/d1/v1', { filename: 'd.txt', contentType: 'text/plain', expiresSeconds: 1 }))!
    const otherKey = download.url.replace('/documents/d1/v1?', '/documents/d1/v2?')
    expect((await fetch(otherKey)).status).toBe(403)
    await new Promise(resolve => setTimeout(resolve, 2100))
    expect((await fetch(download.url)).status).toBe(403)
  })

  it('lands a presigned upload under the prefix, where stat sees its real size', async () => {
    const store = s3Store()
    const upload = (await store.presignUpload('uploads/u1/big', { contentType: 'text/plain', maxBytes: 10, expiresSeconds: 60 }))!
    // A presigned PUT cannot limit the body: it takes more than maxBytes, and the server must check with stat.
    const response = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: 'x'.repeat(1000) })
    expect(response.status).toBe(200)
    expect(await store.stat('uploads/u1/big')).toEqual({ size: 1000 })
    const key = decodeURIComponent(new URL(upload.url).pathname).replace(`/${bucket}/`, '')
    expect(key).toMatch(/^run-[\w-]+\/uploads\/u1\/big$/)
    expect((await store.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength).toBe(1000)
  })
})

describe('a retrained difficulty model published in S3', () => {
  it('is found and loaded by another process\'s store from the same bucket', async () => {
    await mlRuntime('cpu')
    const model = await buildDifficultyModel({ seed: 4, epochs: 0, hiddenUnits: 4 })
    const prefix = uniqueName('models')
    await publishDifficultyModel(s3Store({ prefix }), model, { ...(await loadDifficultyModel()).metadata!, version: 'retrained-s3' })
    const loaded = await currentPublishedModel(s3Store({ prefix }), Date.now() + checkIntervalMs)
    expect(loaded!.source).toMatch(/retrained-s3/)
    const inputs = [{ analysis: analyze('Plate tectonics moves the lithosphere over the asthenosphere.'), blocks: [], type: 'concept' as const, keyTermCount: 2, definitionCount: 0 }]
    expect(await loaded!.score(inputs)).toEqual(await new DifficultyModel(model, 'published').score(inputs))
  })
})
