import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { expect } from 'vitest'
import type { ApiResponse } from './http'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

/** One operation of the document, with what a request must look like to be it. */
interface DocumentedOperation {
  operationId: string
  method: string
  path: string
  pattern: RegExp
  responses: Record<string, { content?: Record<string, { schema: Json }> }>
}

const documentId = 'https://learning-atomizer.test/openapi.json'
const pointer = (...parts: string[]) => parts.map(part => part.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')

/**
 * Checks answers against the OpenAPI document the server serves: the status must be documented for the
 * operation, the media type too, and a JSON body must validate against the schema for that status (JSON
 * Schema 2020-12, as OpenAPI 3.1 uses). Remembers which operations it saw.
 */
export class ContractChecker {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true })
  private readonly operations: DocumentedOperation[] = []
  private readonly validators = new Map<string, ValidateFunction>()
  readonly seen = new Set<string>()

  constructor(readonly document: Json) {
    addFormats(this.ajv)
    // OpenAPI's own format for file contents: any string.
    this.ajv.addFormat('binary', true)
    this.ajv.addSchema({ ...document, $id: documentId })
    for (const [path, item] of Object.entries<Json>(document.paths)) {
      for (const [method, operation] of Object.entries<Json>(item)) {
        // Literal segments first, so /atoms/merge is not taken for /atoms/{id}.
        const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`)
        this.operations.push({ operationId: operation.operationId, method: method.toUpperCase(), path, pattern, responses: operation.responses })
      }
    }
    this.operations.sort((a, b) => (a.path.match(/\{/g)?.length ?? 0) - (b.path.match(/\{/g)?.length ?? 0))
  }

  get operationIds(): string[] {
    return this.operations.map(operation => operation.operationId)
  }

  /** The documented operation a request is, or undefined. */
  operationOf(method: string, url: string): DocumentedOperation | undefined {
    const path = new URL(url, 'http://localhost').pathname
    return this.operations.find(operation => operation.method === method.toUpperCase() && operation.pattern.test(path))
  }

  /** Asserts the answer is one the document allows for this request, and records the operation as seen. */
  check(method: string, url: string, response: ApiResponse) {
    const operation = this.operationOf(method, url)
    expect(operation, `${method} ${url} is not in the document`).toBeDefined()
    const { operationId, path, responses } = operation!
    this.seen.add(operationId)
    const where = `${operationId} (${method} ${url}) answered ${response.status}`
    const documented = responses[String(response.status)]
    expect(documented, `${where}, which the document does not list (${Object.keys(responses).join(', ')})`).toBeDefined()
    const content = documented!.content
    if (!content) {
      expect(response.data, `${where} with a body the document does not have`).toBe('')
      return
    }
    const mediaType = response.type.split(';')[0]!.trim().toLowerCase()
    const documentedType = mediaType in content ? mediaType : '*/*' in content ? '*/*' : undefined
    expect(documentedType, `${where} as ${mediaType}, not ${Object.keys(content).join(' or ')}`).toBeDefined()
    if (!mediaType.endsWith('json')) return
    const ref = `${documentId}#/${pointer('paths', path, method.toLowerCase(), 'responses', String(response.status), 'content', documentedType!, 'schema')}`
    let validate = this.validators.get(ref)
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref })
      this.validators.set(ref, validate)
    }
    const valid = validate(response.data)
    expect(valid, `${where}: the body breaks the schema: ${this.ajv.errorsText(validate.errors)}\n${JSON.stringify(response.data).slice(0, 2000)}`).toBe(true)
  }
}
