import { documentTitleSchema } from '#shared/schemas/document'
import { problems } from '../../../errors'
import { createDocument } from '../../../services/documents'

/** Room for the multipart envelope around the file itself. */
const multipartOverhead = 64 * 1024

/** POST /api/v1/documents: multipart upload (`file`, optional `title`); atomization is queued. */
export default defineEventHandler(async (event) => {
  const actor = await requireActor(event)
  const { maxUploadBytes } = useSettings()
  const length = Number(getRequestHeader(event, 'content-length'))
  if (!Number.isFinite(length) || length <= 0) throw problems.lengthRequired()
  if (length > maxUploadBytes + multipartOverhead) throw problems.tooLarge(maxUploadBytes)
  const parts = await readMultipartFormData(event)
  if (!parts) throw problems.unsupportedType('Send the file as multipart/form-data, in a field named "file".')
  const file = parts.find(part => part.name === 'file' && part.filename !== undefined)
  if (!file) throw problems.validation([{ path: 'file', message: 'a file is required' }])
  const titlePart = parts.find(part => part.name === 'title')
  const titleText = titlePart?.data.toString('utf8').trim()
  const title = titleText ? validTitle(titleText) : undefined
  const document = await createDocument(useDrivers(), useSettings(), actor, {
    filename: file.filename!, mediaType: file.type, data: file.data, title,
  })
  setResponseStatus(event, 202)
  return { id: document.id, status: document.status }
})

function validTitle(text: string) {
  const result = documentTitleSchema.safeParse(text)
  if (!result.success) throw problems.validation([{ path: 'title', message: result.error.issues[0]!.message }])
  return result.data
}
