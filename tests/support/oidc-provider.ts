import { generateKeyPairSync } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import Provider from 'oidc-provider'
import { freePort } from './server'

/** An account of the test provider, with the claims it gives. */
export interface ProviderAccount {
  email: string
  email_verified: boolean
  name: string
  /** Given as the `role` claim (scope `roles`). */
  role?: string
}

export interface TestOidcProvider {
  issuer: string
  clientId: string
  clientSecret: string
  /** Adds (or replaces) an account; its id is what the sign-in form takes. */
  addAccount(id: string, account: ProviderAccount): void
  /** The app's environment that configures this provider. */
  env(): Record<string, string>
  /** Lets the app at `baseURL` use the provider (its redirect URI); call before the first sign-in. */
  allowApp(baseURL: string): Promise<void>
  stop(): Promise<void>
}

const form = (req: IncomingMessage): Promise<URLSearchParams> => new Promise((resolve, reject) => {
  let body = ''
  req.setEncoding('utf8')
  req.on('data', (chunk: string) => {
    body += chunk
  })
  req.on('end', () => resolve(new URLSearchParams(body)))
  req.on('error', reject)
})

const loginPage = (uid: string) => `<!doctype html><html lang="en"><head><title>Test provider</title></head><body><main>
<h1>Sign in to the test provider</h1>
<form method="post" action="/interaction/${uid}"><label>Account <input name="login" autocomplete="username"></label>
<button type="submit">Continue</button></form></main></body></html>`

/**
 * A real OpenID Connect provider (`oidc-provider`, OpenID Certified) on a free port of 127.0.0.1, with one
 * confidential client and accounts the test adds. Its sign-in page asks only which account: the test signs in
 * there (a form POST, or a browser filling it), and consent is given at once.
 */
export async function startOidcProvider(): Promise<TestOidcProvider> {
  const port = await freePort()
  const issuer = `http://127.0.0.1:${port}`
  const clientId = 'learning-atomizer'
  const clientSecret = 'a-test-client-secret-of-enough-length-0123456789'
  const accounts = new Map<string, ProviderAccount>()
  const redirectUris: string[] = []
  let provider: Provider | undefined
  const signingKey = { ...generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' }), alg: 'ES256', use: 'sig', kid: 'test' }

  const build = () => new Provider(issuer, {
    clients: [{ client_id: clientId, client_secret: clientSecret, redirect_uris: redirectUris, grant_types: ['authorization_code'], response_types: ['code'], id_token_signed_response_alg: 'ES256' }],
    // Every client must use PKCE, as the app does.
    pkce: { required: () => true },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], roles: ['role'] },
    scopes: ['openid', 'email', 'profile', 'roles'],
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['a-test-cookie-signing-key'] },
    jwks: { keys: [signingKey] },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    findAccount: (_ctx, id) => {
      const account = accounts.get(id)
      return account ? { accountId: id, claims: () => ({ sub: id, ...account }) } : undefined
    },
  })

  const signIn = async (req: IncomingMessage, res: ServerResponse, current: Provider) => {
    const details = await current.interactionDetails(req, res)
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginPage(details.uid))
      return
    }
    const accountId = (await form(req)).get('login') ?? ''
    if (!accounts.has(accountId)) {
      await current.interactionFinished(req, res, { error: 'access_denied', error_description: 'unknown account' }, { mergeWithLastSubmission: false })
      return
    }
    const grant = new current.Grant({ accountId, clientId: String(details.params.client_id) })
    grant.addOIDCScope(String(details.params.scope))
    await current.interactionFinished(req, res, { login: { accountId }, consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: false })
  }

  const server: Server = createServer((req, res) => {
    const current = provider
    if (!current) return res.writeHead(503).end()
    if (req.url?.startsWith('/interaction/')) {
      signIn(req, res, current).catch((error: unknown) => res.writeHead(500).end(String(error)))
      return
    }
    current.callback()(req, res)
  })
  provider = build()
  await new Promise<void>(resolve => server.listen(port, '127.0.0.1', resolve))

  return {
    issuer, clientId, clientSecret,
    addAccount: (id, account) => accounts.set(id, account),
    env: () => ({
      NUXT_OIDC_ISSUER: issuer, NUXT_OIDC_CLIENT_ID: clientId, NUXT_OIDC_CLIENT_SECRET: clientSecret,
      NUXT_OIDC_SCOPES: 'openid email profile roles', NUXT_OIDC_ROLE_CLAIM: 'role', NUXT_OIDC_NAME: 'Test provider',
    }),
    async allowApp(baseURL) {
      redirectUris.push(`${baseURL}/api/v1/auth/sso/oidc/callback`)
      // The client list is read when the provider is made.
      provider = build()
    },
    stop: () => new Promise(resolve => server.close(() => resolve())),
  }
}
