import { mfaOperations } from '../../../openapi/operations'
import { authenticate } from '../../../services/accounts'
import { signInThrottle } from '../../../services/sign-in-throttle'
import { ProblemError } from '../../../errors'

/** POST /api/v1/auth/reauthenticate `{password}`: the password again → 204; second factors may change for the next minutes. */
export default defineEventHandler(async (event) => {
  const drivers = useDrivers()
  const actor = await requireActor(event)
  const address = requestAddress(event)
  await signInThrottle.checkAddress(drivers, address)
  await signInThrottle.checkAccount(drivers, actor.email)
  const { body } = await validRequest(event, mfaOperations.reauthenticate)
  try {
    await authenticate(drivers.store, passwordHasher, { email: actor.email, password: body.password })
  }
  catch (error) {
    if (error instanceof ProblemError && error.status === 401) await signInThrottle.failed(drivers, address, actor.email)
    throw error
  }
  await setUserSession(event, { secure: { reauthenticatedAt: Date.now() } })
  setResponseStatus(event, 204)
  return null
})
