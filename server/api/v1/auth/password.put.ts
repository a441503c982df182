import { signInOperations } from '../../../openapi/operations'
import { changePassword } from '../../../services/accounts'
import { endAllSessions } from '../../../services/sessions'
import { signInThrottle } from '../../../services/sign-in-throttle'
import { ProblemError } from '../../../errors'

/** PUT /api/v1/auth/password `{currentPassword, newPassword}`: changes my password → 204; my other sessions end. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const drivers = useDrivers()
  const address = requestAddress(event)
  // A wrong current password is a failed sign-in: the same allowances, per address and per account.
  await signInThrottle.checkAddress(drivers, address)
  await signInThrottle.checkAccount(drivers, actor.email)
  const { body: input } = await validRequest(event, signInOperations.changePassword)
  try {
    await changePassword(drivers.store, passwordHasher, actor.id, input)
  }
  catch (error) {
    if (error instanceof ProblemError && error.status === 401) await signInThrottle.failed(drivers, address, actor.email)
    throw error
  }
  await endAllSessions(drivers, actor.id)
  // This browser stays signed in, under a new session id.
  await startSession(event, actor)
  setResponseStatus(event, 204)
  return null
})
