import { addRoute, createRouter, findRoute } from 'rou3'
import type { Operation } from './operation'
import { allOperations } from './operations'

const router = createRouter<Operation>()
for (const operation of allOperations) {
  // OpenAPI's `{name}` is the router's `:name`.
  addRoute(router, operation.method.toUpperCase(), operation.path.replace(/\{(\w+)\}/g, ':$1'), operation)
}

/** The API operation a request is for (by method and path, without the query), or undefined for any other path. */
export function operationAt(method: string, path: string): Operation | undefined {
  return findRoute(router, method.toUpperCase(), path.split('?')[0]!, { params: false })?.data
}
