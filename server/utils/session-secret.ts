import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Sessions are sealed with NUXT_SESSION_PASSWORD. When none is configured, one is made once and
 * kept in the data folder, so a plain start works and sessions survive restarts.
 */
export function ensureSessionPassword(dataDir: string, configured: string | undefined) {
  if (process.env.NUXT_SESSION_PASSWORD || configured) return
  const file = join(dataDir, 'session-password')
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 })
  }
  process.env.NUXT_SESSION_PASSWORD = readFileSync(file, 'utf8').trim()
}
