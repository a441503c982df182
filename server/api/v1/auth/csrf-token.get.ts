import { problems } from '../../../errors'
import { csrfTokenHeader, csrfTokenOf } from '../../../http/csrf'
import { authOperations } from '../../../openapi/operations'

/** GET /api/v1/auth/csrf-token: the session's anti-forgery token, for clients without Origin or Sec-Fetch-Site. */
export default defineEventHandler(async (event) => {
  await validRequest(event, authOperations.csrfToken)
  const { secure } = await requireUserSession(event)
  if (!secure?.sessionId) throw problems.unauthorized()
  return { token: csrfTokenOf(secure.sessionId, csrfSecret()), header: csrfTokenHeader }
})
