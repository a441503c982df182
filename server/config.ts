import { isAbsolute, resolve } from 'node:path'
import { z } from 'zod'

/** Settings the server and the worker read; each comes from runtime config or its NUXT_ variable. */
const configSchema = z.object({
  dataDir: z.string().trim().min(1, 'must name a folder'),
  maxUploadBytes: z.coerce.number().int().min(1, 'must be at least 1').max(1024 ** 3, 'must be at most 1 GiB'),
  queueConcurrency: z.coerce.number().int().min(1).max(64),
  jobAttempts: z.coerce.number().int().min(1).max(20),
  atomMinWords: z.coerce.number().int().min(1).max(1000),
  atomMaxWords: z.coerce.number().int().min(30).max(5000),
  /** Atomizing one document may take at most this long. */
  jobTimeoutSeconds: z.coerce.number().int().min(1).max(24 * 3600),
}).refine(config => config.atomMinWords < config.atomMaxWords, { message: 'must be below NUXT_ATOM_MAX_WORDS', path: ['atomMinWords'] })

export type AppConfig = z.infer<typeof configSchema>

/** Defaults: the embedded set-up, with everything under `.data/`. Also Nuxt's runtime config (nuxt.config.ts). */
export const configDefaults: AppConfig = {
  dataDir: '.data',
  maxUploadBytes: 10 * 1024 * 1024,
  queueConcurrency: 2,
  jobAttempts: 3,
  atomMinWords: 25,
  atomMaxWords: 300,
  jobTimeoutSeconds: 300,
}

export class ConfigError extends Error {
  constructor(problems: string[]) {
    super(`Invalid configuration:\n${problems.map(problem => `  - ${problem}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

const envName = (key: string) => `NUXT_${key.replace(/[A-Z]/g, letter => `_${letter}`).toUpperCase()}`

/** Parses raw settings, naming the environment variable of each bad value. */
export function parseConfig(raw: Record<string, unknown>): AppConfig {
  const result = configSchema.safeParse(raw)
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '')
      return `${envName(key)} (${key}) = ${JSON.stringify(raw[key])}: ${issue.message}`
    }))
  }
  const config = result.data
  return { ...config, dataDir: isAbsolute(config.dataDir) ? config.dataDir : resolve(config.dataDir) }
}

/** Settings for processes outside Nitro (the worker, the CLI): defaults overridden by NUXT_ variables. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw: Record<string, unknown> = { ...configDefaults }
  for (const key of Object.keys(configDefaults)) {
    const value = env[envName(key)]
    if (value !== undefined) raw[key] = value
  }
  return parseConfig(raw)
}
