import { readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ApiClient } from '../support/http'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

const apiFolder = new URL('../../server/api/', import.meta.url).pathname
const methods = ['get', 'post', 'put', 'patch', 'delete']

function routeFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory() ? routeFiles(join(folder, entry.name)) : entry.name.endsWith('.ts') ? [join(folder, entry.name)] : [])
}

/**
 * A route file as Nitro reads it: `[id].get.ts` is GET with the parameter id, `index` is its folder;
 * as `METHOD /path` with OpenAPI's `{id}`. Undefined for a file without a method, such as the catch-all.
 */
function routeOf(file: string): string | undefined {
  const parts = relative(apiFolder, file).replace(/\.ts$/, '').split(sep)
  const [name, method] = parts.pop()!.split(/\.(?=[a-z]+$)/)
  if (!method || !methods.includes(method)) return undefined
  const segments = [...parts, ...(name === 'index' ? [] : [name!])].map(segment => segment.replace(/^\[(\w+)\]$/, '{$1}'))
  return `${method.toUpperCase()} /api/${segments.join('/')}`
}

describe('/api/openapi.json', () => {
  const client = new ApiClient()
  let document: Json

  beforeAll(async () => {
    const response = await client.get('/api/openapi.json')
    expect(response.status).toBe(200)
    document = response.data
  })

  it('is an OpenAPI 3.1 document with the session cookie and bearer tokens, with their scopes, as its security schemes', () => {
    expect(document.openapi).toBe('3.1.0')
    expect(document.components.securitySchemes.session).toEqual(expect.objectContaining({ type: 'apiKey', in: 'cookie', name: 'nuxt-session' }))
    expect(document.components.securitySchemes.bearerAuth).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }))
    expect(document.paths['/api/v1/auth/me'].get.security).toEqual([{ session: [] }, { bearerAuth: [] }])
    expect(document.paths['/api/v1/documents'].post.security).toEqual([{ session: [] }, { bearerAuth: ['documents:write'] }])
    expect(document.paths['/api/v1/tokens'].post.security).toEqual([{ session: [] }])
    expect(document.paths['/api/v1/auth/login'].post.security).toEqual([])
  })

  it('lists every route file under server/api, and nothing else', () => {
    const files = routeFiles(apiFolder)
    const routes = files.map(routeOf).filter(route => route !== undefined).sort()
    // Only two routes have no method of their own: the catch-all problem route, and GraphQL, whose
    // operations are described by its own schema (introspection at the same URL), not by this document.
    expect(files.filter(file => !routeOf(file)).map(file => relative(apiFolder, file)).sort()).toEqual(['[...path].ts', 'graphql.ts'])
    // The key set is served from its well-known place, outside server/api (server/routes/.well-known/).
    expect(document.paths['/.well-known/jwks.json']?.get).toBeDefined()
    const documented = Object.entries<Json>(document.paths)
      .filter(([path]) => path !== '/.well-known/jwks.json')
      .flatMap(([path, item]) => Object.keys(item).filter(key => methods.includes(key)).map(method => `${method.toUpperCase()} ${path}`))
      .sort()
    expect(documented).toEqual(routes)
    expect(routes.length).toBeGreaterThan(40)
  })

  it('names every operation uniquely and documents its errors as problem details', () => {
    const operations = Object.values<Json>(document.paths).flatMap(item => Object.values<Json>(item))
    const ids = operations.map(operation => operation.operationId)
    expect(new Set(ids).size).toBe(ids.length)
    for (const operation of operations) {
      for (const [status, response] of Object.entries<Json>(operation.responses)) {
        // The token endpoint's errors are RFC 6749's JSON, as OAuth clients expect.
        const errorType = operation.operationId === 'issueOAuthToken' ? 'application/json' : 'application/problem+json'
        if (Number(status) >= 400) expect(Object.keys(response.content), `${operation.operationId} ${status}`).toEqual([errorType])
      }
      if (operation.security.length > 0) expect(operation.responses['401'], operation.operationId).toBeDefined()
    }
  })

  it('describes uploads as multipart/form-data with a binary file', () => {
    for (const [path, method] of [['/api/v1/documents', 'post'], ['/api/v1/documents/{id}/file', 'put']] as const) {
      const schema = document.paths[path][method].requestBody.content['multipart/form-data'].schema
      expect(schema.required).toContain('file')
      expect(schema.properties.file).toMatchObject({ type: 'string', format: 'binary' })
    }
  })
})

describe('/api/docs', () => {
  const client = new ApiClient()

  it('is a reference page whose script and styles the app serves itself', async () => {
    const page = await client.get('/api/docs')
    expect(page.status).toBe(200)
    expect(page.type).toMatch(/^text\/html/)
    const sources = [...page.data.matchAll(/(?:src|href)="([^"]+)"/g)].map(match => match[1])
    expect(sources.sort()).toEqual(['/api/docs/swagger-ui-bundle.js', '/api/docs/swagger-ui.css'])
    expect(page.data).toContain('/api/openapi.json')
    const script = await client.get('/api/docs/swagger-ui-bundle.js')
    expect(script.type).toMatch(/^text\/javascript/)
    expect(script.data).toContain('SwaggerUIBundle')
    const styles = await client.get('/api/docs/swagger-ui.css')
    expect(styles.type).toMatch(/^text\/css/)
    expect(styles.data).toContain('.swagger-ui')
  })
})
