import { useOpenApiDocument } from '../openapi/document'

/** GET /api/openapi.json: the OpenAPI 3.1 document of this API, built from the operations' schemas. */
export default defineEventHandler(() => useOpenApiDocument())
