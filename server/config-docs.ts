import { configDefaults, envName, scaledEnvNames, type AppConfig } from './config'

/** What the configuration page says of a setting: what it means, and its default where the value alone does not say it. */
export interface SettingDoc {
  meaning: string
  /** Shown instead of the default value ("unset (built-in)"). */
  default?: string
}

/**
 * Every setting's documentation, in the order docs/configuration.md lists them. Typed by the settings
 * themselves: a setting added to the schema without a line here fails the typecheck, and
 * `npm run docs:config` writes the page's tables from this (a test checks they are up to date).
 */
export const settingDocs: Record<keyof AppConfig, SettingDoc> = {
  dataDir: { meaning: 'folder for the SQLite database, the search index, uploaded files and the session secret' },
  maxUploadBytes: { meaning: 'largest accepted upload' },
  maxBodyBytes: { meaning: 'largest JSON or form body, refused with 413 before it is read (chunked ones too); uploads keep the limit above, GraphQL twice it' },
  trustedProxies: { default: 'unset (none)', meaning: 'proxies whose `X-Forwarded-For` names the client, for the limits per address: addresses, CIDR ranges, `loopback`, `linklocal`, `uniquelocal`, comma-separated. Set it behind a load balancer, or every user shares its address' },
  allowedOrigins: { default: 'unset (own origin only)', meaning: 'other origins (`https://app.example.org`, comma-separated) whose pages may open the live WebSocket' },
  corsOrigins: { default: 'unset (none)', meaning: 'origins (`https://app.example.org`, comma-separated) whose pages may call the API with a bearer token (CORS). Cookies never cross origins: `Access-Control-Allow-Credentials` is never sent, and requests that change state with the cookie must come from the app\'s own pages (see [Security](security.md#csrf))' },
  queueConcurrency: { meaning: 'documents atomized at the same time' },
  jobAttempts: { meaning: 'attempts of a failing job before the document is marked failed' },
  atomMinWords: { meaning: 'smaller fragments merge with a neighbour' },
  atomMaxWords: { meaning: 'longer sections are split where the topic shifts' },
  jobTimeoutSeconds: { meaning: 'atomizing one document may take at most this long' },
  sessionIdleMinutes: { meaning: 'a sign-in session not used for this long ends (idle timeout); its last use is recorded at most once a minute' },
  sessionMaxHours: { meaning: 'a sign-in session ends this long after sign-in, however much it is used (absolute timeout); the cookie lasts as long. Above 168 hours, raise `NUXT_SESSION_MAX_AGE` (seconds, the sealed cookie\'s own limit) to match' },
  oauthIssuer: { meaning: 'the `iss` of the JWT access tokens `POST /api/v1/oauth/token` issues (set it to the public URL of the app); their `aud` is `learning-atomizer-api`' },
  oauthKeyRotationHours: { meaning: 'a new signing key for the OAuth access tokens is made this often (a scheduled job)' },
  oauthKeyGraceHours: { meaning: 'the key it replaces still verifies, and is still published at `/.well-known/jwks.json`, this long after (at least the tokens\' 15 minutes)' },
  adminEmail: { meaning: 'the admin\'s email: that account becomes admin when it registers, and at start-up if it exists (see [Accounts, roles and sharing](usage.md#accounts-roles-and-sharing))' },
  openRegistration: { meaning: 'anyone may create an account; on for the laptop set-up, **set `false` on a shared deployment** (accounts then come from `npm run admin`)' },
  rateLimitLogin: { meaning: 'failed sign-ins for one account (known or not) in 10 minutes; then it is locked for a minute, each further lock within a day twice as long (up to an hour). Limits answer 429 with `Retry-After`' },
  rateLimitLoginAddress: { meaning: 'failed sign-ins from one client address in 10 minutes' },
  rateLimitRegister: { meaning: 'registrations from one client address per hour' },
  rateLimitUploads: { meaning: 'uploads, new versions, direct uploads and reprocessing per minute per user' },
  rateLimitEdits: { meaning: 'atom edits, splits and merges per minute per user' },
  rateLimitSearch: { meaning: 'searches and suggestions per minute per user' },
  rateLimitSubscriptions: { meaning: 'live subscriptions (WebSocket and GraphQL) opened per minute per user' },
  jobLockSeconds: { meaning: 'with worker processes: a job whose worker died runs again after this long' },
  shutdownDrainSeconds: { meaning: 'on SIGTERM the web server takes no new requests, tells live clients to reconnect (close 1012), and lets those in flight finish for up to this long; keep it below the orchestrator\'s grace period' },
  workerHealthPort: { default: '0 (none)', meaning: 'the worker serves `/live` and `/ready` (503 once it stops) on this port, for Kubernetes\' probes, and its Prometheus metrics on `/metrics`' },
  metricsPort: { default: '0 (none)', meaning: 'the web server serves its Prometheus metrics on `/metrics` on this port, never on the public one (see [Watching](operations.md#watching))' },
  liveHeartbeatSeconds: { meaning: 'the live WebSocket pings every client this often' },
  liveHeartbeatTimeoutSeconds: { meaning: 'and closes one silent this long (no pong, no message) with 4408' },
  liveSoftBufferBytes: { meaning: 'unsent bytes of a live client above which progress is coalesced and atom events replaced by a resync' },
  liveHardBufferBytes: { meaning: 'unsent bytes above which a live client is closed with 1013' },
  publicUrl: { default: 'unset (the request\'s own)', meaning: 'the address users reach the app at (`https://atomizer.example.org`): the base of password reset links and of the single sign-on redirect `<url>/api/v1/auth/sso/<provider>/callback`. Set it behind a proxy, and for `npm run admin -- reset-password`' },
  passwordResetSeconds: { meaning: 'a password reset link works once, and for this long' },
  oidcIssuer: { default: 'unset (off)', meaning: 'single sign-on with any OpenID Connect provider: its issuer URL (discovery at `<issuer>/.well-known/openid-configuration`); on once this, the client id and secret are set (see [Single sign-on](security.md#single-sign-on))' },
  oidcClientId: { meaning: 'the app\'s client id at the provider' },
  oidcClientSecret: { meaning: 'its client secret' },
  oidcScopes: { meaning: 'scopes asked for, space-separated (`openid` always)' },
  oidcRoleClaim: { default: 'unset (roles stay as they are)', meaning: 'a claim whose value, `admin`, `author` or `learner` (or a list holding one), sets the account\'s role at each sign-in' },
  oidcName: { meaning: 'the label of the provider\'s button on the sign-in page' },
  oauthGithubClientId: { default: 'unset (off)', meaning: 'GitHub sign-in: the OAuth app\'s client id (callback `<url>/api/v1/auth/sso/github/callback`)' },
  oauthGithubClientSecret: { meaning: 'and its secret' },
  oauthGoogleClientId: { default: 'unset (off)', meaning: 'Google sign-in: the OAuth client id (callback `<url>/api/v1/auth/sso/google/callback`)' },
  oauthGoogleClientSecret: { meaning: 'and its secret' },
  graphqlPersistedOnly: { meaning: '`true`: `/api/graphql` runs only the operations of its allow-list (see [GraphQL](api.md#graphql))' },
  mlBackend: { meaning: 'TF.js backend: `auto` (tfjs-node, else WASM, else plain JavaScript), or force `node`, `wasm` or `cpu`' },
  atomTypesModel: { default: 'unset (built-in)', meaning: 'a TF.js layers model typing atoms instead of the built-in one: a folder or `model.json` path, or an `http(s)://…/model.json` URL' },
  definitionsModel: { default: 'unset (built-in)', meaning: 'a TF.js layers model judging the definitions the text\'s patterns find instead of the built-in one (`metadata.json` beside it, with its threshold): a folder or `model.json` path, or an `http(s)://…/model.json` URL' },
  termsModel: { default: 'unset (built-in)', meaning: 'a TF.js layers model choosing key terms instead of the built-in one (`metadata.json` and `lexicon.txt` beside it): a folder or `model.json` path, or an `http(s)://…/model.json` URL' },
  difficultyModel: { default: 'unset (retrained, else built-in)', meaning: 'a TF.js layers model scoring atoms\' difficulty instead of the built-in or a retrained one: a folder or `model.json` path, or an `http(s)://…/model.json` URL' },
  difficultyRetrainReviews: { meaning: 'new reviews in the store after which the scheduled job retrains the difficulty model; `0` never retrains' },
  termsRetrainLabels: { meaning: 'new key-term and definition corrections by authors after which the scheduled job retrains the key-term model; `0` never retrains' },
  embeddingsModel: { default: 'unset (built-in)', meaning: 'a text encoder (TF.js layers model with its `metadata.json`) embedding atoms and queries instead of the built-in one: a folder or `model.json` path, or an `http(s)://…/model.json` URL' },
  embeddingsDims: { meaning: 'size of the encoder\'s vectors, which the search index is built for; change it only with an encoder of that size (then rebuild the index)' },
  mongodbUri: { default: 'unset (SQLite)', meaning: '`mongodb://…/atomizer`: users, documents, collections, shares and atoms in MongoDB' },
  redisUrl: { default: 'unset (in-process)', meaning: '`redis://…`: cache (with an in-process first level), live events, rate limits and sessions in Redis; with the three below also the job queue (BullMQ)' },
  redisPrefix: { meaning: 'prefix of every Redis key and channel, so several installations share one Redis' },
  elasticsearchUrl: { default: 'unset (Orama)', meaning: '`http(s)://…`: atoms indexed in Elasticsearch 9' },
  elasticsearchIndex: { meaning: 'the alias searched; the data lives in versioned indices `<alias>-v<n>` behind it' },
  elasticsearchAnalyzer: { meaning: 'analyzer of the text fields; `standard` and `english` become the app\'s own (lower case, ASCII folding, the search\'s stop words, and for `english` the Porter stemmer, each where the cluster has it); a language analyzer the cluster lacks falls back to `standard`, with a warning in the log' },
  s3Bucket: { default: 'unset (local folder)', meaning: 'uploaded originals in this bucket (created when missing)' },
  s3Endpoint: { default: 'AWS', meaning: 'for S3-compatible stores (MinIO, versitygw, Ceph…)' },
  s3Region: { meaning: 'the bucket\'s region' },
  s3AccessKeyId: { default: 'the AWS SDK\'s default chain', meaning: 'credentials' },
  s3SecretAccessKey: { default: 'the AWS SDK\'s default chain', meaning: 'credentials' },
  s3ForcePathStyle: { meaning: '`true` for most S3-compatible stores' },
  s3ServerSideEncryption: { meaning: '`AES256` or `aws:kms` (with an optional key id) asked for on every write' },
  s3KmsKeyId: { meaning: 'the KMS key for `aws:kms` (else the bucket\'s default key)' },
}

