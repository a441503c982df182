import {
  CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand,
  S3Client, type BucketLocationConstraint, type ServerSideEncryption,
} from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { getSignedUrl } from '@aws-sdk/s3-request-presigner'
import { attachmentDisposition } from './disposition'
import { assertSafeKey, type FileStore } from './types'

export interface S3FileStoreOptions {
  bucket: string
  region: string
  /** For S3-compatible stores (MinIO, versitygw, Ceph…); unset means AWS. */
  endpoint?: string
  /** `bucket` in the path instead of the host name, as most S3-compatible stores need. */
  forcePathStyle?: boolean
  /** Both or neither; neither uses the SDK's default chain (environment, profile, instance role). */
  accessKeyId?: string
  secretAccessKey?: string
  /** Asked for on every write, including presigned uploads; unset leaves it to the bucket's default. */
  serverSideEncryption?: 'AES256' | 'aws:kms'
  /** With `aws:kms`: the key to encrypt with; unset uses the account's default S3 key. */
  kmsKeyId?: string
  /** Keeps every object under `<prefix>/`, so several apps or test runs share one bucket. */
  prefix?: string
}

export interface S3FileStore extends FileStore {
  /** The SDK client, for operators' tools and tests; the app uses only the FileStore methods. */
  readonly client: S3Client
  /** Creates the bucket when it is missing. Runs once, before the first use; a failure is retried next time. */
  ensureBucket(): Promise<void>
}

/** Parts of a multipart upload: S3 wants at least 5 MiB; bodies up to one part go in a single PUT. */
const partSize = 8 * 1024 * 1024
/** Parts in flight at once per upload: bounds memory at a few parts. */
const queueSize = 2

interface AwsError {
  name?: string
  $metadata?: { httpStatusCode?: number }
}

/** No such object; a missing bucket is a configuration error, not a missing object. */
function isMissingObject(error: unknown): boolean {
  const { name, $metadata } = error as AwsError
  return name === 'NoSuchKey' || name === 'NotFound' || ($metadata?.httpStatusCode === 404 && name !== 'NoSuchBucket')
}

/** Objects in an S3 bucket (or an S3-compatible store), optionally under a key prefix. */
export function createS3FileStore(options: S3FileStoreOptions): S3FileStore {
  const { bucket, region, prefix } = options
  if (prefix !== undefined) assertSafeKey(prefix)
  if (Boolean(options.accessKeyId) !== Boolean(options.secretAccessKey)) {
    throw new Error('S3 access key id and secret access key must be given together')
  }
  const client = new S3Client({
    region,
    ...(options.endpoint && { endpoint: options.endpoint }),
    forcePathStyle: options.forcePathStyle ?? false,
    ...(options.accessKeyId && options.secretAccessKey && {
      credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    }),
    // Checksums only where S3 requires them: a default checksum would be signed into presigned PUT URLs as
    // the checksum of an empty body (and fail the browser's upload), and not every S3-compatible store has them.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  })

  const objectKey = (key: string) => {
    assertSafeKey(key)
    return prefix ? `${prefix}/${key}` : key
  }

  const encryption = {
    ...(options.serverSideEncryption && { ServerSideEncryption: options.serverSideEncryption as ServerSideEncryption }),
    ...(options.serverSideEncryption === 'aws:kms' && options.kmsKeyId && { SSEKMSKeyId: options.kmsKeyId }),
  }
  /** The same settings as signed request headers, which a browser must send with a presigned upload. */
  const encryptionHeaders: Record<string, string> = {
    ...(encryption.ServerSideEncryption && { 'x-amz-server-side-encryption': encryption.ServerSideEncryption }),
    ...(encryption.SSEKMSKeyId && { 'x-amz-server-side-encryption-aws-kms-key-id': encryption.SSEKMSKeyId }),
  }

  let bucketReady: Promise<void> | undefined
  async function createBucketIfMissing() {
    try {
      await client.send(new HeadBucketCommand({ Bucket: bucket }))
      return
    }
    catch (error) {
      if ((error as AwsError).$metadata?.httpStatusCode !== 404) throw error
    }
    try {
      await client.send(new CreateBucketCommand({
        Bucket: bucket,
        // us-east-1 is the one region that refuses to be named as a location constraint.
        ...(region !== 'us-east-1' && { CreateBucketConfiguration: { LocationConstraint: region as BucketLocationConstraint } }),
      }))
    }
    catch (error) {
      // Another instance created it in the meantime.
      if ((error as AwsError).name !== 'BucketAlreadyOwnedByYou') throw error
    }
  }
  function ensureBucket(): Promise<void> {
    bucketReady ??= createBucketIfMissing().catch((error) => {
      bucketReady = undefined
      throw error
    })
    return bucketReady
  }

  return {
    kind: 's3',
    client,
    ensureBucket,
    async put(key, data, contentType) {
      const Key = objectKey(key)
      await ensureBucket()
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key, Body: data, ContentType: contentType, ...encryption },
        partSize,
        queueSize,
        // A failed multipart upload is aborted, so no stray parts are billed.
        leavePartsOnError: false,
      })
      await upload.done()
    },
    async get(key) {
      const Key = objectKey(key)
      await ensureBucket()
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key }))
        return Buffer.from(await object.Body!.transformToByteArray())
      }
      catch (error) {
        if (isMissingObject(error)) return null
        throw error
      }
    },
    async stat(key) {
      const Key = objectKey(key)
      await ensureBucket()
      try {
        const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key }))
        return { size: head.ContentLength ?? 0 }
      }
      catch (error) {
        if (isMissingObject(error)) return null
        throw error
      }
    },
    async delete(key) {
      const Key = objectKey(key)
      await ensureBucket()
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key }))
      }
      catch (error) {
        if (!isMissingObject(error)) throw error
      }
    },
    async presignUpload(key, { contentType, expiresSeconds }) {
      const Key = objectKey(key)
      await ensureBucket()
      // The presigner never signs Content-Type (the browser may send its own); encryption headers it signs.
      const url = await getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key, ContentType: contentType, ...encryption }), {
        expiresIn: expiresSeconds,
      })
      return { url, method: 'PUT', headers: { 'content-type': contentType, ...encryptionHeaders } }
    },
    async presignDownload(key, { filename, contentType, expiresSeconds }) {
      const Key = objectKey(key)
      await ensureBucket()
      const url = await getSignedUrl(client, new GetObjectCommand({
        Bucket: bucket, Key, ResponseContentType: contentType, ResponseContentDisposition: attachmentDisposition(filename),
      }), { expiresIn: expiresSeconds })
      return { url, method: 'GET', headers: {} }
    },
    async close() {
      client.destroy()
    },
  }
}
