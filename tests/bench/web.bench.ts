/**
 * npm run bench:web — Lighthouse 13 on each main page of the built app (`npm run build` first): the
 * performance, accessibility, best-practices and SEO scores, and the JavaScript sent on first load, beside
 * the targets. Signed-in pages are audited signed in: the session cookie is put in the browser's cookie jar
 * before each of them (Lighthouse keeps cookies between runs; they are cleared before a signed-out page), and
 * a page that ends anywhere but where it was asked for (say, /login) stops the bench.
 *
 * Throttling: Lighthouse's default mobile preset (a Moto G Power-sized screen, simulated slow 4G: 150 ms
 * RTT, 1.6 Mbit/s down, 4x CPU slowdown), the one PageSpeed Insights reports. `BENCH_WEB_PRESET=desktop`
 * uses Lighthouse's desktop preset (40 ms RTT, 10 Mbit/s, no CPU slowdown). Each page is audited five times
 * (`BENCH_WEB_RUNS`) and the run with the median performance score is reported: one run's score moves by
 * ten points or more on a busy machine. `BENCH_WEB_REPORTS=folder` keeps
 * each page's Lighthouse JSON report there; `BENCH_WEB_PAGES=library,study` audits only the pages named.
 *
 * It exits non-zero only when something breaks, not when a target is missed: it is a benchmark.
 */
import { launch, type LaunchedChrome } from 'chrome-launcher'
import lighthouse, { desktopConfig, type Config, type Flags, type Result } from 'lighthouse'
import { mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { request } from 'node:http'
import { join } from 'node:path'
import { WebSocket } from 'ws'
import { appPages, isOnPage, preparePageContent, type AppPage, type PageContent } from '../support/pages'
import { startServer, type RunningServer } from '../support/server'

const chromePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
/** Flags for Debian's Chromium run as root on a closed network, headless. */
const chromeFlags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']
const preset = process.env.BENCH_WEB_PRESET ?? 'mobile'
if (preset !== 'mobile' && preset !== 'desktop') throw new Error(`BENCH_WEB_PRESET must be mobile or desktop, not ${preset}`)
const runs = Number(process.env.BENCH_WEB_RUNS ?? 5)
if (!Number.isInteger(runs) || runs < 1) throw new Error(`BENCH_WEB_RUNS must be a positive whole number, not ${process.env.BENCH_WEB_RUNS}`)
const reportsFolder = process.env.BENCH_WEB_REPORTS
const pageNames = process.env.BENCH_WEB_PAGES?.split(',').map(name => name.trim())
const unknownPages = (pageNames ?? []).filter(name => !appPages.some(page => page.name === name))
if (unknownPages.length > 0) throw new Error(`BENCH_WEB_PAGES names no page ${unknownPages.join(', ')}; the pages are ${appPages.map(page => page.name).join(', ')}`)
const auditedPages = pageNames ? appPages.filter(page => pageNames.includes(page.name)) : appPages

const categories = ['performance', 'accessibility', 'best-practices', 'seo'] as const
type Category = typeof categories[number]
const targets: Record<Category, number> = { 'performance': 95, 'accessibility': 100, 'best-practices': 95, 'seo': 0 }
/** First-load JavaScript, gzipped, must stay below this. */
const jsTargetKB = 150

interface Script {
  url: string
  transferSize: number
}

interface Measured {
  page: AppPage
  path: string
  scores: Record<Category, number | null>
  metrics: Record<string, string>
  scripts: Script[]
  /** Bytes of the scripts as the server sends them to a client asking for gzip only (raw body, no decoding). */
  gzipBytes: number
  /** The Content-Encoding the server answers each script with, for a browser's Accept-Encoding. */
  encodings: Set<string>
  failing: Record<Exclude<Category, 'performance'>, string[]>
  lhr: Result
}

/**
 * Empties the browser's cookie jar and, for a signed-in page, puts the session cookie in it, over the
 * DevTools protocol. (Lighthouse's `extraHeaders` is not enough: an anonymous session cookie that an earlier
 * page set stays in the jar and wins.)
 */
async function setSession(port: number, baseURL: string, cookie: string | undefined) {
  const version = await (await fetch(`http://127.0.0.1:${port}/json/version`)).json() as { webSocketDebuggerUrl: string }
  const socket = new WebSocket(version.webSocketDebuggerUrl)
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))
  let id = 0
  const send = (method: string, params: object = {}) => new Promise<void>((resolve, reject) => {
    const current = ++id
    const onMessage = (data: Buffer) => {
      const message = JSON.parse(String(data)) as { id?: number, error?: { message: string } }
      if (message.id !== current) return
      socket.off('message', onMessage)
      if (message.error) reject(new Error(`${method}: ${message.error.message}`))
      else resolve()
    }
    socket.on('message', onMessage)
    socket.send(JSON.stringify({ id: current, method, params }))
  })
  try {
    await send('Storage.clearCookies')
    if (cookie) {
      const separator = cookie.indexOf('=')
      await send('Storage.setCookies', {
        cookies: [{ name: cookie.slice(0, separator), value: cookie.slice(separator + 1), url: baseURL, httpOnly: true, sameSite: 'Lax' }],
      })
    }
  }
  finally {
    socket.close()
  }
}

