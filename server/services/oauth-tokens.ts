import { timingSafeEqual } from 'node:crypto'
import { decodeProtectedHeader, importJWK, jwtVerify, SignJWT, type JWK } from 'jose'
import { accessTokenAudience, accessTokenSeconds, type OAuthErrorBody, type TokenRequest, type TokenResponse } from '../../shared/schemas/oauth'
import { apiScopeSchema, scopesOfRole, type ApiScope } from '../../shared/schemas/tokens'
import type { AppConfig } from '../config'
import type { Drivers } from '../drivers'
import { problems } from '../errors'
import { cachedClient } from './oauth-clients'
import { actingRole, type Caller } from './scopes'
import { currentSigningKey, signingAlgorithm, usableKeys } from './signing-keys'
import { tokenHash } from './tokens'

type OAuthDrivers = Pick<Drivers, 'store' | 'cache'>
type OAuthSettings = Pick<AppConfig, 'oauthIssuer'>
export type ClientCaller = Extract<Caller, { via: 'client' }>

/** An error the token endpoint answers with, in the words of RFC 6749 section 5.2. */
export class OAuthError extends Error {
  constructor(readonly status: 400 | 401, readonly body: OAuthErrorBody) {
    super(body.error_description ?? body.error)
    this.name = 'OAuthError'
  }
}

const invalidClient = () => new OAuthError(401, { error: 'invalid_client', error_description: 'Unknown client, wrong secret, or a revoked client.' })

/** The client id and secret of a request: HTTP Basic (client_secret_basic) or the form (client_secret_post), not both. */
export function clientCredentials(authorization: string | undefined, form: TokenRequest): { id: string, secret: string } {
  const basic = /^Basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(authorization ?? '')
  if (basic && (form.client_id !== undefined || form.client_secret !== undefined)) {
    throw new OAuthError(400, { error: 'invalid_request', error_description: 'Authenticate with one method: HTTP Basic or the form, not both.' })
  }
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0) throw invalidClient()
    // RFC 6749 section 2.3.1: both parts are form-encoded before Basic encoding.
    const part = (text: string) => decodeURIComponent(text.replace(/\+/g, ' '))
    try {
      return { id: part(decoded.slice(0, colon)), secret: part(decoded.slice(colon + 1)) }
    }
    catch {
      throw invalidClient()
    }
  }
  if (form.client_id && form.client_secret) return { id: form.client_id, secret: form.client_secret }
  throw invalidClient()
}

/** The scopes asked for: all the client's when none are named; one it does not have is `invalid_scope`. */
function grantedScopes(requested: string | undefined, allowed: readonly ApiScope[]): ApiScope[] {
  if (requested === undefined || requested.trim() === '') return [...allowed]
  const names = [...new Set(requested.trim().split(/\s+/))]
  const scopes = names.map(name => apiScopeSchema.safeParse(name)).map(result => result.success ? result.data : undefined)
  if (scopes.some(scope => scope === undefined || !allowed.includes(scope))) {
    throw new OAuthError(400, { error: 'invalid_scope', error_description: `This client may ask for: ${allowed.join(' ')}.` })
  }
  return scopes as ApiScope[]
}

const sameHash = (a: string, b: string) => timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'))

/** The client-credentials grant (RFC 6749 section 4.4): a signed JWT access token of 15 minutes with the granted scopes. */
export async function issueAccessToken(drivers: OAuthDrivers, settings: OAuthSettings, authorization: string | undefined, form: TokenRequest, now = new Date()): Promise<TokenResponse> {
  const credentials = clientCredentials(authorization, form)
  if (form.grant_type !== 'client_credentials') {
    throw new OAuthError(400, { error: 'unsupported_grant_type', error_description: 'Only client_credentials is supported.' })
  }
  const client = await drivers.store.oauthClients.get(credentials.id)
  if (!client || client.revokedAt || !sameHash(client.secretHash, tokenHash(credentials.secret))) throw invalidClient()
  const scopes = grantedScopes(form.scope, client.scopes)
  const { kid, key } = await currentSigningKey(drivers.store, now)
  const issuedAt = Math.floor(now.getTime() / 1000)
  const accessToken = await new SignJWT({ scope: scopes.join(' '), client_id: client.id })
    .setProtectedHeader({ alg: signingAlgorithm, kid, typ: 'at+jwt' })
    .setIssuer(settings.oauthIssuer)
    .setAudience(accessTokenAudience)
    .setSubject(client.id)
    .setJti(crypto.randomUUID())
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + accessTokenSeconds)
    .sign(key)
  return { access_token: accessToken, token_type: 'Bearer', expires_in: accessTokenSeconds, scope: scopes.join(' ') }
}

/** Whether a bearer secret is a JWT (three base64url parts) rather than a personal access token. */
export const looksLikeJwt = (secret: string) => /^[\w-]+\.[\w-]+\.[\w-]+$/.test(secret)

/** The public key of a token's `kid`, read again from the store when this instance does not know it yet. */
async function verificationKey(drivers: OAuthDrivers, kid: string | undefined) {
  const find = async (fresh: boolean) => (await usableKeys(drivers.store, { fresh })).find(key => key.id === kid)
  const record = kid ? await find(false) ?? await find(true) : undefined
  if (!record) return undefined
  return importJWK(JSON.parse(record.publicJwk) as JWK, signingAlgorithm)
}

/**
 * The caller a client's access token stands for, or 401 (the same for a malformed, forged, expired or
 * foreign token and a revoked client): the registering admin's account, with at most the token's scopes
 * (less any the account's role no longer allows).
 */
export async function clientCaller(drivers: OAuthDrivers, settings: OAuthSettings, token: string): Promise<ClientCaller> {
  const refused = problems.unauthorized('The access token is not valid.')
  let header: { kid?: string }
  try {
    header = decodeProtectedHeader(token)
  }
  catch {
    throw refused
  }
  const key = await verificationKey(drivers, header.kid)
  if (!key) throw refused
  const { payload } = await jwtVerify(token, key, {
    algorithms: [signingAlgorithm], issuer: settings.oauthIssuer, audience: accessTokenAudience, typ: 'at+jwt', requiredClaims: ['sub', 'exp', 'jti'],
  }).catch(() => {
    throw refused
  })
  const client = await cachedClient(drivers, payload.sub!)
  if (!client || client.revokedAt) throw refused
  const owner = await drivers.store.users.findById(client.ownerId)
  if (!owner) throw refused
  const claimed = typeof payload.scope === 'string' ? payload.scope.split(' ') : []
  const scopes = client.scopes.filter(scope => claimed.includes(scope) && scopesOfRole(owner.role).includes(scope))
  return { actor: { id: owner.id, role: actingRole(owner.role, scopes) }, scopes, via: 'client', clientId: client.id, expiresAt: payload.exp! * 1000 }
}

/** Whether a client's token still works: not expired, the client not revoked (a live connection ends once it does not). */
export async function isClientTokenLive(drivers: OAuthDrivers, clientId: string, expiresAt: number, now = Date.now()): Promise<boolean> {
  if (expiresAt <= now) return false
  const client = await cachedClient(drivers, clientId)
  return Boolean(client && !client.revokedAt)
}
