import { describe, expect, it } from 'vitest'
import { fillPath, matchPath } from '../../../shared/api/paths'
import * as apiRoutes from '../../../shared/api/routes'
import { allOperations } from '../../../server/openapi/operations'

describe('the shared list of API routes', () => {
  it('is the server\'s operations: each route is one operation\'s id, method and path, and every operation has one', () => {
    const fromOperations = allOperations.map(({ operationId, method, path, scope }) => [operationId, { method, path, scope }])
    expect(Object.fromEntries(fromOperations)).toEqual({ ...apiRoutes })
    expect(fromOperations).toHaveLength(Object.keys(apiRoutes).length)
  })
})

describe('path templates', () => {
  it('match a path segment by segment, giving each parameter as written in the path', () => {
    expect(matchPath('/api/v1/atoms/{id}', '/api/v1/atoms/a%2F1')).toEqual({ id: 'a%2F1' })
    expect(matchPath('/api/v1/documents/{id}/shares/{userId}', '/api/v1/documents/d1/shares/u1')).toEqual({ id: 'd1', userId: 'u1' })
    expect(matchPath('/api/v1/documents', '/api/v1/documents')).toEqual({})
  })

  it('do not match another route, an empty parameter, or a trailing slash', () => {
    expect(matchPath('/api/v1/atoms/{id}', '/api/v1/atoms/a1/links')).toBeUndefined()
    expect(matchPath('/api/v1/atoms/{id}', '/api/v1/documents/a1')).toBeUndefined()
    expect(matchPath('/api/v1/atoms/{id}', '/api/v1/atoms/')).toBeUndefined()
    expect(matchPath('/api/v1/documents', '/api/v1/documents/')).toBeUndefined()
  })

  it('are filled with each parameter percent-encoded, and match what they filled', () => {
    const path = fillPath(apiRoutes.unshareDocument.path, { id: 'd 1', userId: 'u/2' })
    expect(path).toBe('/api/v1/documents/d%201/shares/u%2F2')
    expect(matchPath(apiRoutes.unshareDocument.path, path)).toEqual({ id: 'd%201', userId: 'u%2F2' })
  })
})
