import { describe, expect, it } from 'vitest'
import { configDefaults } from '../../../server/config'
import { bodyLimitFor, graphqlBodyLimit } from '../../../server/http/body-limit'
import { operationAt } from '../../../server/openapi/match'

const limitAt = (method: string, path: string) => bodyLimitFor(path, operationAt(method, path), configDefaults)

describe('body limits by route', () => {
  it('cap JSON at NUXT_MAX_BODY_BYTES, leave multipart uploads to their reader, and give GraphQL the upload limit', () => {
    expect(limitAt('POST', '/api/v1/auth/login')).toBe(1024 ** 2)
    expect(limitAt('PATCH', '/api/v1/atoms/0f8fad5b-d9cb-469f-a165-70867728950e?x=1')).toBe(1024 ** 2)
    expect(limitAt('POST', '/api/v1/documents')).toBeUndefined()
    expect(limitAt('PUT', '/api/v1/documents/0f8fad5b-d9cb-469f-a165-70867728950e/file')).toBeUndefined()
    expect(limitAt('POST', '/api/graphql')).toBe(graphqlBodyLimit(configDefaults))
    // Paths outside the API (Nuxt's own endpoints) are capped too.
    expect(limitAt('POST', '/api/_auth/session')).toBe(1024 ** 2)
  })

  it('find each operation by method and path, parameters included', () => {
    expect(operationAt('GET', '/api/v1/search?q=x')?.operationId).toBe('searchAtoms')
    expect(operationAt('get', '/api/v1/documents/abc/atoms')?.operationId).toBe('listDocumentAtoms')
    expect(operationAt('POST', '/api/v1/atoms/merge')?.operationId).toBe('mergeAtoms')
    expect(operationAt('DELETE', '/api/v1/search')).toBeUndefined()
    expect(operationAt('GET', '/nowhere')).toBeUndefined()
  })
})
