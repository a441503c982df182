import { collectionCreateSchema } from '#shared/schemas/collection'
import { createCollection } from '../../../services/collections'

/** POST /api/v1/collections `{name, description?}`: a new collection of mine → 201, the collection. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const input = await validBody(event, collectionCreateSchema)
  const collection = await createCollection(useDrivers(), actor, input)
  setResponseStatus(event, 201)
  return collection
})
