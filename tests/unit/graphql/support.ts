import type { Drivers } from '../../../server/drivers'
import { createMemoryCache } from '../../../server/drivers/cache/memory'
import { createMemoryEventBus } from '../../../server/drivers/events/memory'
import { rateLimitRules } from '../../../server/drivers/limits/buckets'
import { createMemoryLimits } from '../../../server/drivers/limits/memory'
import { createOramaIndex } from '../../../server/drivers/search/orama'
import { createSqliteStore } from '../../../server/drivers/store/sqlite'
import type { DocumentStore } from '../../../server/drivers/store/types'
import { configDefaults, type AppConfig } from '../../../server/config'
import { createGraphqlServer, graphqlEndpoint } from '../../../server/graphql/server'
import type { Actor } from '../../../server/services/actor'
import { scopesOfRole, type ApiScope } from '../../../shared/schemas/tokens'

/** The store with every repository method call recorded, as `documents.get`, `atoms.getMany`, … */
export function countingStore(store: DocumentStore): { store: DocumentStore, calls: string[] } {
  const calls: string[] = []
  const wrapped = new Proxy(store, {
    get(target, name) {
      const repository: unknown = Reflect.get(target, name)
      if (typeof repository !== 'object' || repository === null) return repository
      return new Proxy(repository, {
        get(inner, method) {
          const value: unknown = Reflect.get(inner, method)
          if (typeof value !== 'function') return value
          return (...args: unknown[]) => {
            calls.push(`${String(name)}.${String(method)}`)
            return value.apply(inner, args)
          }
        },
      })
    },
  })
  return { store: wrapped, calls }
}

/** The embedded drivers the GraphQL layer uses, in memory. */
export function embeddedDrivers(store: DocumentStore = createSqliteStore(':memory:')): Drivers {
  return {
    store, cache: createMemoryCache(), search: createOramaIndex(), events: createMemoryEventBus(),
    limits: createMemoryLimits(rateLimitRules(configDefaults)),
  } as unknown as Drivers
}

export async function closeDrivers(drivers: Drivers) {
  await Promise.all([drivers.store.close(), drivers.search.close(), drivers.events.close(), drivers.cache.close(), drivers.limits.close()])
}

export interface GraphqlReply {
  status: number
  body: { data?: Record<string, any> | null, errors?: { message: string, extensions?: Record<string, unknown> }[] } // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** A GraphQL server over these drivers and a way to POST to it as an actor (with the session cookie's scopes unless given). */
export function graphqlClient(drivers: Drivers, config: Partial<AppConfig> = {}) {
  const server = createGraphqlServer({ drivers, config: { ...configDefaults, ...config } })
  return async (actor: Actor | null, body: Record<string, unknown>, scopes: readonly ApiScope[] = actor ? scopesOfRole(actor.role) : []): Promise<GraphqlReply> => {
    const response = await server.fetch(`http://localhost${graphqlEndpoint}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    }, { actor, scopes })
    return { status: response.status, body: await response.json() }
  }
}
