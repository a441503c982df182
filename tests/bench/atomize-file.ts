/**
 * Atomizes one file in a process of its own and prints what it cost: CPU and wall time and the peak
 * resident memory of the whole process. Used by the benchmark for the 300-page PDF.
 *   npx tsx tests/bench/atomize-file.ts <file>
 */
import { readFileSync } from 'node:fs'
import { atomizeCollection } from '../../server/atomizer'
import { configDefaults } from '../../server/config'
import { detectFormat } from '../../shared/utils/formats'

const file = process.argv[2]!
const format = detectFormat(file)!
const data = new Uint8Array(readFileSync(file))
const baselineMiB = process.resourceUsage().maxRSS / 1024
const cpu = process.cpuUsage()
const started = performance.now()
const [document] = await atomizeCollection([{ key: file, format, data }], { minWords: configDefaults.atomMinWords, maxWords: configDefaults.atomMaxWords })
const used = process.cpuUsage(cpu)
console.log(JSON.stringify({
  atoms: document!.atoms.length,
  pages: Math.max(...document!.atoms.map(atom => atom.source.page ?? 0)),
  words: document!.atoms.reduce((sum, atom) => sum + atom.wordCount, 0),
  cpuMs: (used.user + used.system) / 1000,
  wallMs: performance.now() - started,
  baselineMiB,
  peakMiB: process.resourceUsage().maxRSS / 1024,
}))
