import { createCollection } from '../../../services/collections'
import { collectionOperations } from '../../../openapi/operations'

/** POST /api/v1/collections `{name, description?}`: a new collection of mine → 201, the collection. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { body: input } = await validRequest(event, collectionOperations.create)
  const collection = await createCollection(useDrivers(), actor, input)
  setResponseStatus(event, 201)
  return collection
})
