import { registerUser } from '../../../services/accounts'
import { authOperations } from '../../../openapi/operations'

/** POST /api/v1/auth/register: creates an account and signs it in. */
export default defineEventHandler(async (event) => {
  // Per address, before the body is read.
  await enforceRateLimit('register', requestAddress(event))
  const { body: input } = await validRequest(event, authOperations.register)
  const user = await registerUser(useDrivers().store, passwordHasher, input)
  await startSession(event, user)
  setResponseStatus(event, 201)
  return user
})
