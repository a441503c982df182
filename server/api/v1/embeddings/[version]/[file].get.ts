import { textEncoderFile } from '../../../../services/text-encoder'
import { searchOperations } from '../../../../openapi/operations'

/** GET /api/v1/embeddings/:version/:file: one file of a text encoder version, for the browser's offline search. */
export default defineEventHandler(async (event) => {
  await requireActor(event)
  const { params: { version, file } } = await validRequest(event, searchOperations.textEncoderFile)
  const bytes = await textEncoderFile(useConfig(), version, file)
  setResponseHeaders(event, {
    'content-type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream',
    // A version's files never change; private, as the route is for signed-in readers.
    'cache-control': 'private, max-age=31536000, immutable',
  })
  return bytes
})
