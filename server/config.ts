import { isAbsolute, resolve } from 'node:path'
import { z } from 'zod'
import { isOriginList, isProxyList } from './http/trust'

/** An optional setting: empty means "not set", so the embedded driver stays in use. */
const optionalText = z.string().trim().optional().transform(value => value || undefined)
const optionalUrl = (schemes: string[]) => optionalText.refine(
  value => value === undefined || schemes.some(scheme => value.startsWith(`${scheme}://`)),
  { message: `must be a ${schemes.join(' or ')} URL` },
)
/** A yes/no setting: `true`/`1` or `false`/`0`; unset or empty means `fallback`. */
const flagOr = (fallback: boolean) => z.union([z.boolean(), z.enum(['true', 'false', '1', '0', ''])]).optional()
  .transform(value => value === undefined || value === '' ? fallback : value === true || value === 'true' || value === '1')
const flag = flagOr(false)

/**
 * The scaled side: each URL set switches its concern from the embedded driver to the networked one
 * (docs/operations.md, "Running scaled"). Read from the plain names operators know, such as MONGODB_URI.
 */
const scaledSettings = z.object({
  mongodbUri: optionalUrl(['mongodb', 'mongodb+srv']),
  redisUrl: optionalUrl(['redis', 'rediss']),
  /** Prefix of every Redis key and channel, so several installations can share one Redis. */
  redisPrefix: z.string().trim().regex(/^[\w-]+$/, 'must be letters, digits, - or _'),
  elasticsearchUrl: optionalUrl(['http', 'https']),
  /** Name of the alias the app searches; versioned indices sit behind it. */
  elasticsearchIndex: z.string().trim().regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, - or _'),
  /** Falls back to `standard`, with a warning, when the cluster lacks it. */
  elasticsearchAnalyzer: z.string().trim().min(1),
  s3Bucket: optionalText,
  s3Endpoint: optionalUrl(['http', 'https']),
  s3Region: z.string().trim().min(1),
  s3AccessKeyId: optionalText,
  s3SecretAccessKey: optionalText,
  s3ForcePathStyle: flag,
  /** `AES256` or `aws:kms`; unset stores objects as the bucket's default says. */
  s3ServerSideEncryption: z.enum(['', 'AES256', 'aws:kms']).optional().transform(value => value || undefined),
  s3KmsKeyId: optionalText,
})

/** The plain environment variable of each scaled setting. */
export const scaledEnvNames = {
  mongodbUri: 'MONGODB_URI',
  redisUrl: 'REDIS_URL',
  redisPrefix: 'REDIS_PREFIX',
  elasticsearchUrl: 'ELASTICSEARCH_URL',
  elasticsearchIndex: 'ELASTICSEARCH_INDEX',
  elasticsearchAnalyzer: 'ELASTICSEARCH_ANALYZER',
  s3Bucket: 'S3_BUCKET',
  s3Endpoint: 'S3_ENDPOINT',
  s3Region: 'S3_REGION',
  s3AccessKeyId: 'S3_ACCESS_KEY_ID',
  s3SecretAccessKey: 'S3_SECRET_ACCESS_KEY',
  s3ForcePathStyle: 'S3_FORCE_PATH_STYLE',
  s3ServerSideEncryption: 'S3_SERVER_SIDE_ENCRYPTION',
  s3KmsKeyId: 'S3_KMS_KEY_ID',
} as const satisfies Record<keyof z.input<typeof scaledSettings>, string>

/** Single sign-on: any OpenID Connect provider, and the GitHub and Google presets; each is on once its client is set. */
const singleSignOnSettings = z.object({
  /** The provider's issuer; its discovery document is at `<issuer>/.well-known/openid-configuration`. */
  oidcIssuer: optionalUrl(['http', 'https']),
  oidcClientId: optionalText,
  oidcClientSecret: optionalText,
  /** Space-separated; `openid` is always asked for. */
  oidcScopes: z.string().trim().min(1),
  /** A claim of the ID token (or userinfo) whose value (`admin`, `author` or `learner`, or a list holding one) sets the role at each sign-in. */
  oidcRoleClaim: optionalText,
  /** The label of the sign-in button. */
  oidcName: z.string().trim().min(1).max(60),
  oauthGithubClientId: optionalText,
  oauthGithubClientSecret: optionalText,
  oauthGoogleClientId: optionalText,
  oauthGoogleClientSecret: optionalText,
})

