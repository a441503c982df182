import * as client from 'openid-client'
import type { AppConfig } from '../../config'
import { roleFromClaim, type ProviderProfile } from './accounts'

export type OidcSettings = Pick<AppConfig, 'oidcIssuer' | 'oidcClientId' | 'oidcClientSecret' | 'oidcScopes' | 'oidcRoleClaim'>

/** What the callback must find again: kept in the browser's sealed flow cookie between start and callback. */
export interface OidcChecks {
  state: string
  nonce: string
  codeVerifier: string
}

/** Plain HTTP only to a provider on this machine (a development or test provider); anything else must be HTTPS. */
const isLoopback = (url: URL) => ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)

let discovered: { key: string, configuration: Promise<client.Configuration> } | undefined

/** The provider's configuration from its discovery document, fetched once per issuer and client (again after a failure). */
function providerConfiguration(settings: OidcSettings): Promise<client.Configuration> {
  const issuer = new URL(settings.oidcIssuer!)
  const key = `${issuer.href} ${settings.oidcClientId}`
  if (discovered?.key !== key) {
    const configuration = client.discovery(issuer, settings.oidcClientId!, settings.oidcClientSecret!, undefined, {
      ...(issuer.protocol === 'http:' && isLoopback(issuer) && { execute: [client.allowInsecureRequests] }),
      timeout: 10,
    })
    configuration.catch(() => {
      if (discovered?.configuration === configuration) discovered = undefined
    })
    discovered = { key, configuration }
  }
  return discovered.configuration
}

const scopesOf = (settings: OidcSettings) => [...new Set(['openid', ...settings.oidcScopes.split(/\s+/).filter(Boolean)])].join(' ')

/** Where the browser goes to sign in at the provider: authorization code with PKCE (S256), state and nonce. */
export async function oidcAuthorizationUrl(settings: OidcSettings, redirectUri: string): Promise<{ url: string, checks: OidcChecks }> {
  const configuration = await providerConfiguration(settings)
  const checks = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() }
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: redirectUri,
    scope: scopesOf(settings),
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
    code_challenge_method: 'S256',
    state: checks.state,
    nonce: checks.nonce,
  })
  return { url: url.href, checks }
}

const text = (value: unknown): string | null => typeof value === 'string' && value.length > 0 ? value : null

/**
 * Redeems the callback's code at the provider (with the PKCE verifier) and checks state, nonce and the ID
 * token (signature, issuer, audience, expiry); the claims it lacks come from userinfo. Throws on any mismatch.
 */
export async function oidcProfile(settings: OidcSettings, callbackUrl: URL, checks: OidcChecks): Promise<ProviderProfile> {
  const configuration = await providerConfiguration(settings)
  const tokens = await client.authorizationCodeGrant(configuration, callbackUrl, {
    pkceCodeVerifier: checks.codeVerifier, expectedState: checks.state, expectedNonce: checks.nonce, idTokenExpected: true,
  })
  const idClaims = tokens.claims()!
  const needsUserInfo = idClaims.email === undefined || (settings.oidcRoleClaim !== undefined && idClaims[settings.oidcRoleClaim] === undefined)
  const claims: Record<string, unknown> = needsUserInfo
    ? { ...await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub), ...idClaims }
    : idClaims
  const email = text(claims.email)?.trim().toLowerCase() ?? null
  return {
    provider: 'oidc',
    subject: idClaims.sub,
    email,
    emailVerified: claims.email_verified === true,
    name: text(claims.name) ?? text(claims.preferred_username),
    role: settings.oidcRoleClaim ? roleFromClaim(claims[settings.oidcRoleClaim]) : undefined,
  }
}
