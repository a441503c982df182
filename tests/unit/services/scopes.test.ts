import { describe, expect, it } from 'vitest'
import { buildOpenApiDocument } from '../../../server/openapi/document'
import { allOperations } from '../../../server/openapi/operations'
import { typeDefs } from '../../../server/graphql/schema'
import { rootFieldScopes } from '../../../server/graphql/scopes'
import { resolvers } from '../../../server/graphql/resolvers'
import { actingRole, requireScope } from '../../../server/services/scopes'
import { apiScopes, scopesOfRole } from '../../../shared/schemas/tokens'

const declarable = new Set<string>([...apiScopes, 'signed-in', 'session', 'enrolment', 'public'])

describe('every REST operation declares the scope it needs', () => {
  it.each(allOperations.map(operation => [operation.operationId, operation] as const))('%s', (_, operation) => {
    expect(declarable.has(operation.scope)).toBe(true)
    // Public exactly when it needs no sign-in.
    expect(operation.scope === 'public').toBe(!operation.signedIn)
  })

  it('managing tokens needs a cookie session, and admin operations the admin scope', () => {
    const scopeOf = (id: string) => allOperations.find(operation => operation.operationId === id)?.scope
    for (const id of ['listTokens', 'createToken', 'revokeToken', 'rotateToken']) expect(scopeOf(id)).toBe('session')
    // Sessions and machine clients too: no token (a client's JWT included) ends sessions or registers clients.
    for (const id of ['listSessions', 'endSession', 'endOtherSessions', 'listOAuthClients', 'registerOAuthClient', 'revokeOAuthClient']) expect(scopeOf(id)).toBe('session')
    for (const id of ['issueOAuthToken', 'getJwks']) expect(scopeOf(id)).toBe('public')
    for (const id of ['listUsers', 'changeUserRole', 'getJobs', 'runJob']) expect(scopeOf(id)).toBe('admin')
  })

  it('and the OpenAPI document shows it as the bearerAuth scopes', () => {
    const document = buildOpenApiDocument(allOperations, 'test')
    expect(document.components?.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' })
    expect(document.paths?.['/api/v1/documents']?.get?.security).toEqual([{ session: [] }, { bearerAuth: ['documents:read'] }])
    expect(document.paths?.['/api/v1/reviews']?.post?.security).toEqual([{ session: [] }, { bearerAuth: ['study:write'] }])
    expect(document.paths?.['/api/v1/tokens']?.post?.security).toEqual([{ session: [] }])
    expect(document.paths?.['/api/v1/auth/login']?.post?.security).toEqual([])
  })
})

describe('every GraphQL root field declares the scope it needs', () => {
  const scopes = rootFieldScopes(typeDefs)
  const fields = (['Query', 'Mutation', 'Subscription'] as const).flatMap(type => Object.keys(resolvers[type]).map(name => `${type}.${name}`))

  it.each(fields)('%s', (field) => {
    expect(declarable.has(scopes.get(field) ?? '')).toBe(true)
    expect(scopes.get(field)).not.toBe('public')
  })

  it('reads need read scopes, mutations write scopes', () => {
    expect(scopes.get('Query.documents')).toBe('documents:read')
    expect(scopes.get('Query.dueCards')).toBe('study:read')
    expect(scopes.get('Mutation.uploadText')).toBe('documents:write')
    expect(scopes.get('Mutation.recordReviews')).toBe('study:write')
  })
})

describe('the scope check', () => {
  it('lets a caller through with the scope, and refuses one without it (403)', () => {
    expect(() => requireScope({ scopes: ['documents:read'], via: 'token' }, 'documents:read')).not.toThrow()
    expect(() => requireScope({ scopes: ['documents:read'], via: 'token' }, 'signed-in')).not.toThrow()
    expect(() => requireScope({ scopes: ['documents:read'], via: 'token' }, 'study:write')).toThrow(expect.objectContaining({ status: 403 }))
  })

  it('lets only a cookie session manage tokens, whatever the token\'s scopes', () => {
    expect(() => requireScope({ scopes: [...apiScopes], via: 'token' }, 'session')).toThrow(expect.objectContaining({ status: 403 }))
    expect(() => requireScope({ scopes: scopesOfRole('learner'), via: 'session' }, 'session')).not.toThrow()
  })

  it('lets a session that may only enrol a second factor do that and nothing else', () => {
    const enrolling = { scopes: [], via: 'session', enrolmentOnly: true } as const
    expect(() => requireScope(enrolling, 'enrolment')).not.toThrow()
    expect(() => requireScope(enrolling, 'public')).not.toThrow()
    for (const needs of ['signed-in', 'session', 'documents:read'] as const) {
      expect(() => requireScope(enrolling, needs)).toThrow(expect.objectContaining({ status: 403, slug: 'mfa-enrolment-required' }))
    }
    expect(() => requireScope({ scopes: [...apiScopes], via: 'token' }, 'enrolment')).toThrow(expect.objectContaining({ status: 403 }))
    expect(() => requireScope({ scopes: scopesOfRole('learner'), via: 'session' }, 'enrolment')).not.toThrow()
  })

  it('gives a cookie session every scope its role allows: admin for admins only', () => {
    expect(scopesOfRole('admin')).toEqual([...apiScopes])
    expect(scopesOfRole('author')).not.toContain('admin')
    expect(scopesOfRole('learner')).toEqual(['documents:read', 'documents:write', 'study:read', 'study:write'])
  })

  it('makes an admin\'s token without the admin scope act as an author', () => {
    expect(actingRole('admin', ['documents:read'])).toBe('author')
    expect(actingRole('admin', ['admin'])).toBe('admin')
    expect(actingRole('learner', ['documents:read'])).toBe('learner')
  })
})