/** Settings the server and the worker read; each comes from runtime config or its NUXT_ variable. */
const configSchema = z.object({
  dataDir: z.string().trim().min(1, 'must name a folder'),
  maxUploadBytes: z.coerce.number().int().min(1, 'must be at least 1').max(1024 ** 3, 'must be at most 1 GiB'),
  queueConcurrency: z.coerce.number().int().min(1).max(64),
  jobAttempts: z.coerce.number().int().min(1).max(20),
  atomMinWords: z.coerce.number().int().min(1).max(1000),
  atomMaxWords: z.coerce.number().int().min(30).max(5000),
  /** Atomizing one document may take at most this long. */
  jobTimeoutSeconds: z.coerce.number().int().min(1).max(24 * 3600),
  /** With worker processes: a job whose worker stops renewing its lock this long (it died) runs again. */
  jobLockSeconds: z.coerce.number().int().min(2).max(3600),
  /** On SIGTERM, requests in flight may take this long to finish before their connections are cut. */
  shutdownDrainSeconds: z.coerce.number().int().min(0).max(600),
  /** The worker's health port (`/live`, `/ready`) for the orchestrator's probes; 0 serves none. */
  workerHealthPort: z.coerce.number().int().min(0).max(65535),
  /** The web server's Prometheus metrics (`/metrics`) on this port, apart from the public one; 0 serves none. */
  metricsPort: z.coerce.number().int().min(0).max(65535),
  /** JSON and form bodies larger than this are refused (413) before they are read; uploads have their own limit. */
  maxBodyBytes: z.coerce.number().int().min(1024, 'must be at least 1024').max(64 * 1024 ** 2, 'must be at most 64 MiB'),
  /** Proxies whose X-Forwarded-For names the client (addresses, CIDR ranges, or `loopback`, `linklocal`, `uniquelocal`); none by default. */
  trustedProxies: z.string().trim().refine(isProxyList, 'must be a comma-separated list of addresses, CIDR ranges, loopback, linklocal or uniquelocal'),
  /** Origins, besides the server's own, whose pages may open the live WebSocket (comma-separated, such as https://app.example.org). */
  allowedOrigins: z.string().trim().refine(isOriginList, 'must be a comma-separated list of origins such as https://app.example.org'),
  /** Origins whose pages may call the API with a bearer token (CORS, never with the cookie), comma-separated. */
  corsOrigins: z.string().trim().refine(isOriginList, 'must be a comma-separated list of origins such as https://app.example.org'),
  /** Failed sign-ins for one account within 10 minutes; then it is locked, for a minute and twice as long each time after. */
  rateLimitLogin: z.coerce.number().int().min(1).max(100_000),
  /** Failed sign-ins from one client address within 10 minutes. */
  rateLimitLoginAddress: z.coerce.number().int().min(1).max(100_000),
  /** Registrations from one client address per hour. */
  rateLimitRegister: z.coerce.number().int().min(1).max(100_000),
  /** Uploads (new documents, new versions, direct uploads) and reprocessing per minute for one user. */
  rateLimitUploads: z.coerce.number().int().min(1).max(100_000),
  /** Atom edits (changes, splits, merges) per minute for one user. */
  rateLimitEdits: z.coerce.number().int().min(1).max(100_000),
  /** Searches and search suggestions per minute for one user. */
  rateLimitSearch: z.coerce.number().int().min(1).max(100_000),
  /** Live subscriptions (WebSocket and GraphQL) opened per minute for one user. */
  rateLimitSubscriptions: z.coerce.number().int().min(1).max(100_000),
  /** The live WebSocket pings every peer this often... */
  liveHeartbeatSeconds: z.coerce.number().int().min(1).max(3600),
  /** ...and closes one that has been silent (no pong, no message) this long. */
  liveHeartbeatTimeoutSeconds: z.coerce.number().int().min(1).max(7200),
  /** Unsent bytes of a live peer above which progress is coalesced and atom events replaced by a resync. */
  liveSoftBufferBytes: z.coerce.number().int().min(1024).max(1024 ** 3),
  /** Unsent bytes of a live peer above which it is closed (1013). */
  liveHardBufferBytes: z.coerce.number().int().min(1024).max(1024 ** 3),
  /** A session not used for this long ends (idle timeout). */
  sessionIdleMinutes: z.coerce.number().int().min(1).max(365 * 24 * 60),
  /** A session ends this long after sign-in however much it is used (absolute timeout). */
  sessionMaxHours: z.coerce.number().int().min(1).max(365 * 24),
  /** The `iss` of the access tokens the OAuth token endpoint issues. */
  oauthIssuer: z.string().trim().min(1).max(200),
  /** A new key signs OAuth access tokens this often... */
  oauthKeyRotationHours: z.coerce.number().int().min(1).max(365 * 24),
  /** ...and the key it replaces still verifies (and is still published) this long after. */
  oauthKeyGraceHours: z.coerce.number().int().min(1).max(30 * 24),
  /** The account with this email is the admin: made admin when it registers, and promoted at start-up if it exists. */
  adminEmail: z.string().trim().toLowerCase().optional().transform(value => value || undefined).pipe(z.email('must be an email address').optional()),
  /** Anyone may create an account (`POST /api/v1/auth/register`); off, accounts come from `npm run admin`. */
  openRegistration: flagOr(true),
  /** The address users reach the app at (`https://atomizer.example.org`): the base of reset links and of single sign-on's redirect. */
  publicUrl: optionalUrl(['http', 'https']),
  /** A password reset link works once, and for this long. */
  passwordResetSeconds: z.coerce.number().int().min(60).max(7 * 24 * 3600),
  ...singleSignOnSettings.shape,
  /** The GraphQL endpoint runs only the operations of its allow-list (server/graphql/persisted-operations.json). */
  graphqlPersistedOnly: flag,
  /** TF.js backend: `auto` tries tfjs-node, then WASM, then plain JavaScript (`cpu`). */
  mlBackend: z.enum(['auto', 'node', 'wasm', 'cpu']),
  /** A TF.js layers model (model.json path, its folder, or an http(s) URL) typing atoms instead of the built-in one. */
  atomTypesModel: optionalText,
  /** A TF.js layers model (model.json path, its folder, or an http(s) URL; metadata.json and lexicon.txt beside it) choosing key terms instead of the built-in one. */
  termsModel: optionalText,
  /** A TF.js layers model (model.json path, its folder, or an http(s) URL; metadata.json beside it) judging definitions instead of the built-in one. */
  definitionsModel: optionalText,
  /** New key-term and definition corrections by authors that make the scheduled job retrain the key-term model; 0 never retrains. */
  termsRetrainLabels: z.coerce.number().int().min(0).max(100_000_000),
  /** A TF.js layers model (model.json path, its folder, or an http(s) URL) scoring difficulty instead of the built-in or a retrained one. */
  difficultyModel: optionalText,
  /** New reviews in the store that make the scheduled job retrain the difficulty model; 0 never retrains. */
  difficultyRetrainReviews: z.coerce.number().int().min(0).max(100_000_000),
  /** A text encoder (model.json path, its folder, or an http(s) URL; metadata.json beside it) instead of the built-in one. */
  embeddingsModel: optionalText,
  /** Size of the encoder's vectors, which the search index is built for (the built-in encoder's: 64). */
  embeddingsDims: z.coerce.number().int().min(2).max(4096),
  ...scaledSettings.shape,
})
  .refine(config => config.atomMinWords < config.atomMaxWords, { message: 'must be below NUXT_ATOM_MAX_WORDS', path: ['atomMinWords'] })
  .refine(config => config.liveHeartbeatSeconds < config.liveHeartbeatTimeoutSeconds,
    { message: 'must be longer than NUXT_LIVE_HEARTBEAT_SECONDS', path: ['liveHeartbeatTimeoutSeconds'] })
  .refine(config => config.sessionIdleMinutes <= config.sessionMaxHours * 60,
    { message: 'must be at most NUXT_SESSION_MAX_HOURS', path: ['sessionIdleMinutes'] })
  .refine(config => config.liveSoftBufferBytes < config.liveHardBufferBytes,
    { message: 'must be below NUXT_LIVE_HARD_BUFFER_BYTES', path: ['liveSoftBufferBytes'] })

