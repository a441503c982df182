/**
 * The FSRS section of `npm run bench:ml`: log loss and RMSE(bins) of the default parameters, the project's
 * TF.js fit and the reference optimizer's (fsrs-rs through @open-spaced-repetition/binding) on the same
 * review logs: simulated learners with known parameters, and the learners of the configured store.
 */
import { existsSync } from 'node:fs'
import { default_w } from 'ts-fsrs'
import { configFromEnv } from '../../server/config'
import { createStore, sqliteStorePath } from '../../server/drivers'
import type { Drivers } from '../../server/drivers'
import { fitFsrs } from '../../server/ml/fsrs/fit'
import { switchBackend, type BackendName } from '../../server/ml/runtime'
import { minReviewsForFit, reviewHistory } from '../../server/services/schedules'
import { cardHistories, fsrsItems, type FsrsItem, type ReviewEvent } from '../../shared/utils/fsrs/items'
import { evaluateParameters, type FsrsMetrics, type FsrsParameters } from '../../shared/utils/fsrs/metrics'
import { simulateReviews } from '../../shared/utils/fsrs/simulate'
import { slowLearner } from '../support/fsrs'
import { referenceOptimizer } from './fsrs-reference'

/** A second simulated learner: remembers better than the defaults expect (high initial stabilities, slow forgetting). */
const strongLearner: FsrsParameters = [0.8, 2.5, 6, 20, 5.5, 0.5, 2.5, 0.005, 2.2, 0.1, 1.2, 1.2, 0.05, 0.35, 1.4, 0.5, 2, 0.6, 0.1, 0.05, 0.12]

interface Timing {
  seconds: number
  cpuSeconds: number
}

const line = (name: string, metrics: FsrsMetrics, time?: Timing) =>
  `    ${name.padEnd(22)} log loss ${metrics.logLoss.toFixed(4)}  RMSE(bins) ${metrics.rmseBins.toFixed(4)}${
    time ? `  fit ${time.seconds.toFixed(1).padStart(5)} s (${time.cpuSeconds.toFixed(1)} s CPU)` : ''}`

/** The reference's items: each scored answer with the card's answers before it, oldest first. */
function referenceItems(items: FsrsItem[]) {
  const { FSRSBindingItem, FSRSBindingReview } = referenceOptimizer()
  return items.map(item => new FSRSBindingItem([...item.history, item.current].map(review => new FSRSBindingReview(review.rating, review.deltaT))))
}

/** Wall time, and CPU time of this process (all its threads): the machine's cores may be shared. */
async function timed<T>(run: () => Promise<T>): Promise<[T, Timing]> {
  const started = performance.now()
  const cpu = process.cpuUsage()
  const result = await run()
  const used = process.cpuUsage(cpu)
  return [result, { seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 }]
}

/** Scores defaults, (truth,) project and reference on one set of logs; returns project / reference log loss. */
async function compare(title: string, events: ReviewEvent[], truth?: FsrsParameters): Promise<number> {
  const histories = cardHistories(events)
  const items = fsrsItems(histories)
  console.log(`  ${title}: ${events.length.toLocaleString('en')} reviews of ${histories.length} cards, ${items.length.toLocaleString('en')} answers scored`)
  console.log(line('defaults', evaluateParameters(default_w, items)))
  if (truth) console.log(line('true parameters', evaluateParameters(truth, items)))
  const [project, projectSeconds] = await timed(() => fitFsrs(histories))
  const [reference, referenceSeconds] = await timed(() => referenceOptimizer().computeParameters(referenceItems(items), { enableShortTerm: true, numRelearningSteps: 1 }))
  const mine = evaluateParameters(project.parameters, items)
  const theirs = evaluateParameters(reference, items)
  console.log(line('project (TF.js)', mine, projectSeconds))
  console.log(line('reference (fsrs-rs)', theirs, referenceSeconds))
  const ratio = mine.logLoss / theirs.logLoss
  console.log(`    project / reference: log loss ${ratio.toFixed(4)}, RMSE(bins) ${(mine.rmseBins / theirs.rmseBins).toFixed(4)}`)
  return ratio
}

/** Learners of the configured store with enough reviews for a fit (a missing embedded database has none). */
async function storeLearners(limit: number): Promise<void> {
  const config = configFromEnv()
  if (!config.mongodbUri && !existsSync(sqliteStorePath(config))) {
    console.log('  store: none configured (no MONGODB_URI and no embedded database), so no real logs')
    return
  }
  const store = createStore(config)
  try {
    const drivers = { store } as Drivers
    let compared = 0
    let cursor: string | undefined
    do {
      const page = await store.users.list({ limit: 100, ...(cursor && { cursor }) })
      for (const user of page.items) {
        if (compared >= limit || await store.reviews.countByUser(user.id) < minReviewsForFit) continue
        await compare(`store (${store.kind}) learner ${user.id.slice(0, 8)}`, await reviewHistory(drivers, user.id))
        compared++
      }
      cursor = page.nextCursor
    } while (cursor && compared < limit)
    if (compared === 0) console.log(`  store (${store.kind}): no learner has ${minReviewsForFit} reviews yet, so no real logs`)
  }
  finally {
    await store.close()
  }
}

export async function fsrsBenchmark(): Promise<void> {
  for (const backend of ['tensorflow', 'wasm', 'cpu'] as BackendName[]) {
    if (await switchBackend(backend)) {
      console.log(`\nFSRS-6 personal parameters (backend ${backend}; scored on the logs fitted, as the reference scores them):`)
      break
    }
  }
  const ratios: number[] = []
  for (const [name, parameters, seed] of [['slow learner', slowLearner, 7], ['strong learner', strongLearner, 8]] as const) {
    const events = simulateReviews({ parameters, seed, cards: 600, days: 365 })
    ratios.push(await compare(`simulated ${name} (seed ${seed}, 600 cards over a year)`, events, parameters))
  }
  await storeLearners(3)
  const worst = Math.max(...ratios)
  console.log(`  target: project's log loss within 2 % of the reference's on simulated logs → ${worst <= 1.02 ? 'met' : 'NOT met'} (worst ratio ${worst.toFixed(4)})`)
}
