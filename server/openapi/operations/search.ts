import { searchQuerySchema, searchResultSchema, suggestQuerySchema, suggestResultSchema } from '../../../shared/schemas/search'
import { defineOperation } from '../operation'

export const searchOperations = {
  search: defineOperation({
    operationId: 'searchAtoms', method: 'get', path: '/api/v1/search', tag: 'search', signedIn: true,
    summary: 'Full-text search over the atoms I may read',
    description: '`type` and `difficulty` take one value, a comma-separated list, or the parameter repeated.',
    query: searchQuerySchema,
    responses: { 200: { description: 'The hits, best first, with highlighted excerpts.', schema: searchResultSchema } },
    problems: [404],
  }),
  suggest: defineOperation({
    operationId: 'suggestSearches', method: 'get', path: '/api/v1/search/suggest', tag: 'search', signedIn: true,
    summary: 'Completions of the query\'s last word, from readable atoms\' titles and key terms',
    query: suggestQuerySchema,
    responses: { 200: { description: 'The completed queries, best first.', schema: suggestResultSchema } },
  }),
}
