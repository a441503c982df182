import { loginSchema } from '#shared/schemas/auth'
import { authenticate } from '../../../services/accounts'

/** POST /api/v1/auth/login: signs in with email and password. */
export default defineEventHandler(async (event) => {
  const input = await validBody(event, loginSchema)
  await enforceRateLimit('login', credentialsRateKey(event, input.email))
  const user = await authenticate(useDrivers().store, passwordHasher, input)
  await startSession(event, user)
  return user
})
