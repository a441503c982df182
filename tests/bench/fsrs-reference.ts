/**
 * The reference FSRS optimizer (fsrs-rs through @open-spaced-repetition/binding 0.5.0), installed on first use
 * into node_modules/.cache: its package lists platform packages at versions the registry does not have for
 * most systems, which `npm ci` refuses in a lock file, so it cannot be a dependency of the project.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'

const packageName = '@open-spaced-repetition/binding'
const version = '0.5.0'
const folder = resolve('node_modules/.cache/fsrs-reference')

/** The part of the binding's API the bench uses. */
export interface ReferenceReview { readonly rating: number, readonly deltaT: number }
export interface ReferenceOptimizer {
  FSRSBindingReview: new (rating: number, deltaT: number) => ReferenceReview
  FSRSBindingItem: new (reviews: ReferenceReview[]) => unknown
  computeParameters(items: unknown[], options: { enableShortTerm: boolean, numRelearningSteps?: number }): Promise<number[]>
}

export function referenceOptimizer(): ReferenceOptimizer {
  if (!existsSync(join(folder, 'node_modules', packageName))) {
    console.log(`  installing the reference optimizer (${packageName}@${version}) into ${folder}…`)
    execFileSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--prefix', folder, `${packageName}@${version}`], { stdio: ['ignore', 'ignore', 'inherit'] })
  }
  return createRequire(join(folder, 'package.json'))(packageName) as ReferenceOptimizer
}
