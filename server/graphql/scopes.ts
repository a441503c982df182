import { Kind, parse, type ObjectTypeDefinitionNode } from 'graphql'
import type { OperationScope } from '../../shared/schemas/tokens'
import { requireScope } from '../services/scopes'
import { signedIn, type GraphqlContext } from './context'

export const rootTypes = ['Query', 'Mutation', 'Subscription'] as const
type RootType = typeof rootTypes[number]

/** Each root field's `@scope(needs: …)` from the SDL, by `Type.field`; a field without one is missing from the map. */
export function rootFieldScopes(typeDefs: string): Map<string, OperationScope> {
  const scopes = new Map<string, OperationScope>()
  for (const definition of parse(typeDefs).definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION || !rootTypes.includes(definition.name.value as RootType)) continue
    for (const field of (definition as ObjectTypeDefinitionNode).fields ?? []) {
      const needs = field.directives?.find(directive => directive.name.value === 'scope')?.arguments?.[0]?.value
      if (needs?.kind === Kind.STRING) scopes.set(`${definition.name.value}.${field.name.value}`, needs.value as OperationScope)
    }
  }
  return scopes
}

type Resolver = (...args: never[]) => unknown
type RootResolvers = Record<string, Resolver | { subscribe: Resolver, resolve?: Resolver }>

/** The caller must be signed in and hold the field's scope, or the field fails with the problem. */
function checked<F extends Resolver>(resolver: F, needs: OperationScope): F {
  return ((...args: Parameters<F>) => {
    const context = args[2] as unknown as GraphqlContext
    if (needs !== 'public') {
      signedIn(context)
      requireScope({ scopes: context.scopes, via: context.sessionId ? 'session' : 'token' }, needs)
    }
    return resolver(...args)
  }) as F
}

/**
 * The resolvers with every root field (and subscription) checking its declared scope first: the GraphQL
 * side of the one scope check. A root field with no `@scope` is a mistake, caught here at start-up.
 */
export function withScopeChecks<R extends Partial<Record<RootType, RootResolvers>>>(resolvers: R, scopes: Map<string, OperationScope>): R {
  const wrapped: Record<string, unknown> = { ...resolvers }
  for (const type of rootTypes) {
    const fields = resolvers[type]
    if (!fields) continue
    wrapped[type] = Object.fromEntries(Object.entries(fields).map(([name, resolver]) => {
      const needs = scopes.get(`${type}.${name}`)
      if (!needs) throw new Error(`GraphQL field ${type}.${name} declares no @scope`)
      return [name, typeof resolver === 'function' ? checked(resolver, needs) : { ...resolver, subscribe: checked(resolver.subscribe, needs) }]
    }))
  }
  return wrapped as R
}
