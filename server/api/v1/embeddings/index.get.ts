import { textEncoderInfo } from '../../../services/text-encoder'

/** GET /api/v1/embeddings: the text encoder in use (version, vector size, where its files are). */
export default defineEventHandler(async (event) => {
  await requireActor(event)
  // An upgrade or a configured encoder replaces it: never kept by a cache.
  setResponseHeader(event, 'cache-control', 'private, no-cache')
  return textEncoderInfo(useConfig())
})
