import { createSchema, createYoga, useExecutionCancellation } from 'graphql-yoga'
import type { AppConfig } from '../config'
import type { Drivers } from '../drivers'
import type { GraphqlContext, GraphqlServerContext } from './context'
import { graphqlEndpoint } from './endpoint'
import { graphqlLogger, maskError } from './errors'
import { limitPlugins } from './limits'
import { createLoaders } from './loaders'
import { persistedOperationsPlugin } from './persisted'
import { resolvers } from './resolvers'
import { typeDefs } from './schema'
import { rootFieldScopes, withScopeChecks } from './scopes'

export { graphqlEndpoint }

export interface GraphqlServerOptions {
  drivers: Drivers
  config: AppConfig
  /** The GraphiQL page for GET requests from a browser; off in production. */
  graphiql?: boolean
}

export const graphqlSchema = createSchema<GraphqlContext>({ typeDefs, resolvers: withScopeChecks(resolvers, rootFieldScopes(typeDefs)) })

/**
 * The GraphQL API over HTTP (GET and POST) and, for subscriptions, server-sent events on the same URL.
 * Callers pass who is asking with each request: `yoga.fetch(request, { actor, scopes })`.
 */
export function createGraphqlServer({ drivers, config, graphiql = false }: GraphqlServerOptions) {
  return createYoga<GraphqlServerContext, Omit<GraphqlContext, keyof GraphqlServerContext>>({
    schema: graphqlSchema,
    graphqlEndpoint,
    context: ({ actor }) => ({ drivers, config, loaders: createLoaders(drivers, actor) }),
    maskedErrors: { maskError },
    // A request's abort (the client hung up) ends its operation: a subscription leaves the event bus.
    plugins: [...limitPlugins(), persistedOperationsPlugin(config.graphqlPersistedOnly), useExecutionCancellation()],
    graphiql: graphiql && { title: 'Learning Atomizer GraphQL', subscriptionsProtocol: 'SSE' },
    landingPage: false,
    // Node's own Request and Response, which h3 sends as they are (not the ponyfill yoga would pick).
    fetchAPI: { Request, Response, Headers, ReadableStream, fetch },
    // Same origin only: the session cookie must not work for other sites' scripts.
    cors: false,
    logging: graphqlLogger,
  })
}

export type GraphqlServer = ReturnType<typeof createGraphqlServer>
