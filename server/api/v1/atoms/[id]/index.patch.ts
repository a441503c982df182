import { editAtom } from '../../../../services/atom-editing'
import { atomOperations } from '../../../../openapi/operations'

/** PATCH /api/v1/atoms/:id: changes an atom's title, type, body or terms; the id stays (owner only, document ready). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { params: { id }, body: patch } = await validRequest(event, atomOperations.patch)
  return editAtom(useDrivers(), actor, id, patch, useDifficultyScorer(), useDefinitionJudge())
})
