import { referencePage } from '../../openapi/reference-page'

/** GET /api/docs: the API reference page (Swagger UI over /api/openapi.json), served whole by the app. */
export default defineEventHandler((event) => {
  setResponseHeader(event, 'content-type', 'text/html; charset=utf-8')
  return referencePage(event.context.cspNonce ?? '')
})
