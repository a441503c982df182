import { atomSplitSchema } from '#shared/schemas/atom-edit'
import { idParamsSchema } from '#shared/schemas/common'
import { splitAtomAt } from '../../../../services/atom-editing'

/** POST /api/v1/atoms/:id/split: splits the atom at a paragraph boundary of its body into two (owner only, document ready). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  const { offset } = await validBody(event, atomSplitSchema)
  return splitAtomAt(useDrivers(), actor, id, offset)
})