export type AppConfig = z.infer<typeof configSchema>

/** Defaults: the embedded set-up, with everything under `.data/`. Also Nuxt's runtime config (nuxt.config.ts). */
export const configDefaults: AppConfig = {
  dataDir: '.data',
  maxUploadBytes: 10 * 1024 * 1024,
  queueConcurrency: 2,
  jobAttempts: 3,
  atomMinWords: 25,
  atomMaxWords: 300,
  jobTimeoutSeconds: 300,
  jobLockSeconds: 30,
  maxBodyBytes: 1024 ** 2,
  trustedProxies: '',
  allowedOrigins: '',
  corsOrigins: '',
  rateLimitLogin: 10,
  rateLimitLoginAddress: 20,
  rateLimitRegister: 20,
  rateLimitUploads: 30,
  rateLimitEdits: 120,
  rateLimitSearch: 300,
  rateLimitSubscriptions: 120,
  liveHeartbeatSeconds: 25,
  liveHeartbeatTimeoutSeconds: 60,
  liveSoftBufferBytes: 256 * 1024,
  liveHardBufferBytes: 4 * 1024 * 1024,
  sessionIdleMinutes: 3 * 24 * 60,
  sessionMaxHours: 7 * 24,
  oauthIssuer: 'learning-atomizer',
  oauthKeyRotationHours: 30 * 24,
  oauthKeyGraceHours: 24,
  adminEmail: undefined,
  openRegistration: true,
  publicUrl: undefined,
  passwordResetSeconds: 3600,
  oidcIssuer: undefined,
  oidcClientId: undefined,
  oidcClientSecret: undefined,
  oidcScopes: 'openid email profile',
  oidcRoleClaim: undefined,
  oidcName: 'Single sign-on',
  oauthGithubClientId: undefined,
  oauthGithubClientSecret: undefined,
  oauthGoogleClientId: undefined,
  oauthGoogleClientSecret: undefined,
  graphqlPersistedOnly: false,
  mlBackend: 'auto',
  atomTypesModel: undefined,
  termsModel: undefined,
  definitionsModel: undefined,
  difficultyModel: undefined,
  difficultyRetrainReviews: 1000,
  termsRetrainLabels: 200,
  embeddingsModel: undefined,
  embeddingsDims: 64,
  shutdownDrainSeconds: 25,
  workerHealthPort: 0,
  metricsPort: 0,
  mongodbUri: undefined,
  redisUrl: undefined,
  redisPrefix: 'atomizer',
  elasticsearchUrl: undefined,
  elasticsearchIndex: 'atomizer-atoms',
  elasticsearchAnalyzer: 'english',
  s3Bucket: undefined,
  s3Endpoint: undefined,
  s3Region: 'us-east-1',
  s3AccessKeyId: undefined,
  s3SecretAccessKey: undefined,
  s3ForcePathStyle: false,
  s3ServerSideEncryption: undefined,
  s3KmsKeyId: undefined,
}

