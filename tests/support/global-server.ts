import type { TestProject } from 'vitest/node'
import { startServer } from './server'

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string
    dataDir: string
  }
}

/** Starts the built app (`npm run build` first) on a free port with a fresh data folder, for one test tier. */
export default async function setup(project: TestProject) {
  const server = await startServer({ name: project.name })
  project.provide('baseURL', server.baseURL)
  project.provide('dataDir', server.dataDir)
  return () => server.stop()
}
