import { z } from 'zod'
import { healthSchema, livenessSchema, readinessSchema } from '../../../shared/schemas/health'
import { defineOperation, routeOf } from '../operation'
import { referenceAssets } from '../reference-assets'

/** The OpenAPI document, described only loosely: its own schema is OpenAPI 3.1's. */
const openApiDocumentSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.unknown()),
})

export const metaOperations = {
  health: defineOperation({
    ...routeOf('getHealth'), tag: 'meta', signedIn: false,
    summary: 'Liveness, and the driver in use for each concern',
    responses: { 200: { description: 'The app is up.', schema: healthSchema } },
    problems: [503],
  }),
  liveness: defineOperation({
    ...routeOf('getLiveness'), tag: 'meta', signedIn: false,
    summary: 'Liveness probe: the process answers, whatever its drivers do',
    responses: { 200: { description: 'The process is alive.', schema: livenessSchema } },
  }),
  readiness: defineOperation({
    ...routeOf('getReadiness'), tag: 'meta', signedIn: false,
    summary: 'Readiness probe: not shutting down, and the store, search index and session store answer',
    responses: { 200: { description: 'The instance takes requests.', schema: readinessSchema } },
    problems: [503],
  }),
  openApiDocument: defineOperation({
    ...routeOf('getOpenApiDocument'), tag: 'meta', signedIn: false,
    summary: 'The OpenAPI 3.1 document of this API',
    responses: { 200: { description: 'The document.', schema: openApiDocumentSchema } },
  }),
  reference: defineOperation({
    ...routeOf('getApiReference'), tag: 'meta', signedIn: false,
    summary: 'The API reference page, rendered from the OpenAPI document',
    responses: { 200: { description: 'An HTML page that needs no other site.', schema: z.string(), contentType: 'text/html' } },
  }),
  referenceAsset: defineOperation({
    ...routeOf('getApiReferenceAsset'), tag: 'meta', signedIn: false,
    summary: 'A script or style sheet of the reference page',
    params: z.object({ asset: z.enum(Object.keys(referenceAssets) as [keyof typeof referenceAssets]) }),
    responses: {
      200: { description: 'The file.', schema: z.string(), contentType: [...new Set(Object.values(referenceAssets).map(asset => asset.contentType))] },
    },
  }),
}
