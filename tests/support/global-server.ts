import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'

const root = new URL('../../', import.meta.url).pathname
const entry = join(root, '.output/server/index.mjs')

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string
    dataDir: string
  }
}

function freePort(): Promise<number> {
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

/** Starts the built app (`npm run build` first) on a free port with a fresh data folder, for one test tier. */
export default async function setup(project: TestProject) {
  if (!existsSync(entry)) throw new Error('No build found: run `npm run build` before the api and e2e tests.')
  const dataDir = mkdtempSync(join(tmpdir(), `atomizer-${project.name}-`))
  const port = await freePort()
  let output = ''
  const child = spawn(process.execPath, [entry], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      NUXT_DATA_DIR: dataDir,
      NUXT_MAX_UPLOAD_BYTES: String(1024 * 1024),
      NODE_ENV: 'production',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const collect = (chunk: Buffer) => {
    output += chunk
  }
  child.stdout!.on('data', collect)
  child.stderr!.on('data', collect)
  const baseURL = `http://127.0.0.1:${port}`
  await waitForHealth(baseURL, child, () => output)
  project.provide('baseURL', baseURL)
  project.provide('dataDir', dataDir)
  return async () => {
    child.kill('SIGTERM')
    await new Promise(resolve => child.once('exit', resolve))
    if (process.env.ATOMIZER_TEST_LOG) console.log(output)
    rmSync(dataDir, { recursive: true, force: true })
  }
}
