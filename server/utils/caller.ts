import type { H3Event } from 'h3'
import type { PublicUser } from '#shared/schemas/auth'
import { scopesOfRole } from '#shared/schemas/tokens'
import { currentUser } from '../services/accounts'
import type { Caller } from '../services/scopes'
import { clientCaller, looksLikeJwt } from '../services/oauth-tokens'
import { tokenCaller } from '../services/tokens'
import { ProblemError } from '../errors'

/** A caller with their account as the store has it now, its role the one they act with. */
export interface IdentifiedCaller {
  caller: Caller
  user: PublicUser
}

declare module 'h3' {
  interface H3EventContext {
    /** Set by server/middleware/1.auth.ts for every signed-in API request. */
    identified?: IdentifiedCaller
  }
}

/** The secret of an `Authorization: Bearer <secret>` header, or undefined for none or another scheme. */
export function bearerSecret(authorization: string | null | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '')
  return match?.[1]
}

/** A personal access token (`la_pat_…`) or a machine client's JWT access token. */
async function bearerCaller(secret: string): Promise<IdentifiedCaller> {
  const drivers = useDrivers()
  const store = drivers.store
  const caller = looksLikeJwt(secret) ? await clientCaller(drivers, useConfig(), secret) : await tokenCaller(store, secret)
  return { caller, user: { ...await currentUser(store, caller.actor.id), role: caller.actor.role } }
}

/**
 * The cookie's session, when it is live and its account still exists (else the cookie is cleared). When the
 * account's role changed since the cookie was sealed, the session id rotates: the old one stops working.
 */
async function sessionCaller(event: H3Event): Promise<IdentifiedCaller | null> {
  const session = await getUserSession(event).catch(() => undefined)
  const recordedId = session?.secure?.sessionId
  if (!session?.user || !recordedId || !await isSessionLive(session)) return null
  let sessionId = recordedId
  try {
    const user = await currentUser(useDrivers().store, session.user.id)
    if (user.role !== session.user.role) {
      sessionId = await startSession(event, user, { mfaEnrolment: session.mfaEnrolment })
    }
    const caller: Caller = session.mfaEnrolment
      ? { actor: { id: user.id, role: user.role }, scopes: [], via: 'session', sessionId, enrolmentOnly: true }
      : { actor: { id: user.id, role: user.role }, scopes: scopesOfRole(user.role), via: 'session', sessionId }
    return { caller, user }
  }
  catch (error) {
    if (error instanceof ProblemError && error.status === 401) await clearUserSession(event)
    throw error
  }
}

/**
 * Who sent the request: a bearer token when the request carries one (401 when it is not valid, whatever
 * the cookie), else the cookie's session; null when neither.
 */
export async function identifyCaller(event: H3Event): Promise<IdentifiedCaller | null> {
  const secret = bearerSecret(getRequestHeader(event, 'authorization'))
  return secret ? bearerCaller(secret) : sessionCaller(event)
}
