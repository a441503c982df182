/**
 * npm run bench:scaled — the same workload on the embedded and the scaled side (`npm run build` and
 * `npm run services:start` first): documents atomized per minute with one and two workers, search latency
 * over a 100,000-atom index, and API read throughput, each as a ratio of scaled to embedded. Figures come
 * from one run on one machine, where the servers of the scaled side share its cores with the app.
 */
import { createElasticsearchIndex } from '../../server/drivers/search/elasticsearch'
import { createOramaIndex } from '../../server/drivers/search/orama'
import type { SearchDocument, SearchIndex } from '../../server/drivers/search/types'
import { Client } from '@elastic/elasticsearch'
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { deleteSearchIndices } from '../support/cleanup'
import { createCluster, type Cluster } from '../support/cluster'
import { markdownBook } from '../support/content'
import { loadCorpus } from '../support/corpus'
import { ApiClient, uniqueEmail } from '../support/http'
import { seededRandom } from '../support/random'
import { startServer } from '../support/server'
import { servicesConfig, uniqueName } from '../support/services'

const documentsPerRun = Number(process.env.BENCH_DOCUMENTS ?? 12)
const indexSize = Number(process.env.BENCH_ATOMS ?? 100_000)
const searchQueries = 300
const readSeconds = Number(process.env.BENCH_READ_SECONDS ?? 8)
const readConcurrency = 8
/** Runs of each set-up in the jobs half; the best counts. */
const runs = Number(process.env.BENCH_RUNS ?? 2)
/** `BENCH_PARTS=search` (or `jobs`) runs one half: jobs and reads, or search. */
const parts = new Set((process.env.BENCH_PARTS ?? 'jobs,search').split(','))

// Chapters of about 20,000 words: long enough that atomizing, not uploading, sets the pace.
const workload = Array.from({ length: documentsPerRun }, (_, n) => markdownBook(200, 100 + n, `Bench document ${n + 1}`))

const password = 'correct horse battery'

