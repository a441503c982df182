/**
 * npm run docs:config — writes the settings tables of docs/configuration.md from server/config-docs.ts, between
 * the `settings:app` and `settings:scaled` markers; tests/unit/docs-config.test.ts checks they are up to date.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { withSettingsTables } from '../server/config-docs'

const page = fileURLToPath(new URL('../docs/configuration.md', import.meta.url))
writeFileSync(page, withSettingsTables(readFileSync(page, 'utf8')))
console.info('[docs:config] docs/configuration.md written')
