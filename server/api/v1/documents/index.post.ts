import { createDocument } from '../../../services/documents'

/** POST /api/v1/documents: multipart upload (`file`, optional `title`); atomization is queued. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const document = await createDocument(useDrivers(), useConfig(), actor, await readUpload(event))
  setResponseStatus(event, 202)
  return { id: document.id, status: document.status }
})
