import { isAbsolute, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ConfigError, configDefaults, configFromEnv, parseConfig } from '../../server/config'

const failure = (run: () => unknown): ConfigError => {
  try {
    run()
  }
  catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return error as ConfigError
  }
  throw new Error('expected a ConfigError')
}

describe('parseConfig', () => {
  it('accepts the defaults, making the data folder absolute', () => {
    const config = parseConfig({ ...configDefaults })
    expect(config).toEqual({ ...configDefaults, dataDir: resolve('.data') })
    expect(isAbsolute(config.dataDir)).toBe(true)
  })

  it('keeps an absolute data folder and reads numbers given as strings, ignoring unknown keys', () => {
    const config = parseConfig({
      ...configDefaults,
      dataDir: '/var/lib/atomizer', maxUploadBytes: '2048', queueConcurrency: '4', jobAttempts: '5', atomMinWords: '10', atomMaxWords: '120',
      jobTimeoutSeconds: '60', session: { maxAge: 1 }, public: {},
    })
    expect(config).toEqual({
      ...configDefaults,
      dataDir: '/var/lib/atomizer', maxUploadBytes: 2048, queueConcurrency: 4, jobAttempts: 5, atomMinWords: 10, atomMaxWords: 120, jobTimeoutSeconds: 60,
    })
  })

  it.each([
    ['maxUploadBytes', 'lots', 'NUXT_MAX_UPLOAD_BYTES'],
    ['maxUploadBytes', 0, 'NUXT_MAX_UPLOAD_BYTES'],
    ['maxUploadBytes', 2 * 1024 ** 3, 'NUXT_MAX_UPLOAD_BYTES'],
    ['queueConcurrency', 0, 'NUXT_QUEUE_CONCURRENCY'],
    ['queueConcurrency', 1.5, 'NUXT_QUEUE_CONCURRENCY'],
    ['jobAttempts', 21, 'NUXT_JOB_ATTEMPTS'],
    ['atomMaxWords', 6000, 'NUXT_ATOM_MAX_WORDS'],
    ['atomMinWords', 0, 'NUXT_ATOM_MIN_WORDS'],
    ['atomMinWords', 300, 'NUXT_ATOM_MIN_WORDS'],
    ['jobTimeoutSeconds', 'soon', 'NUXT_JOB_TIMEOUT_SECONDS'],
    ['dataDir', '   ', 'NUXT_DATA_DIR'],
    ['dataDir', undefined, 'NUXT_DATA_DIR'],
  ])('names the variable of a bad %s (%j): %s', (key, value, variable) => {
    const error = failure(() => parseConfig({ ...configDefaults, [key]: value }))
    expect(error.message).toContain(`${variable} (${key}) = `)
    const all = ['NUXT_MAX_UPLOAD_BYTES', 'NUXT_QUEUE_CONCURRENCY', 'NUXT_JOB_ATTEMPTS', 'NUXT_ATOM_MIN_WORDS', 'NUXT_ATOM_MAX_WORDS', 'NUXT_JOB_TIMEOUT_SECONDS', 'NUXT_DATA_DIR']
    const others = all.filter(name => name !== variable)
    for (const other of others) expect(error.message).not.toContain(`${other} (`)
  })

  it('shows the bad value and names every bad variable at once', () => {
    const error = failure(() => parseConfig({ ...configDefaults, maxUploadBytes: 'lots', jobAttempts: 0 }))
    expect(error.message).toContain('NUXT_MAX_UPLOAD_BYTES (maxUploadBytes) = "lots"')
    expect(error.message).toContain('NUXT_JOB_ATTEMPTS (jobAttempts) = 0')
    expect(error.message.split('\n').filter(line => line.trim().startsWith('- '))).toHaveLength(2)
  })
})

