import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { configDefaults } from '../../server/config'
import { settingDocs, settingsTable, withSettingsTables } from '../../server/config-docs'

const page = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8')

describe('the configuration page', () => {
  it('lists every setting, with its default, as `npm run docs:config` writes it from the settings', () => {
    expect(Object.keys(settingDocs).sort()).toEqual(Object.keys(configDefaults).sort())
    expect(page).toContain(settingsTable(false))
    expect(page).toContain(settingsTable(true))
    expect(withSettingsTables(page), 'docs/configuration.md is out of date: run npm run docs:config').toBe(page)
  })

  it('shows a default from the settings themselves unless the page says it in words', () => {
    expect(settingsTable(false)).toContain('| `NUXT_MAX_UPLOAD_BYTES` | `10485760` |')
    expect(settingsTable(false)).toContain('| `NUXT_TERMS_MODEL` | unset (built-in) |')
    expect(settingsTable(true)).toContain('| `REDIS_PREFIX` | `atomizer` |')
  })
})
