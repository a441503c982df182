import { registerSchema } from '#shared/schemas/auth'
import { registerUser } from '../../../services/accounts'

/** POST /api/v1/auth/register: creates an account and signs it in. */
export default defineEventHandler(async (event) => {
  const input = await validBody(event, registerSchema)
  await enforceRateLimit('register', credentialsRateKey(event, input.email))
  const user = await registerUser(useDrivers().store, passwordHasher, input)
  await startSession(event, user)
  setResponseStatus(event, 201)
  return user
})
