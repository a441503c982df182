import { z } from 'zod'
import { textEncoderFileParamsSchema, textEncoderInfoSchema } from '../../../shared/schemas/embedding-model'
import { searchQuerySchema, searchResultSchema, suggestQuerySchema, suggestResultSchema } from '../../../shared/schemas/search'
import { defineOperation, routeOf } from '../operation'

export const searchOperations = {
  search: defineOperation({
    ...routeOf('searchAtoms'), tag: 'search', signedIn: true, rateLimit: 'search',
    summary: 'Full-text search over the atoms I may read',
    description: '`type` and `difficulty` take one value, a comma-separated list, or the parameter repeated.',
    query: searchQuerySchema,
    responses: { 200: { description: 'The hits, best first, with highlighted excerpts.', schema: searchResultSchema } },
    problems: [404],
  }),
  suggest: defineOperation({
    ...routeOf('suggestSearches'), tag: 'search', signedIn: true, rateLimit: 'search',
    summary: 'Completions of the query\'s last word, from readable atoms\' titles and key terms',
    query: suggestQuerySchema,
    responses: { 200: { description: 'The completed queries, best first.', schema: suggestResultSchema } },
  }),
  textEncoder: defineOperation({
    ...routeOf('getTextEncoder'), tag: 'search', signedIn: true,
    summary: 'The text encoder in use: its version, vector size and where its files are',
    description: 'Clients that search by meaning themselves (the offline app) embed queries with the version that made the atoms\' vectors '
      + '(`embeddingVersion` of `GET /api/v1/documents/{id}/atoms?include=embedding`). No encoder is trained on stored documents: the built-in one '
      + 'learned from public material only, so its files, which any signed-in reader may fetch, reveal no word of anyone\'s documents.',
    responses: { 200: { description: 'The encoder in use.', schema: textEncoderInfoSchema } },
  }),
  textEncoderFile: defineOperation({
    ...routeOf('getTextEncoderFile'), tag: 'search', signedIn: true,
    summary: 'One file of a text encoder version (TF.js layers format and metadata)',
    params: textEncoderFileParamsSchema,
    responses: {
      200: {
        description: 'The file; it never changes for a version.',
        content: {
          'application/json': z.record(z.string(), z.unknown()).meta({ description: '`model.json` (TF.js layers format) or `metadata.json` (vocabulary, n-gram settings).' }),
          'application/octet-stream': z.string().meta({ format: 'binary', description: '`weights.bin`.' }),
        },
      },
    },
    problems: [404],
  }),
}
