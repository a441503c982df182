import { collectionPatchSchema } from '#shared/schemas/collection'
import { idParamsSchema } from '#shared/schemas/common'
import { updateCollection } from '../../../services/collections'

/** PATCH /api/v1/collections/:id `{name?, description?}`: renames or redescribes the collection (owner and editors). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  const patch = await validBody(event, collectionPatchSchema)
  return updateCollection(useDrivers(), actor, id, patch)
})
