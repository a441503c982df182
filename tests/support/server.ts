import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = new URL('../../', import.meta.url).pathname

/** NUXT_ADMIN_EMAIL of the servers the tests start: the account registering it is the admin (support/http.ts). */
export const testAdminEmail = 'admin@example.test'
const entry = join(root, '.output/server/index.mjs')

export interface StartServerOptions {
  /** Names the temporary data folder. */
  name?: string
  /** A data folder to use (kept afterwards); by default a fresh temporary one, removed by `stop()`. */
  dataDir?: string
  /** Extra environment, for example `NUXT_QUEUE_CONCURRENCY`. */
  env?: Record<string, string>
}

export interface RunningServer {
  baseURL: string
  dataDir: string
  /** The server process's id (the Node process running `.output/server/index.mjs` itself). */
  pid: number
  /** Everything the server printed so far. */
  output(): string
  /** Stops the server (SIGTERM, waiting for it to exit) and removes a temporary data folder. */
  stop(): Promise<void>
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')))
    })
  })
}

async function waitForHealth(baseURL: string, child: ChildProcess, log: () => string) {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${log()}`)
    try {
      const response = await fetch(`${baseURL}/api/health`)
      if (response.ok) return
    }
    catch { /* not listening yet */ }
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  throw new Error(`the server did not become healthy:\n${log()}`)
}

/**
 * Starts the built app (`npm run build` first) on a free port, by default with a fresh data folder, a
 * 1 MiB upload limit, `testAdminEmail` as its admin's email and no allowance per client address to speak
 * of. Used once per tier by the global setup, and by tests that need a server of their own.
 */
export async function startServer({ name = 'server', dataDir, env = {} }: StartServerOptions = {}): Promise<RunningServer> {
  if (!existsSync(entry)) throw new Error('No build found: run `npm run build` before the api and e2e tests.')
  const temporary = dataDir === undefined
  const folder = dataDir ?? mkdtempSync(join(tmpdir(), `atomizer-${name}-`))
  const port = await freePort()
  let output = ''
  const child = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NUXT_DATA_DIR: folder,
      NUXT_MAX_UPLOAD_BYTES: String(1024 * 1024),
      // Every test client comes from 127.0.0.1: the allowances per client address would be shared by all
      // the tests using the server. Tests of those allowances start a server with them set.
      NUXT_RATE_LIMIT_LOGIN_ADDRESS: '100000',
      NUXT_RATE_LIMIT_REGISTER: '100000',
      // Registering this email makes the admin (support/http.ts: adminClient).
      NUXT_ADMIN_EMAIL: testAdminEmail,
      NODE_ENV: 'production',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const collect = (chunk: Buffer) => {
    output += chunk
  }
  child.stdout!.on('data', collect)
  child.stderr!.on('data', collect)
  const exited = new Promise(resolve => child.once('exit', resolve))
  const baseURL = `http://127.0.0.1:${port}`
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
    if (process.env.ATOMIZER_TEST_LOG) console.log(output)
    if (temporary) rmSync(folder, { recursive: true, force: true })
  }
  try {
    await waitForHealth(baseURL, child, () => output)
  }
  catch (error) {
    await stop()
    throw error
  }
  return { baseURL, dataDir: folder, pid: child.pid!, output: () => output, stop }
}

/**
 * Peak resident memory ("high water mark", `VmHWM`) of a running process, in bytes, from `/proc/<pid>/status`.
 * Linux only; throws where there is no such file or line, so a test never passes on a missing measurement.
 */
export function peakMemoryBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(status)
  if (!match) throw new Error(`no VmHWM in /proc/${pid}/status`)
  return Number(match[1]) * 1024
}