/** Variables read outside the settings schema, listed with them. */
const port = { variable: '`PORT` / `HOST`', shown: '`3000` / all interfaces', meaning: 'where the server listens' }
const sessionPassword = { variable: '`NUXT_SESSION_PASSWORD`', shown: 'made once and kept in the data folder', meaning: '32+ characters sealing the session cookie and the stored authenticator-app secrets; set it when several instances serve one site (changing it makes enrolled authenticator apps unreadable)' }

const shownDefault = (key: keyof AppConfig) => {
  const value = configDefaults[key]
  return settingDocs[key].default ?? (value === undefined ? 'unset' : `\`${String(value)}\``)
}

const row = ({ variable, shown, meaning }: { variable: string, shown: string, meaning: string }) => `| ${variable} | ${shown} | ${meaning} |`

/** The Markdown table of the app's settings (`scaled` false), or of the scaled side's (true). */
export function settingsTable(scaled: boolean): string {
  const keys = (Object.keys(settingDocs) as (keyof AppConfig)[]).filter(key => (key in scaledEnvNames) === scaled)
  const rows = keys.flatMap(key => [
    row({ variable: `\`${envName(key)}\``, shown: shownDefault(key), meaning: settingDocs[key].meaning }),
    // The session password goes with the account settings.
    ...(key === 'openRegistration' ? [row(sessionPassword)] : []),
  ])
  return ['| variable | default | meaning |', '|---|---|---|', ...(scaled ? [] : [row(port)]), ...rows].join('\n')
}

/** The page with each marked table (`<!-- settings:app -->` … `<!-- /settings -->`) written anew. */
export function withSettingsTables(page: string): string {
  return page.replace(/(<!-- settings:(app|scaled) -->)\n[\s\S]*?(<!-- \/settings -->)/g,
    (_, open: string, which: string, close: string) => `${open}\n${settingsTable(which === 'scaled')}\n${close}`)
}
