import type { H3Event } from 'h3'
import { documentTitleSchema } from '#shared/schemas/document'
import { problems } from '../errors'
import type { Upload } from '../services/documents'

/** Room for the multipart envelope around the file itself. */
const multipartOverhead = 64 * 1024

function validTitle(text: string) {
  const result = documentTitleSchema.safeParse(text)
  if (!result.success) throw problems.validation([{ path: 'title', message: result.error.issues[0]!.message }])
  return result.data
}

/** Reads a multipart upload (`file`, optional `title`), refusing an oversized body before reading it. */
export async function readUpload(event: H3Event): Promise<Upload> {
  const { maxUploadBytes } = useSettings()
  const length = Number(getRequestHeader(event, 'content-length'))
  if (!Number.isFinite(length) || length <= 0) throw problems.lengthRequired()
  if (length > maxUploadBytes + multipartOverhead) throw problems.tooLarge(maxUploadBytes)
  const parts = await readMultipartFormData(event)
  if (!parts) throw problems.unsupportedType('Send the file as multipart/form-data, in a field named "file".')
  const file = parts.find(part => part.name === 'file' && part.filename !== undefined)
  if (!file) throw problems.validation([{ path: 'file', message: 'a file is required' }])
  const titleText = parts.find(part => part.name === 'title')?.data.toString('utf8').trim()
  return { filename: file.filename!, mediaType: file.type, data: file.data, title: titleText ? validTitle(titleText) : undefined }
}
