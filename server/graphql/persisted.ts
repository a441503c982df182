import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations'
import allowList from './persisted-operations.json'

/** The allow-list: sha256 of each operation's exact text → that text (the documented operations). */
export const persistedOperations: Readonly<Record<string, string>> = allowList

/**
 * Clients may send `extensions.persistedQuery.sha256Hash` instead of the query text. With `persistedOnly`
 * (NUXT_GRAPHQL_PERSISTED_ONLY=true) nothing else runs: a production server answers only the operations
 * it ships with.
 */
export function persistedOperationsPlugin(persistedOnly: boolean) {
  return usePersistedOperations({
    getPersistedOperation: key => persistedOperations[key] ?? null,
    allowArbitraryOperations: !persistedOnly,
    customErrors: {
      notFound: { message: 'No persisted operation has this hash.', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } },
      persistedQueryOnly: { message: 'This server runs only persisted operations: send extensions.persistedQuery.sha256Hash instead of a query.', extensions: { code: 'PERSISTED_QUERY_ONLY' } },
      keyNotFound: { message: 'Send a query, or extensions.persistedQuery with version 1 and a sha256Hash.', extensions: { code: 'PERSISTED_QUERY_ID_REQUIRED' } },
    },
  })
}
