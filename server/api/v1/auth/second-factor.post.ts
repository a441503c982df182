import { mfaOperations } from '../../../openapi/operations'
import { currentUser } from '../../../services/accounts'
import { acceptTotpCode } from '../../../services/mfa/totp'
import { useRecoveryCode } from '../../../services/mfa/recovery-codes'
import { signInThrottle } from '../../../services/sign-in-throttle'
import { problems } from '../../../errors'

/** POST /api/v1/auth/second-factor `{method, code}`: the second step of a pending sign-in → the user, signed in. */
export default defineEventHandler(async (event) => {
  const drivers = useDrivers()
  const address = requestAddress(event)
  await signInThrottle.checkAddress(drivers, address)
  const pending = await pendingSignIn(event)
  if (!pending) throw problems.unauthorized('Sign in with your email and password first.')
  await signInThrottle.checkAccount(drivers, pending.email)
  const { body: input } = await validRequest(event, mfaOperations.completeSignIn)
  const accepted = input.method === 'totp'
    ? await acceptTotpCode(drivers.store, sealingKey(), pending.userId, input.code)
    : await useRecoveryCode(drivers.store, pending.userId, input.code)
  if (!accepted) {
    await signInThrottle.failed(drivers, address, pending.email)
    throw problems.badCredentials()
  }
  const user = await currentUser(drivers.store, pending.userId)
  await finishSignIn(event, user)
  return user
})