async function audit(port: number, url: string): Promise<Result> {
  const flags: Flags = {
    port,
    output: 'json',
    logLevel: 'error',
    onlyCategories: [...categories],
  }
  // No config: Lighthouse's default, mobile with simulated throttling.
  const config: Config | undefined = preset === 'desktop' ? desktopConfig : undefined
  const result = await lighthouse(url, flags, config)
  if (!result) throw new Error(`Lighthouse returned nothing for ${url}`)
  const { lhr } = result
  if (lhr.runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`)
  return lhr
}

/** The raw (undecoded) size and Content-Encoding of one response, for the given Accept-Encoding. */
function rawResponse(url: string, acceptEncoding: string, cookie?: string): Promise<{ bytes: number, encoding: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'accept-encoding': acceptEncoding }
    if (cookie) headers.cookie = cookie
    request(url, { headers }, (response) => {
      let bytes = 0
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length
      })
      response.on('end', () => resolve({ bytes, encoding: response.headers['content-encoding'] ?? 'none' }))
      response.on('error', reject)
    }).on('error', reject).end()
  })
}

function scriptsOf(lhr: Result): Script[] {
  const details = lhr.audits['network-requests']?.details as { items?: { url: string, resourceType?: string, mimeType?: string, transferSize?: number }[] } | undefined
  // Chromium files module preloads under "Other": the MIME type tells a script too.
  return (details?.items ?? [])
    .filter(item => item.resourceType === 'Script' || /javascript|ecmascript/.test(item.mimeType ?? ''))
    .map(item => ({ url: item.url, transferSize: item.transferSize ?? 0 }))
}

function failingAudits(lhr: Result, category: Category): string[] {
  return (lhr.categories[category]?.auditRefs ?? [])
    .filter(ref => ref.weight > 0)
    .map(ref => lhr.audits[ref.id]!)
    .filter(audit => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode !== 'informative' && audit.scoreDisplayMode !== 'notApplicable')
    .map(audit => audit.id)
}

async function measure(server: RunningServer, port: number, page: AppPage, content: PageContent, cookie: string): Promise<Measured> {
  const path = page.path(content)
  const url = `${server.baseURL}${path}`
  const candidates: Result[] = []
  for (let run = 0; run < runs; run++) {
    await setSession(port, server.baseURL, page.signedIn ? cookie : undefined)
    const lhr = await audit(port, url)
    const landed = lhr.finalDisplayedUrl
    if (!isOnPage(landed, path)) throw new Error(`${page.name}: asked for ${path}, Lighthouse audited ${landed} (redirected; is the session cookie sent?)`)
    candidates.push(lhr)
  }
  candidates.sort((a, b) => (a.categories.performance?.score ?? 0) - (b.categories.performance?.score ?? 0))
  const lhr = candidates[Math.floor((candidates.length - 1) / 2)]!
  const scores = Object.fromEntries(categories.map(category => [category, lhr.categories[category]?.score ?? null])) as Record<Category, number | null>
  const scripts = scriptsOf(lhr)
  let gzipBytes = 0
  const encodings = new Set<string>()
  for (const script of scripts) {
    const sameOrigin = script.url.startsWith(server.baseURL)
    const gzip = await rawResponse(script.url, 'gzip', sameOrigin && page.signedIn ? cookie : undefined)
    gzipBytes += gzip.bytes
    encodings.add((await rawResponse(script.url, 'gzip, deflate, br, zstd')).encoding)
  }
  const metric = (id: string) => lhr.audits[id]?.displayValue ?? '?'
  return {
    page,
    path,
    scores,
    metrics: { FCP: metric('first-contentful-paint'), LCP: metric('largest-contentful-paint'), TBT: metric('total-blocking-time'), CLS: metric('cumulative-layout-shift') },
    scripts,
    gzipBytes,
    encodings,
    failing: {
      'accessibility': failingAudits(lhr, 'accessibility'),
      'best-practices': failingAudits(lhr, 'best-practices'),
      'seo': failingAudits(lhr, 'seo'),
    },
    lhr,
  }
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1)
const score = (value: number | null) => value === null ? '  –' : String(Math.round(value * 100)).padStart(3)
const mark = (ok: boolean) => ok ? ' ' : '✗'

function report(results: Measured[]) {
  const name = Math.max(...results.map(result => result.page.name.length), 4)
  console.log()
  console.log(`${'page'.padEnd(name)}   perf  a11y  best   seo   JS sent KB   JS gzip KB  scripts  encoding sent`)
  for (const result of results) {
    const { scores } = result
    const sent = result.scripts.reduce((sum, script) => sum + script.transferSize, 0)
    const cells = categories.map((category) => {
      const value = scores[category]
      const ok = value !== null && Math.round(value * 100) >= targets[category]
      return `${score(value)}${category === 'seo' ? ' ' : mark(ok)}`
    })
    const jsOk = result.gzipBytes / 1024 < jsTargetKB
    console.log(`${result.page.name.padEnd(name)}   ${cells.join('  ')}  ${kb(sent).padStart(10)}  ${kb(result.gzipBytes).padStart(10)}${mark(jsOk)} ${String(result.scripts.length).padStart(7)}  ${[...result.encodings].join(', ')}`)
  }
  console.log(`${'target'.padEnd(name)}   ≥ 95   100  ≥ 95     –                 < ${jsTargetKB}`)
  console.log('(✗: target missed. JS sent: the transfer size of every script of the first load, as Chromium received it;')
  console.log(' JS gzip: the same scripts as the server sends them to a client that asks for gzip only.)')
  console.log()
  for (const result of results) {
    const failing = Object.entries(result.failing).filter(([, ids]) => ids.length > 0).map(([category, ids]) => `${category}: ${ids.join(', ')}`)
    console.log(`${result.page.name} ${result.path}: ${Object.entries(result.metrics).map(([key, value]) => `${key} ${value}`).join(', ')}`)
    if (failing.length) console.log(`  failing audits: ${failing.join('; ')}`)
  }
}

async function main() {
  console.log(`bench:web — Lighthouse ${createRequire(import.meta.url)('lighthouse/package.json').version}, preset ${preset}`
    + `${preset === 'mobile' ? ' (simulated slow 4G: 150 ms RTT, 1.6 Mbit/s, 4x CPU slowdown)' : ' (simulated: 40 ms RTT, 10 Mbit/s, no CPU slowdown)'}`
    + `, ${runs} run${runs === 1 ? '' : 's'} per page${runs > 1 ? ' (median performance kept)' : ''}`)
  let server: RunningServer | undefined
  let chrome: LaunchedChrome | undefined
  try {
    server = await startServer({ name: 'bench-web' })
    const { cookie, content } = await preparePageContent(server.baseURL)
    if (!cookie) throw new Error('registering set no session cookie')
    chrome = await launch({ chromePath, chromeFlags, logLevel: 'error' })
    const results: Measured[] = []
    for (const page of auditedPages) {
      process.stdout.write(`auditing ${page.name}…\n`)
      const result = await measure(server, chrome.port, page, content, cookie)
      results.push(result)
      if (reportsFolder) {
        mkdirSync(reportsFolder, { recursive: true })
        writeFileSync(join(reportsFolder, `${page.name.replace(/\W+/g, '-')}.json`), JSON.stringify(result.lhr))
      }
    }
    report(results)
  }
  finally {
    chrome?.kill()
    await server?.stop()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
