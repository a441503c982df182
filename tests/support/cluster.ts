import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { DeleteBucketCommand, DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3'
import { Client } from '@elastic/elasticsearch'
import mongoose from 'mongoose'
import { Redis } from 'ioredis'
import { deleteKeys, deleteSearchIndices } from './cleanup'
import { loadServicesEnv, uniqueName } from './services'
import { startServer, type RunningServer } from './server'

const root = new URL('../../', import.meta.url).pathname
const workerEntry = join(root, '.output/server/worker.mjs')

export interface RunningWorker {
  pid: number
  output(): string
  /** Sends the signal and waits for the process to exit; resolves with its exit code or signal. */
  kill(signal: NodeJS.Signals): Promise<number | string>
}

/**
 * One installation of the scaled app on the real servers, isolated from other test runs by its own
 * database, index alias, bucket prefix and Redis prefix: start any number of web instances and workers.
 */
export interface Cluster {
  env: Record<string, string>
  /** Starts a web instance, with settings of its own beside the installation's. */
  startWeb(name: string, extraEnv?: Record<string, string>): Promise<RunningServer>
  /** Starts a worker process, with settings of its own beside the installation's. */
  startWorker(name: string, extraEnv?: Record<string, string>): Promise<RunningWorker>
  /** Stops every process and removes what the installation stored on the servers. */
  stop(): Promise<void>
}

export async function createCluster(overrides: Record<string, string> = {}): Promise<Cluster> {
  loadServicesEnv()
  const name = uniqueName('cluster').replace(/[^a-z0-9-]/gi, '').toLowerCase()
  const mongoUri = new URL(process.env.MONGODB_URI!)
  mongoUri.pathname = `/${name.replaceAll('-', '_')}`
  const env: Record<string, string> = {
    MONGODB_URI: mongoUri.toString(),
    REDIS_URL: process.env.REDIS_URL!,
    REDIS_PREFIX: name,
    ELASTICSEARCH_URL: process.env.ELASTICSEARCH_URL!,
    ELASTICSEARCH_INDEX: name,
    S3_ENDPOINT: process.env.S3_ENDPOINT!,
    S3_BUCKET: name,
    S3_REGION: process.env.S3_REGION!,
    S3_ACCESS_KEY_ID: process.env.S3_ACCESS_KEY_ID!,
    S3_SECRET_ACCESS_KEY: process.env.S3_SECRET_ACCESS_KEY!,
    S3_FORCE_PATH_STYLE: process.env.S3_FORCE_PATH_STYLE ?? 'true',
    // Every instance must open every other's session cookies.
    NUXT_SESSION_PASSWORD: randomBytes(32).toString('hex'),
    NUXT_JOB_LOCK_SECONDS: '4',
    ...overrides,
  }
  const webs: RunningServer[] = []
  const workers: RunningWorker[] = []

  return {
    env,
    async startWeb(instance, extraEnv = {}) {
      const server = await startServer({ name: `${name}-${instance}`, env: { ...env, ...extraEnv } })
      webs.push(server)
      return server
    },
    async startWorker(instance, extraEnv = {}) {
      if (!existsSync(workerEntry)) throw new Error('No worker build found: run `npm run build` first.')
      let output = ''
      const child = spawn(process.execPath, [workerEntry], {
        env: { ...process.env, ...env, ...extraEnv, NODE_ENV: 'production' },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      child.stdout!.on('data', chunk => void (output += chunk))
      child.stderr!.on('data', chunk => void (output += chunk))
      const exited = new Promise<number | string>(resolve => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')))
      const worker: RunningWorker = {
        pid: child.pid!,
        output: () => output,
        async kill(signal) {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal)
          return exited
        },
      }
      workers.push(worker)
      const deadline = Date.now() + 60_000
      while (!output.includes('[worker] started')) {
        if (child.exitCode !== null) throw new Error(`worker ${instance} exited (${child.exitCode}):\n${output}`)
        if (Date.now() > deadline) throw new Error(`worker ${instance} did not start:\n${output}`)
        await new Promise(resolve => setTimeout(resolve, 100))
      }
      return worker
    },
    async stop() {
      await Promise.all(workers.map(worker => worker.kill('SIGTERM')))
      await Promise.all(webs.map(web => web.stop()))
      await removeInstallation(env)
    },
  }
}

/** Drops the cluster's database, indices, bucket objects and Redis keys. */
async function removeInstallation(env: Record<string, string>) {
  const mongo = await mongoose.createConnection(env.MONGODB_URI!).asPromise()
  await mongo.dropDatabase().catch(() => {})
  await mongo.close()
  const s3 = new S3Client({
    endpoint: env.S3_ENDPOINT, region: env.S3_REGION, forcePathStyle: true,
    credentials: { accessKeyId: env.S3_ACCESS_KEY_ID!, secretAccessKey: env.S3_SECRET_ACCESS_KEY! },
  })
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: env.S3_BUCKET })).catch(() => undefined)
  const objects = (listed?.Contents ?? []).map(object => ({ Key: object.Key! }))
  if (objects.length > 0) await s3.send(new DeleteObjectsCommand({ Bucket: env.S3_BUCKET, Delete: { Objects: objects } })).catch(() => {})
  await s3.send(new DeleteBucketCommand({ Bucket: env.S3_BUCKET })).catch(() => {})
  s3.destroy()
  const elastic = new Client({ node: env.ELASTICSEARCH_URL! })
  await deleteSearchIndices(elastic, env.ELASTICSEARCH_INDEX!)
  await elastic.close()
  const redis = new Redis(env.REDIS_URL!)
  await deleteKeys(redis, [env.REDIS_PREFIX!])
  redis.disconnect()
}
