import { atomMergeSchema } from '#shared/schemas/atom-edit'
import { mergeAtomPair } from '../../../services/atom-editing'

/** POST /api/v1/atoms/merge: merges two adjacent atoms of one document into the first (owner only, document ready). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { ids } = await validBody(event, atomMergeSchema)
  return mergeAtomPair(useDrivers(), actor, ids)
})
