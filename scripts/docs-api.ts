/**
 * npm run docs:api — writes the route table of docs/api.md from the server's OpenAPI operations, between the
 * `routes` markers; tests/unit/docs-routes.test.ts checks it is up to date.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { withRouteTable } from '../server/openapi/route-table'

const page = fileURLToPath(new URL('../docs/api.md', import.meta.url))
writeFileSync(page, withRouteTable(readFileSync(page, 'utf8')))
console.info('[docs:api] docs/api.md written')
