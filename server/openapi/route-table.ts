import type { Operation } from './operation'
import { allOperations } from './operations'

/** A path as the docs write it: `/api/v1/atoms/:id` for the template `/api/v1/atoms/{id}`. */
const docsPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1')
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ')

/** The REST routes as a Markdown table, one row per operation in the reference's order: the scope it needs, its summary and description. */
export function routeTable(operations: readonly Operation[] = allOperations): string {
  const rows = operations.map((operation) => {
    const what = operation.description ? `${operation.summary}. ${operation.description}` : operation.summary
    return `| \`${operation.method.toUpperCase()} ${docsPath(operation.path)}\` | \`${operation.scope}\` | ${cell(what)} |`
  })
  return ['| method and path | scope | what it does |', '|---|---|---|', ...rows].join('\n')
}

/** The page with the table between its `<!-- routes -->` and `<!-- /routes -->` markers written anew. */
export function withRouteTable(page: string): string {
  return page.replace(/(<!-- routes -->)\n[\s\S]*?(<!-- \/routes -->)/, (_, open: string, close: string) => `${open}\n${routeTable()}\n${close}`)
}
