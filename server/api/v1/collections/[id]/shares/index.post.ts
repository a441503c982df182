import { shareCollection } from '../../../../../services/collections'
import { collectionOperations } from '../../../../../openapi/operations'

/** POST /api/v1/collections/:id/shares `{email, role}`: shares the collection as viewer or editor, or changes the role (owner only) → 201, the share. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id }, body: { email, role } } = await validRequest(event, collectionOperations.share)
  const share = await shareCollection(useDrivers(), actor, id, email, role)
  setResponseStatus(event, 201)
  return share
})
