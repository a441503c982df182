import type { H3Event } from 'h3'
import type { PublicUser } from '#shared/schemas/auth'
import { freshSignInMinutes } from '#shared/schemas/mfa'
import { problems } from '../errors'
import { mustEnrol } from '../services/mfa/factors'
import { endSession } from '../services/sessions'
import { signInThrottle } from '../services/sign-in-throttle'

/** A correct password waits this long for its second step. */
const pendingMilliseconds = 5 * 60_000

/** The key TOTP secrets are sealed under (server/services/mfa/secret-box.ts): the session password. */
export const sealingKey = (): string => process.env.NUXT_SESSION_PASSWORD || useRuntimeConfig().session.password || ''

/**
 * A correct password of an account with a second factor: the cookie holds only who is signing in, for a few
 * minutes, and no session; the session the cookie held before, if any, ends.
 */
export async function startPendingSignIn(event: H3Event, user: PublicUser): Promise<void> {
  const { secure, user: previous } = await getUserSession(event)
  if (secure?.sessionId) await endSession(useDrivers(), secure.sessionId, previous?.id)
  // h3 merges a replacement into what the request's cookie held: fields to drop are set to undefined.
  await replaceUserSession(event, {
    user: undefined, loggedInAt: undefined, mfaEnrolment: undefined,
    secure: { pendingSignIn: { userId: user.id, email: user.email, until: Date.now() + pendingMilliseconds } },
  })
}

/** The sign-in waiting for its second step, or null when there is none or it is too old. */
export async function pendingSignIn(event: H3Event): Promise<{ userId: string, email: string } | null> {
  const pending = (await getUserSession(event)).secure?.pendingSignIn
  return pending && pending.until > Date.now() ? pending : null
}

/**
 * The last step of every sign-in: the account's failures are forgotten and a session starts under a new id;
 * an account the MFA policy covers that has no factor gets a session that may only enrol one.
 */
export async function finishSignIn(event: H3Event, user: PublicUser): Promise<void> {
  const drivers = useDrivers()
  await signInThrottle.succeeded(drivers, user.email)
  await startSession(event, user, { mfaEnrolment: await mustEnrol(drivers.store, user) })
}

/** Until when the session may add or remove factors without the password again: a while after signing in or re-entering it. */
export async function freshUntil(event: H3Event): Promise<Date> {
  const session = await getUserSession(event)
  const last = Math.max(session.loggedInAt ?? 0, session.secure?.reauthenticatedAt ?? 0)
  return new Date(last + freshSignInMinutes * 60_000)
}

export async function requireFreshSignIn(event: H3Event): Promise<void> {
  if ((await freshUntil(event)).getTime() <= Date.now()) throw problems.reauthenticationRequired()
}

/** After a factor is added: a session that could only enrol becomes a whole one, under a new id. */
export async function sessionAfterNewFactor(event: H3Event, user: PublicUser): Promise<void> {
  if ((await getUserSession(event)).mfaEnrolment) await startSession(event, user)
}