describe('configFromEnv', () => {
  it('uses the defaults when no variable is set', () => {
    expect(configFromEnv({})).toEqual({ ...configDefaults, dataDir: resolve('.data') })
  })

  it('overrides each setting by its NUXT_ variable, and ignores others', () => {
    const config = configFromEnv({
      NUXT_DATA_DIR: '/srv/data', NUXT_MAX_UPLOAD_BYTES: '1000', NUXT_QUEUE_CONCURRENCY: '3', NUXT_JOB_ATTEMPTS: '7',
      NUXT_ATOM_MIN_WORDS: '40', NUXT_ATOM_MAX_WORDS: '200', NUXT_JOB_TIMEOUT_SECONDS: '90', NUXT_SOMETHING_ELSE: 'x', MAX_UPLOAD_BYTES: 'not mine',
    })
    expect(config).toEqual({
      ...configDefaults,
      dataDir: '/srv/data', maxUploadBytes: 1000, queueConcurrency: 3, jobAttempts: 7, atomMinWords: 40, atomMaxWords: 200, jobTimeoutSeconds: 90,
    })
  })

  it('reads the scaled settings by the plain names operators know', () => {
    const config = configFromEnv({
      MONGODB_URI: 'mongodb://db:27017/atomizer', REDIS_URL: 'redis://cache:6379', REDIS_PREFIX: 'site-a',
      ELASTICSEARCH_URL: 'https://search:9200', ELASTICSEARCH_INDEX: 'atoms', ELASTICSEARCH_ANALYZER: 'standard',
      S3_BUCKET: 'uploads', S3_ENDPOINT: 'http://minio:9000', S3_REGION: 'eu-west-1', S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret', S3_FORCE_PATH_STYLE: 'true', S3_SERVER_SIDE_ENCRYPTION: 'aws:kms', S3_KMS_KEY_ID: 'kms-1',
    })
    expect(config).toMatchObject({
      mongodbUri: 'mongodb://db:27017/atomizer', redisUrl: 'redis://cache:6379', redisPrefix: 'site-a',
      elasticsearchUrl: 'https://search:9200', elasticsearchIndex: 'atoms', elasticsearchAnalyzer: 'standard',
      s3Bucket: 'uploads', s3Endpoint: 'http://minio:9000', s3Region: 'eu-west-1', s3AccessKeyId: 'key',
      s3SecretAccessKey: 'secret', s3ForcePathStyle: true, s3ServerSideEncryption: 'aws:kms', s3KmsKeyId: 'kms-1',
    })
  })

  it('treats an empty scaled setting as unset, so the embedded driver stays', () => {
    expect(configFromEnv({ MONGODB_URI: '', REDIS_URL: '  ', S3_BUCKET: '' })).toMatchObject({
      mongodbUri: undefined, redisUrl: undefined, s3Bucket: undefined,
    })
  })

  it('names the plain variable of a bad scaled setting', () => {
    expect(failure(() => configFromEnv({ REDIS_URL: 'http://cache:6379' })).message).toContain('REDIS_URL (redisUrl) = "http://cache:6379"')
    expect(failure(() => configFromEnv({ MONGODB_URI: 'postgres://db' })).message).toContain('MONGODB_URI')
    expect(failure(() => configFromEnv({ ELASTICSEARCH_INDEX: 'Has Spaces' })).message).toContain('ELASTICSEARCH_INDEX')
    expect(failure(() => configFromEnv({ S3_SERVER_SIDE_ENCRYPTION: 'rot13' })).message).toContain('S3_SERVER_SIDE_ENCRYPTION')
  })

  it('reads the admin email (trimmed, lower-cased) and open registration, which is on unless turned off', () => {
    expect(configFromEnv({})).toMatchObject({ adminEmail: undefined, openRegistration: true })
    expect(configFromEnv({ NUXT_ADMIN_EMAIL: ' Head@Example.TEST ', NUXT_OPEN_REGISTRATION: 'false' }))
      .toMatchObject({ adminEmail: 'head@example.test', openRegistration: false })
    expect(configFromEnv({ NUXT_ADMIN_EMAIL: '', NUXT_OPEN_REGISTRATION: '' })).toMatchObject({ adminEmail: undefined, openRegistration: true })
    expect(configFromEnv({ NUXT_OPEN_REGISTRATION: '0' }).openRegistration).toBe(false)
    expect(failure(() => configFromEnv({ NUXT_ADMIN_EMAIL: 'head teacher' })).message).toContain('NUXT_ADMIN_EMAIL (adminEmail) = "head teacher"')
    expect(failure(() => configFromEnv({ NUXT_OPEN_REGISTRATION: 'maybe' })).message).toContain('NUXT_OPEN_REGISTRATION')
  })

  it('names the variable of a bad value', () => {
    expect(failure(() => configFromEnv({ NUXT_QUEUE_CONCURRENCY: 'many' })).message).toContain('NUXT_QUEUE_CONCURRENCY')
    expect(failure(() => configFromEnv({ NUXT_MAX_UPLOAD_BYTES: '' })).message).toContain('NUXT_MAX_UPLOAD_BYTES')
    expect(failure(() => configFromEnv({ NUXT_ATOM_MAX_WORDS: '-5' })).message).toContain('NUXT_ATOM_MAX_WORDS')
  })
})

describe('configuration errors', () => {
  it('never show credentials: URLs lose their user, password and query values, and secrets are hidden', () => {
    const error = failure(() => configFromEnv({
      MONGODB_URI: 'mongo://admin:hunter2-secret@db.internal:27017/atoms?authSource=admin&password=also-secret',
      REDIS_URL: 'http://:redis-secret@cache.internal:6379',
      ELASTICSEARCH_URL: 'elastic:es-secret@search.internal:9200',
      S3_SECRET_ACCESS_KEY: '',
      NUXT_MAX_BODY_BYTES: '12',
    }))
    expect(error.message).not.toMatch(/hunter2|also-secret|redis-secret|es-secret|admin:/)
    expect(error.message).toContain('MONGODB_URI (mongodbUri) = "mongo://***@db.internal:27017/atoms?authSource=***&password=***"')
    expect(error.message).toContain('REDIS_URL (redisUrl) = "http://***@cache.internal:6379"')
    expect(error.message).toContain('ELASTICSEARCH_URL (elasticsearchUrl) = "***@search.internal:9200"')
    expect(error.message).toContain('NUXT_MAX_BODY_BYTES (maxBodyBytes) = "12": must be at least 1024')
  })

  it('hide the S3 keys whatever is wrong with them', () => {
    const error = failure(() => parseConfig({ ...configDefaults, s3SecretAccessKey: 42 }))
    expect(error.message).toContain('S3_SECRET_ACCESS_KEY (s3SecretAccessKey) = (hidden)')
    expect(error.message).not.toContain('42')
  })

  it('refuse proxy and origin lists that are not', () => {
    expect(failure(() => configFromEnv({ NUXT_TRUSTED_PROXIES: 'everyone' })).message).toContain('NUXT_TRUSTED_PROXIES')
    expect(failure(() => configFromEnv({ NUXT_ALLOWED_ORIGINS: 'example.org' })).message).toContain('NUXT_ALLOWED_ORIGINS')
  })
})
