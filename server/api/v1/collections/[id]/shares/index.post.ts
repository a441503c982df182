import { collectionShareSchema } from '#shared/schemas/collection'
import { idParamsSchema } from '#shared/schemas/common'
import { shareCollection } from '../../../../../services/collections'

/** POST /api/v1/collections/:id/shares `{email, role}`: shares the collection as viewer or editor, or changes the role (owner only) → 201, the share. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  const { email, role } = await validBody(event, collectionShareSchema)
  const share = await shareCollection(useDrivers(), actor, id, email, role)
  setResponseStatus(event, 201)
  return share
})
