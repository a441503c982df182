import { authenticate } from '../../../services/accounts'
import { authOperations } from '../../../openapi/operations'

/** POST /api/v1/auth/login: signs in with email and password. */
export default defineEventHandler(async (event) => {
  const { body: input } = await validRequest(event, authOperations.login)
  await enforceRateLimit('login', credentialsRateKey(event, input.email))
  const user = await authenticate(useDrivers().store, passwordHasher, input)
  await startSession(event, user)
  return user
})
