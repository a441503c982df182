import { mergeAtoms } from '../../../services/atom-editing'
import { atomOperations } from '../../../openapi/operations'

/** POST /api/v1/atoms/merge: merges two adjacent atoms of one document into the first (owner only, document ready). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { body: { ids } } = await validRequest(event, atomOperations.merge)
  return mergeAtoms(useDrivers(), actor, ids, useDifficultyScorer())
})
