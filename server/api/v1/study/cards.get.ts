import { documentCards } from '../../../services/study'
import { studyOperations } from '../../../openapi/operations'

/** GET /api/v1/study/cards?documentId=: every card of a readable document with my state, to study offline. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { query: { documentId } } = await validRequest(event, studyOperations.cards)
  return documentCards(useDrivers(), actor, documentId)
})
