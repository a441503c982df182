import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './server'

/** One series of a query's answer: its labels, and its value (instant) or values (range). */
export interface PromSeries {
  metric: Record<string, string>
  value?: [number, string]
  values?: [number, string][]
}

export interface RunningPrometheus {
  url: string
  /** An instant query; throws on a query Prometheus refuses. */
  query(expr: string): Promise<PromSeries[]>
  /** A range query from `start` to now (seconds since the epoch), one point per `stepSeconds`. */
  queryRange(expr: string, start: number, stepSeconds?: number): Promise<PromSeries[]>
  /** Any GET of the HTTP API (such as `/api/v1/rules`), its `data`. */
  api<T = unknown>(path: string): Promise<T>
  output(): string
  stop(): Promise<void>
}

export interface PrometheusOptions {
  /** Scrape jobs: job name → `host:port` targets serving `/metrics`. */
  jobs: Record<string, string[]>
  ruleFiles?: string[]
}

/**
 * A real Prometheus (Debian's package; tests/support/ensure-prometheus.sh) scraping the given targets every
 * second and evaluating the given rule files as often, with its data in a temporary folder.
 */
export async function startPrometheus({ jobs, ruleFiles = [] }: PrometheusOptions): Promise<RunningPrometheus> {
  const folder = mkdtempSync(join(tmpdir(), 'atomizer-prometheus-'))
  const port = await freePort()
  // JSON is YAML: no YAML writer needed for the configuration.
  const config = {
    global: { scrape_interval: '1s', scrape_timeout: '1s', evaluation_interval: '1s' },
    rule_files: ruleFiles,
    scrape_configs: Object.entries(jobs).map(([job, targets]) => ({ job_name: job, static_configs: [{ targets }] })),
  }
  writeFileSync(join(folder, 'prometheus.yml'), JSON.stringify(config, null, 2))
  let output = ''
  const child = spawn('prometheus', [
    `--config.file=${join(folder, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(folder, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
    '--log.level=warn',
  ], { stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout!.on('data', chunk => void (output += chunk))
  child.stderr!.on('data', chunk => void (output += chunk))
  const exited = new Promise(resolve => child.once('exit', resolve))
  const url = `http://127.0.0.1:${port}`

  async function api<T>(path: string): Promise<T> {
    const response = await fetch(`${url}${path}`)
    const body = await response.json() as { status: string, data: T, error?: string }
    if (body.status !== 'success') throw new Error(`Prometheus ${path}: ${body.error ?? response.status}`)
    return body.data
  }
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
    await exited
    rmSync(folder, { recursive: true, force: true })
  }

  const deadline = Date.now() + 30_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Prometheus exited (${child.exitCode}):\n${output}`)
    const ready = await fetch(`${url}/-/ready`).then(response => response.ok, () => false)
    if (ready) break
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`Prometheus did not become ready:\n${output}`)
    }
    await new Promise(resolve => setTimeout(resolve, 200))
  }
  return {
    url,
    api,
    output: () => output,
    stop,
    async query(expr) {
      return (await api<{ result: PromSeries[] }>(`/api/v1/query?query=${encodeURIComponent(expr)}`)).result
    },
    async queryRange(expr, start, stepSeconds = 1) {
      const end = Date.now() / 1000
      const query = new URLSearchParams({ query: expr, start: String(start), end: String(end), step: String(stepSeconds) })
      return (await api<{ result: PromSeries[] }>(`/api/v1/query_range?${query}`)).result
    },
  }
}
