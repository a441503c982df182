import type { H3Event } from 'h3'
import type { SsoOutcome, SsoProviderId } from '#shared/schemas/auth'
import { toPublicUser } from '../services/accounts'
import { accountForProvider, linkProvider, SsoRefusal, type ProviderProfile } from '../services/sso/accounts'
import type { OidcChecks } from '../services/sso/oidc'

/** A single sign-on between its start and its callback: which provider, the OpenID checks, and a link's user. */
export interface SsoFlow extends Partial<OidcChecks> {
  provider: SsoProviderId
  /** Set when a signed-in user links the provider account (Security page) rather than signing in. */
  linkUserId?: string
}

/** The flow lives in its own sealed cookie, readable only by the callback path and for ten minutes. */
const flowSession = (event: H3Event) => useSession<Partial<SsoFlow>>(event, {
  name: 'la-sso-flow',
  password: process.env.NUXT_SESSION_PASSWORD || useRuntimeConfig(event).session.password,
  maxAge: 600,
  cookie: { path: '/api/v1/auth/sso', httpOnly: true, secure: true, sameSite: 'lax' },
  sessionHeader: false,
})

export async function saveSsoFlow(event: H3Event, flow: SsoFlow): Promise<void> {
  // Every field is written, so nothing of an earlier flow in the cookie survives.
  await (await flowSession(event)).update({ state: undefined, nonce: undefined, codeVerifier: undefined, linkUserId: undefined, ...flow })
}

/** The flow the browser's cookie holds, cleared as it is read: a callback comes once per start. */
export async function takeSsoFlow(event: H3Event, provider: SsoProviderId): Promise<SsoFlow | null> {
  const session = await flowSession(event)
  const flow = session.data
  await session.clear()
  return flow.provider === provider ? flow as SsoFlow : null
}

/** The base of the app's own links: the configured public URL, else the request's origin. */
export const publicBaseUrl = (event: H3Event): string => useConfig().publicUrl ?? getRequestURL(event).origin

export const ssoRedirectUri = (event: H3Event, provider: SsoProviderId): string =>
  `${publicBaseUrl(event).replace(/\/+$/, '')}/api/v1/auth/sso/${provider}/callback`

/** Back to the page the flow started from, saying why it did not sign in or link. */
export function refuseSso(event: H3Event, flow: Pick<SsoFlow, 'linkUserId'> | null, outcome: SsoOutcome) {
  return sendRedirect(event, flow?.linkUserId ? '/settings/security?linked=failed' : `/login?sso=${outcome}`, 302)
}

/** Ends a flow whose provider vouched for the profile: links it to the signed-in user, or signs in. */
export async function finishSso(event: H3Event, flow: SsoFlow, profile: ProviderProfile) {
  const store = useDrivers().store
  try {
    if (flow.linkUserId) {
      const caller = await identifyCaller(event)
      if (caller?.caller.via !== 'session' || caller.user.id !== flow.linkUserId) throw new SsoRefusal('failed', 'the linking user is no longer signed in')
      await linkProvider(store, flow.linkUserId, profile)
      return sendRedirect(event, `/settings/security?linked=${profile.provider}`, 302)
    }
    const user = await accountForProvider(store, passwordHasher, useConfig(), profile)
    await startSession(event, toPublicUser(user))
    return sendRedirect(event, '/', 302)
  }
  catch (error) {
    if (error instanceof SsoRefusal) return refuseSso(event, flow, error.outcome)
    throw error
  }
}
