import { splitAtom } from '../../../../services/atom-editing'
import { atomOperations } from '../../../../openapi/operations'

/** POST /api/v1/atoms/:id/split: splits the atom at a paragraph boundary of its body into two (owner only, document ready). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id }, body: { offset } } = await validRequest(event, atomOperations.split)
  return splitAtom(useDrivers(), actor, id, offset, useDifficultyScorer())
})
