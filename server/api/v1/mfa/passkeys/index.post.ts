import type { WebAuthnCredential } from '#auth-utils'
import type { z } from 'zod'
import type { passkeyRegisteredSchema } from '../../../../../shared/schemas/mfa'
import type { PublicUser } from '../../../../../shared/schemas/auth'
import { mfaOperations } from '../../../../openapi/operations'
import { recoveryCodesForNewFactor, toPasskey } from '../../../../services/mfa/factors'
import type { PasskeyRecord } from '../../../../drivers/store/types'
import { DuplicateKeyError } from '../../../../drivers/store/types'
import { problems } from '../../../../errors'

interface Registration {
  user: PublicUser
  name: string
  stored?: PasskeyRecord
}

declare module 'h3' {
  interface H3EventContext {
    passkeyRegistration?: Registration
  }
}

const registrationOf = (event: { context: { passkeyRegistration?: Registration } }): Registration => {
  if (!event.context.passkeyRegistration) throw problems.unauthorized()
  return event.context.passkeyRegistration
}

const register = defineWebAuthnRegisterEventHandler({
  ...webAuthnChallenges,
  // The account registers for itself: the name the browser sent is replaced by the account's email.
  validateUser: (_body, event) => {
    const { user } = registrationOf(event)
    return { userName: user.email, displayName: user.name }
  },
  // A discoverable credential, so the passkey can sign in without a password.
  getOptions: () => ({ authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' } }),
  excludeCredentials: async (event) => {
    const passkeys = await useDrivers().store.secondFactors.listPasskeys(registrationOf(event).user.id)
    return passkeys.map(passkey => ({ id: passkey.id, transports: passkey.transports as WebAuthnCredential['transports'] }))
  },
  async onSuccess(event, { credential }) {
    const registration = registrationOf(event)
    const record: PasskeyRecord = {
      id: credential.id, userId: registration.user.id, name: registration.name, publicKey: credential.publicKey,
      counter: credential.counter, transports: credential.transports ?? [], createdAt: new Date().toISOString(), lastUsedAt: null,
    }
    try {
      await useDrivers().store.secondFactors.addPasskey(record)
    }
    catch (error) {
      if (error instanceof DuplicateKeyError) throw problems.conflict('This passkey is registered already.')
      throw error
    }
    registration.stored = record
  },
  onError: () => {
    throw problems.badRequest('The passkey could not be registered: the authenticator\'s answer did not check out. Try again.')
  },
})

/** POST /api/v1/mfa/passkeys: registers a passkey in two calls (options, then the authenticator's answer). */
export default defineEventHandler(async (event) => {
  const user = await requireActor(event)
  await requireFreshSignIn(event)
  const { body } = await validRequest(event, mfaOperations.registerPasskey)
  const registration: Registration = { user, name: (body.verify && body.name) || 'Passkey' }
  event.context.passkeyRegistration = registration
  const answer = await register(event)
  if (!body.verify) return answer
  if (!registration.stored) throw problems.badRequest('The passkey could not be registered.')
  const recoveryCodes = await recoveryCodesForNewFactor(useDrivers().store, user.id)
  await sessionAfterNewFactor(event, user)
  return { verified: true, passkey: toPasskey(registration.stored), ...(recoveryCodes && { recoveryCodes }) } satisfies z.infer<typeof passkeyRegisteredSchema>
})
