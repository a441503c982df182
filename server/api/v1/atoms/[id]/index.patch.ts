import { atomPatchSchema } from '#shared/schemas/atom-edit'
import { idParamsSchema } from '#shared/schemas/common'
import { patchAtom } from '../../../../services/atom-editing'

/** PATCH /api/v1/atoms/:id: changes an atom's title, type, body or terms; the id stays (owner only, document ready). */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { id } = validParams(event, idParamsSchema)
  const patch = await validBody(event, atomPatchSchema)
  return patchAtom(useDrivers(), actor, id, patch)
})
