import { registrationAccepted } from '../../../../shared/schemas/auth'
import { registerUser } from '../../../services/accounts'
import { authOperations } from '../../../openapi/operations'

/**
 * POST /api/v1/auth/register: creates an account → 202 `{status: 'accepted'}`, the same answer whether the
 * email was free or taken, and no session: the app signs in next with the same credentials.
 */
export default defineEventHandler(async (event) => {
  // Per address, before the body is read.
  await enforceRateLimit('register', requestAddress(event))
  const { body: input } = await validRequest(event, authOperations.register)
  await registerUser(useDrivers().store, passwordHasher, useConfig(), input)
  setResponseStatus(event, 202)
  return registrationAccepted
})
