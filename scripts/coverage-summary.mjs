// Prints the line, statement, function and branch coverage of server/, shared/ and app/ from vitest's json-summary.
import { readFileSync } from 'node:fs'
import { relative } from 'node:path'

const summary = JSON.parse(readFileSync(process.argv[2] ?? 'coverage/coverage-summary.json', 'utf8'))
const metrics = ['lines', 'statements', 'functions', 'branches']
const folders = new Map()
for (const [file, counts] of Object.entries(summary)) {
  if (file === 'total') continue
  const folder = relative(process.cwd(), file).split('/')[0]
  const total = folders.get(folder) ?? Object.fromEntries(metrics.map(metric => [metric, { covered: 0, total: 0 }]))
  for (const metric of metrics) {
    total[metric].covered += counts[metric].covered
    total[metric].total += counts[metric].total
  }
  folders.set(folder, total)
}
const percent = ({ covered, total }) => (total === 0 ? '—' : `${(100 * covered / total).toFixed(1)} %`)
console.log(`coverage     ${metrics.map(metric => metric.padStart(11)).join('')}`)
for (const folder of ['server', 'shared', 'app']) {
  const total = folders.get(folder)
  if (total) console.log(`${`${folder}/`.padEnd(12)} ${metrics.map(metric => percent(total[metric]).padStart(11)).join('')}`)
}
