import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { allOperations } from '../../server/openapi/operations'
import { routeTable, withRouteTable } from '../../server/openapi/route-table'

const page = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8')

describe('the route table of docs/api.md', () => {
  it('lists every operation of the API, as `npm run docs:api` writes it from them', () => {
    expect(withRouteTable(page), 'docs/api.md is out of date: run npm run docs:api').toBe(page)
    for (const operation of allOperations) {
      expect(page).toContain(`| \`${operation.method.toUpperCase()} ${operation.path.replace(/\{(\w+)\}/g, ':$1')}\` | \`${operation.scope}\` | ${operation.summary}`)
    }
  })

  it('writes paths as the docs do, and keeps a cell on one line', () => {
    const table = routeTable([{ ...allOperations[0]!, method: 'get', path: '/api/v1/things/{id}/parts/{partId}', summary: 'A part', description: 'One\nof | many' }])
    expect(table.split('\n').at(-1)).toBe(`| \`GET /api/v1/things/:id/parts/:partId\` | \`${allOperations[0]!.scope}\` | A part. One of \\| many |`)
  })
})
