import type { SecondFactorRequired } from '../../../../shared/schemas/mfa'
import { authenticate } from '../../../services/accounts'
import { secondFactorMethods } from '../../../services/mfa/factors'
import { signInThrottle } from '../../../services/sign-in-throttle'
import { ProblemError } from '../../../errors'
import { authOperations } from '../../../openapi/operations'

/**
 * POST /api/v1/auth/login: signs in with email and password; an account with a second factor gets 202 and a
 * pending sign-in instead, which only the second step completes (its failures still count against the account).
 */
export default defineEventHandler(async (event) => {
  const drivers = useDrivers()
  const address = requestAddress(event)
  // Before the body is read: an address out of failures costs the server nothing more.
  await signInThrottle.checkAddress(drivers, address)
  const { body: input } = await validRequest(event, authOperations.login)
  await signInThrottle.checkAccount(drivers, input.email)
  try {
    const user = await authenticate(drivers.store, passwordHasher, input)
    const methods = await secondFactorMethods(drivers.store, user.id)
    if (methods.length > 0) {
      await startPendingSignIn(event, user)
      setResponseStatus(event, 202)
      return { status: 'second-factor-required', methods } satisfies SecondFactorRequired
    }
    await finishSignIn(event, user)
    return user
  }
  catch (error) {
    if (error instanceof ProblemError && error.status === 401) await signInThrottle.failed(drivers, address, input.email)
    throw error
  }
})