async function signedIn(baseURL: string, email?: string) {
  const client = new ApiClient(baseURL)
  // Registering answers 202 and starts no session: signing in follows, for a new account too.
  if (!email) await client.post('/api/v1/auth/register', { email: email = uniqueEmail('bench'), password, name: 'Bench' })
  const response = await client.post('/api/v1/auth/login', { email, password })
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`)
  return { client, email }
}

/** Uploads the workload at once and waits until every document is ready: documents per minute. */
async function atomizeWorkload(client: ApiClient): Promise<{ perMinute: number, documentIds: string[] }> {
  const started = performance.now()
  const documentIds: string[] = []
  for (const [n, text] of workload.entries()) {
    const uploaded = await client.upload(`bench-${n}.md`, text)
    if (uploaded.status !== 202) throw new Error(`upload failed: ${uploaded.status} ${JSON.stringify(uploaded.data)}`)
    documentIds.push(uploaded.data.id)
  }
  // One list request every 100 ms tells when all are done, loading the machine under test as little as possible.
  for (;;) {
    const { data } = await client.get(`/api/v1/documents?limit=${documentIds.length}`)
    const mine = (data.items as { id: string, status: string, error?: string }[]).filter(document => documentIds.includes(document.id))
    const failed = mine.find(document => document.status === 'failed')
    if (failed) throw new Error(`document ${failed.id} failed: ${failed.error}`)
    if (mine.length === documentIds.length && mine.every(document => document.status === 'ready')) break
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  return { perMinute: documentIds.length / ((performance.now() - started) / 60_000), documentIds }
}

/**
 * What this machine allows before any server is involved: the workload atomized by one process, then by two
 * processes at once (each the whole workload), engine only. Two workers cannot scale past this ratio here.
 */
async function twoProcessCeiling(): Promise<number> {
  const folder = mkdtempSync(join(tmpdir(), 'atomizer-bench-'))
  const files = workload.map((text, n) => {
    const file = join(folder, `bench-${n}.md`)
    writeFileSync(file, text)
    return file
  })
  const script = new URL('./atomize-file.ts', import.meta.url).pathname
  const wallSeconds = async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script, ...files], { encoding: 'utf8' })
    return (JSON.parse(stdout.trim().split('\n').at(-1)!) as { wallMs: number }).wallMs / 1000
  }
  try {
    const one = await wallSeconds()
    const two = Math.max(...await Promise.all([wallSeconds(), wallSeconds()]))
    return (2 * files.length / two) / (files.length / one)
  }
  finally {
    rmSync(folder, { recursive: true, force: true })
  }
}

/** Requests per second of atom reads (one atom, and a document's first page of atoms), `readConcurrency` at once. */
async function readThroughput(clients: ApiClient[], documentIds: string[]): Promise<number> {
  const atomIds: string[] = []
  for (const id of documentIds) atomIds.push(...(await clients[0]!.getAll(`/api/v1/documents/${id}/atoms`)).map(atom => atom.id))
  const next = seededRandom(7)
  const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)]!
  const deadline = performance.now() + readSeconds * 1000
  let requests = 0
  await Promise.all(Array.from({ length: readConcurrency }, async (_, lane) => {
    const client = clients[lane % clients.length]!
    while (performance.now() < deadline) {
      const response = requests % 2 === 0
        ? await client.get(`/api/v1/atoms/${pick(atomIds)}`)
        : await client.get(`/api/v1/documents/${pick(documentIds)}/atoms?limit=20`)
      if (response.status !== 200) throw new Error(`read failed: ${response.status}`)
      requests++
    }
  }))
  return requests / readSeconds
}

/**
 * `indexSize` atoms over 1,000 documents: 60-word windows of the fixture corpus's real prose, so words keep
 * their natural frequencies; queries are words of five letters or more from the same text.
 */
function syntheticAtoms(): { atoms: SearchDocument[], words: string[] } {
  const text = loadCorpus().filter(doc => ['markdown', 'text'].includes(doc.format)).map(doc => new TextDecoder().decode(doc.data)).join(' ')
  const tokens = text.replace(/[^\p{L}\p{N}'-]+/gu, ' ').split(' ').filter(Boolean)
  const words = [...new Set(tokens.map(token => token.toLowerCase()).filter(token => /^[a-z]{5,}$/.test(token)))]
  const next = seededRandom(11)
  const window = (length: number) => {
    const start = Math.floor(next() * (tokens.length - length))
    return tokens.slice(start, start + length).join(' ')
  }
  const atoms = Array.from({ length: indexSize }, (_, n): SearchDocument => ({
    id: `atom-${n}`,
    documentId: `doc-${n % 1000}`,
    title: window(4),
    body: window(60),
    headingTrail: [window(3)],
    terms: [window(1), window(2)],
  }))
  return { atoms, words }
}

async function searchLatency(index: SearchIndex, atoms: SearchDocument[], words: string[]) {
  // Loaded as a rebuild from the store would load it: in batches, searchable at the end.
  await index.rebuild((async function* () {
    for (let start = 0; start < atoms.length; start += 2000) yield atoms.slice(start, start + 2000)
  })())
  await index.flush()
  const next = seededRandom(13)
  const readable = Array.from({ length: 200 }, (_, n) => `doc-${n * 5}`)
  const timings: number[] = []
  for (let n = 0; n < searchQueries; n++) {
    const text = n % 2 === 0 ? words[Math.floor(next() * words.length)]! : `${words[Math.floor(next() * words.length)]} ${words[Math.floor(next() * words.length)]}`
    const started = performance.now()
    await index.search({ text, documentIds: readable, limit: 20, offset: 0 })
    timings.push(performance.now() - started)
  }
  timings.sort((a, b) => a - b)
  return { p50: timings[Math.floor(timings.length * 0.5)]!, p95: timings[Math.floor(timings.length * 0.95)]! }
}

const fixed = (value: number, digits = 1) => value.toFixed(digits)
const ratio = (scaled: number, embedded: number) => `${(scaled / embedded).toFixed(2)}x`

console.log(`workload: ${documentsPerRun} documents of ~${Math.round(workload[0]!.split(/\s+/).length)} words; index of ${indexSize} atoms`)

if (parts.has('jobs')) await benchJobsAndReads()
if (parts.has('search')) await benchSearch()
process.exit(0)

async function benchJobsAndReads() {
  // Embedded: one server, its in-process queue running one, then two jobs at a time. Each set-up runs
  // `runs` times, interleaved, and keeps its best: the machine is shared and noisy.
  const embedded: Record<string, number> = {}
  let embeddedRead = 0
  let ceiling = 0
  for (let run = 0; run < runs; run++) ceiling = Math.max(ceiling, await twoProcessCeiling())
  for (let run = 0; run < runs; run++) for (const concurrency of [1, 2]) {
    const server = await startServer({ name: 'bench', env: { NUXT_QUEUE_CONCURRENCY: String(concurrency), NUXT_MAX_UPLOAD_BYTES: String(8 * 1024 * 1024) } })
    try {
      const { client } = await signedIn(server.baseURL)
      const { perMinute, documentIds } = await atomizeWorkload(client)
      embedded[concurrency] = Math.max(embedded[concurrency] ?? 0, perMinute)
      if (concurrency === 1 && run === 0) embeddedRead = await readThroughput([client], documentIds)
    }
    finally {
      await server.stop()
    }
  }

  // Scaled: one web instance enqueues; one, then two worker processes (one job at a time each) atomize.
  const scaled: Record<string, number> = {}
  let scaledRead = 0
  let scaledReadTwo = 0
  for (let run = 0; run < runs; run++) for (const workers of [1, 2]) {
    let cluster: Cluster | undefined
    try {
      cluster = await createCluster({ NUXT_QUEUE_CONCURRENCY: '1', NUXT_MAX_UPLOAD_BYTES: String(8 * 1024 * 1024) })
      const web = await cluster.startWeb('a')
      for (let n = 0; n < workers; n++) await cluster.startWorker(`w${n}`)
      const { client, email } = await signedIn(web.baseURL)
      const { perMinute, documentIds } = await atomizeWorkload(client)
      scaled[workers] = Math.max(scaled[workers] ?? 0, perMinute)
      if (workers === 1 && run === 0) {
        scaledRead = await readThroughput([client], documentIds)
        const { client: second } = await signedIn((await cluster.startWeb('b')).baseURL, email)
        scaledReadTwo = await readThroughput([client, second], documentIds)
      }
    }
    finally {
      await cluster?.stop()
    }
  }

  console.log(`\ndocuments atomized per minute (best of ${runs})`)
  console.log(`  embedded, 1 job at a time:   ${fixed(embedded[1]!)}`)
  console.log(`  embedded, 2 jobs at a time:  ${fixed(embedded[2]!)}  (${ratio(embedded[2]!, embedded[1]!)} of 1)`)
  console.log(`  scaled, 1 worker:            ${fixed(scaled[1]!)}  (${ratio(scaled[1]!, embedded[1]!)} of embedded 1)`)
  console.log(`  scaled, 2 workers:           ${fixed(scaled[2]!)}  (${ratio(scaled[2]!, scaled[1]!)} of 1 worker; target >= 1.70x)`)
  console.log(`  this machine's limit:        two engine-only processes do ${ceiling.toFixed(2)}x the work of one (no servers involved)`)

  console.log(`\nAPI reads per second (${readConcurrency} at once, ${readSeconds} s)`)
  console.log(`  embedded:                ${fixed(embeddedRead)}`)
  console.log(`  scaled, 1 web instance:  ${fixed(scaledRead)}  (${ratio(scaledRead, embeddedRead)} of embedded)`)
  console.log(`  scaled, 2 web instances: ${fixed(scaledReadTwo)}  (${ratio(scaledReadTwo, embeddedRead)} of embedded)`)
}

async function benchSearch() {
// Search latency at the driver: the same 100,000 atoms in Orama and in Elasticsearch.
  const { atoms, words } = syntheticAtoms()
  const orama = createOramaIndex()
  const oramaLatency = await searchLatency(orama, atoms, words)
  await orama.close()
  const alias = uniqueName('bench-search').toLowerCase()
  const elastic = createElasticsearchIndex({ url: servicesConfig().elasticsearchUrl!, alias, analyzer: 'standard' })
  const elasticLatency = await searchLatency(elastic, atoms, words)
  await elastic.close()
  const cleaner = new Client({ node: servicesConfig().elasticsearchUrl! })
  await deleteSearchIndices(cleaner, alias)
  await cleaner.close()

  console.log(`\nsearch latency over ${indexSize} atoms (ms)`)
  console.log(`  embedded (orama):        p50 ${fixed(oramaLatency.p50)}  p95 ${fixed(oramaLatency.p95)}`)
  console.log(`  scaled (elasticsearch):  p50 ${fixed(elasticLatency.p50)}  p95 ${fixed(elasticLatency.p95)}  (${ratio(elasticLatency.p50, oramaLatency.p50)} / ${ratio(elasticLatency.p95, oramaLatency.p95)} of embedded)`)
}
