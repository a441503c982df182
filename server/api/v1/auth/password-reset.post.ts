import { signInOperations } from '../../../openapi/operations'
import { resetPassword } from '../../../services/password-resets'

/** POST /api/v1/auth/password-reset `{token, password}`: uses a one-time reset link → 204; every session of the account ends. */
export default defineEventHandler(async (event) => {
  // Per address, before the body is read.
  await enforceRateLimit('passwordResetAddress', requestAddress(event))
  const { body: input } = await validRequest(event, signInOperations.resetPassword)
  await resetPassword(useDrivers(), passwordHasher, input)
  setResponseStatus(event, 204)
  return null
})
