import type { WebAuthnCredential } from '#auth-utils'
import type { PublicUser } from '../../../../shared/schemas/auth'
import { mfaOperations } from '../../../openapi/operations'
import { currentUser } from '../../../services/accounts'
import { signInThrottle } from '../../../services/sign-in-throttle'
import { problems } from '../../../errors'

interface PasskeySignIn {
  /** After a correct password: only this account's passkeys count. */
  pending: { userId: string, email: string } | null
  /** The account of the passkey that answered, once known. */
  email?: string
  user?: PublicUser
}

declare module 'h3' {
  interface H3EventContext {
    passkeySignIn?: PasskeySignIn
  }
}

const attemptOf = (event: { context: { passkeySignIn?: PasskeySignIn } }): PasskeySignIn => {
  if (!event.context.passkeySignIn) throw problems.unauthorized()
  return event.context.passkeySignIn
}

const authenticate = defineWebAuthnAuthenticateEventHandler({
  ...webAuthnChallenges,
  // Alone, a passkey must verify its user (PIN, biometrics); as the second step after a password it need not.
  getOptions: async (event) => {
    const { pending } = attemptOf(event)
    if (!pending) return { userVerification: 'required' }
    const passkeys = await useDrivers().store.secondFactors.listPasskeys(pending.userId)
    return { userVerification: 'preferred', allowCredentials: passkeys.map(passkey => ({ id: passkey.id, transports: passkey.transports as WebAuthnCredential['transports'] })) }
  },
  async getCredential(event, credentialId) {
    const attempt = attemptOf(event)
    const passkey = await useDrivers().store.secondFactors.getPasskey(credentialId)
    if (!passkey || (attempt.pending && passkey.userId !== attempt.pending.userId)) throw problems.badCredentials()
    attempt.user = await currentUser(useDrivers().store, passkey.userId)
    attempt.email = attempt.user.email
    // `backedUp` is not kept: it plays no part in checking a signature.
    return { id: passkey.id, publicKey: passkey.publicKey, counter: passkey.counter, backedUp: false, transports: passkey.transports as WebAuthnCredential['transports'] }
  },
  async onSuccess(event, { credential, authenticationInfo }) {
    const attempt = attemptOf(event)
    if (!attempt.pending && !authenticationInfo.userVerified) throw problems.badCredentials()
    await useDrivers().store.secondFactors.usePasskey(credential.id, authenticationInfo.newCounter, new Date().toISOString())
  },
  onError: () => {
    throw problems.badCredentials()
  },
})

/**
 * POST /api/v1/auth/passkey: signs in with a passkey in two calls (options, then the authenticator's answer):
 * alone (a discoverable credential) or as the second step of a pending sign-in. Throttled like the password.
 */
export default defineEventHandler(async (event) => {
  const drivers = useDrivers()
  const address = requestAddress(event)
  await signInThrottle.checkAddress(drivers, address)
  const pending = await pendingSignIn(event)
  if (pending) await signInThrottle.checkAccount(drivers, pending.email)
  const { body } = await validRequest(event, mfaOperations.signInWithPasskey)
  const attempt: PasskeySignIn = { pending }
  event.context.passkeySignIn = attempt
  if (!body.verify) return authenticate(event)
  try {
    await authenticate(event)
  }
  catch (error) {
    const email = pending?.email ?? attempt.email
    if (email) await signInThrottle.failed(drivers, address, email)
    else await drivers.limits.consume('signInAddress', address)
    throw error
  }
  if (!attempt.user) throw problems.badCredentials()
  await signInThrottle.checkAccount(drivers, attempt.user.email)
  await finishSignIn(event, attempt.user)
  return { verified: true, user: attempt.user }
})
