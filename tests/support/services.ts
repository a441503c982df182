import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { configFromEnv, type AppConfig } from '../../server/config'

const envFile = fileURLToPath(new URL('../../.env.services', import.meta.url))

/**
 * Loads the connection settings `npm run services:start` wrote. The scaled tests run against those
 * real servers; without them they fail with this message rather than pass vacuously.
 */
export function loadServicesEnv(): void {
  if (!existsSync(envFile)) {
    throw new Error('.env.services is missing: run `npm run services:start` first (the scaled tests need the real servers)')
  }
  process.loadEnvFile(envFile)
}

/** The scaled settings, with the real servers' addresses. */
export function servicesConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  loadServicesEnv()
  return { ...configFromEnv(), ...overrides }
}

/** A name no other test run uses, for databases, key prefixes, indices and buckets. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
}
