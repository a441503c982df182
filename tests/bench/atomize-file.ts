/**
 * Atomizes files one after another in a process of its own and prints what it cost: CPU and wall time and
 * the peak resident memory of the whole process. Used by the benchmarks for the 300-page PDF and for the
 * machine's own limit on running two atomizing processes at once.
 * The result is the last line of stdout, as JSON (log lines may come before it).
 *   npx tsx tests/bench/atomize-file.ts <file> [more files]
 */
import { readFileSync } from 'node:fs'
import { atomizeCollection } from '../../server/atomizer'
import { configDefaults } from '../../server/config'
import { createAtomTyper } from '../../server/ml/atom-types/typer'
import { createDifficultyScorer } from '../../server/ml/difficulty/scorer'
import { createTermScorer } from '../../server/ml/terms/selector'
import { detectFormat } from '../../shared/utils/formats'

const files = process.argv.slice(2)
const baselineMiB = process.resourceUsage().maxRSS / 1024
const cpu = process.cpuUsage()
const started = performance.now()
const totals = { atoms: 0, pages: 0, words: 0 }
// Types and scores atoms as the worker does (rules + the type model, the difficulty model), so the figures include TF.js and the models.
const typeAtoms = createAtomTyper(configDefaults)
const scoreDifficulty = createDifficultyScorer(configDefaults)
const selectTerms = createTermScorer(configDefaults)
for (const file of files) {
  const data = new Uint8Array(readFileSync(file))
  const [document] = await atomizeCollection([{ key: file, format: detectFormat(file)!, data }], { minWords: configDefaults.atomMinWords, maxWords: configDefaults.atomMaxWords, typeAtoms, scoreDifficulty, selectTerms })
  totals.atoms += document!.atoms.length
  totals.pages = Math.max(totals.pages, ...document!.atoms.map(atom => atom.source.page ?? 0))
  totals.words += document!.atoms.reduce((sum, atom) => sum + atom.wordCount, 0)
}
const used = process.cpuUsage(cpu)
console.log(JSON.stringify({
  ...totals,
  cpuMs: (used.user + used.system) / 1000,
  wallMs: performance.now() - started,
  baselineMiB,
  peakMiB: process.resourceUsage().maxRSS / 1024,
}))
