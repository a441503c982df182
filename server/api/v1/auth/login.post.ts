import { authenticate } from '../../../services/accounts'
import { signInThrottle } from '../../../services/sign-in-throttle'
import { ProblemError } from '../../../errors'
import { authOperations } from '../../../openapi/operations'

/** POST /api/v1/auth/login: signs in with email and password. */
export default defineEventHandler(async (event) => {
  const drivers = useDrivers()
  const address = requestAddress(event)
  // Before the body is read: an address out of failures costs the server nothing more.
  await signInThrottle.checkAddress(drivers, address)
  const { body: input } = await validRequest(event, authOperations.login)
  await signInThrottle.checkAccount(drivers, input.email)
  try {
    const user = await authenticate(drivers.store, passwordHasher, input)
    await signInThrottle.succeeded(drivers, input.email)
    await startSession(event, user)
    return user
  }
  catch (error) {
    if (error instanceof ProblemError && error.status === 401) await signInThrottle.failed(drivers, address, input.email)
    throw error
  }
})