export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map(problem => `  - ${problem}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

export const envName = (key: string) => key in scaledEnvNames
  ? scaledEnvNames[key as keyof typeof scaledEnvNames]
  : `NUXT_${key.replace(/[A-Z]/g, letter => `_${letter}`).toUpperCase()}`

/** The scaled settings present in the environment, by their plain names. */
export function scaledSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const found: Record<string, string> = {}
  for (const [key, name] of Object.entries(scaledEnvNames)) {
    const value = env[name]
    if (value !== undefined) found[key] = value
  }
  return found
}

/** Settings whose values an error never shows. */
const secretSettings = new Set<string>(['s3AccessKeyId', 's3SecretAccessKey', 'oidcClientSecret', 'oauthGithubClientSecret', 'oauthGoogleClientSecret'])

/**
 * A setting's value as an error may show it: secrets hidden, and from anything URL-like the user and
 * password and the query's values cut, so a log never carries credentials.
 */
export function shownValue(key: string, value: unknown): string {
  if (value === undefined) return 'not set'
  if (secretSettings.has(key)) return '(hidden)'
  if (typeof value !== 'string') return JSON.stringify(value)
  const text = value
    .replace(/^([a-z][\w+.-]*:\/\/)?[^/?#\s]*@/i, '$1***@')
    .replace(/([?&][^=&#]*=)[^&#]*/g, '$1***')
  return JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text)
}

/** Parses raw settings, naming the environment variable of each bad value. */
export function parseConfig(raw: Record<string, unknown>): AppConfig {
  const result = configSchema.safeParse(raw)
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '')
      return `${envName(key)} (${key}) = ${shownValue(key, raw[key])}: ${issue.message}`
    }))
  }
  const config = result.data
  return { ...config, dataDir: isAbsolute(config.dataDir) ? config.dataDir : resolve(config.dataDir) }
}

/** Settings for processes outside Nitro (the worker, the CLI): defaults overridden by NUXT_ variables. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, unknown> = { ...configDefaults }
  for (const key of Object.keys(configDefaults)) {
    const value = env[envName(key)]
    if (value !== undefined) raw[key] = value
  }
  return parseConfig(raw)
}
