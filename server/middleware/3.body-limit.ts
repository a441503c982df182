import { bodyLimitFor, capRequestBody } from '../http/body-limit'
import { operationAt } from '../openapi/match'

/**
 * Every request body is capped before it is read (server/http/body-limit.ts): JSON and forms at
 * NUXT_MAX_BODY_BYTES, uploads and GraphQL (which carries text uploads) at the upload limit.
 */
export default defineEventHandler((event) => {
  capRequestBody(event, bodyLimitFor(event.path, operationAt(event.method, event.path), useConfig()))
})
