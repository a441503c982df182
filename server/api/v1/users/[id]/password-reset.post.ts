import { signInOperations } from '../../../../openapi/operations'
import { issueResetLinkAsAdmin } from '../../../../services/password-resets'

/** POST /api/v1/users/:id/password-reset: admins issue a one-time reset link → 201 `{url, expiresAt}`, shown this once. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id } } = await validRequest(event, signInOperations.issuePasswordReset)
  const link = await issueResetLinkAsAdmin(useDrivers().store, useConfig(), actor, id, publicBaseUrl(event))
  setResponseStatus(event, 201)
  setResponseHeader(event, 'cache-control', 'no-store')
  return link
})
