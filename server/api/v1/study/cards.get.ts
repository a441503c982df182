import { studyCardsQuerySchema } from '#shared/schemas/study'
import { documentCards } from '../../../services/study'

/** GET /api/v1/study/cards?documentId=: every card of a readable document with my state, to study offline. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { documentId } = validQuery(event, studyCardsQuerySchema)
  return documentCards(useDrivers(), actor, documentId)
})
