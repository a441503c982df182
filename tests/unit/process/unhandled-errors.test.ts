import { spawnSync } from 'node:child_process'
import { describe, expect, it } from 'vitest'

const moduleUrl = new URL('../../../server/process/unhandled-errors.ts', import.meta.url).href

/**
 * Runs a script in a Node process of its own (the test runner keeps its own handlers), with the module
 * loaded through tsx; returns its exit code and output.
 */
function run(script: string) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 })
  return { status: result.status, output: `${result.stdout}${result.stderr}` }
}

describe('the process\'s own handlers of unhandled errors', () => {
  it('log and count an uncaught exception and a rejection, and the process goes on', () => {
    const { status, output } = run(`
      import { ownUnhandledErrors, unhandledErrorCounts } from '${moduleUrl}'
      ownUnhandledErrors('test')
      setTimeout(() => { throw new Error('thrown outside any handler') })
      setTimeout(() => Promise.reject(new Error('rejected with nobody waiting')))
      setTimeout(() => { console.log('still running', JSON.stringify(unhandledErrorCounts())); process.exit(0) }, 200)
    `)
    expect(output).toContain('[test] uncaughtException (1 since start), still serving: Error: thrown outside any handler')
    expect(output).toContain('[test] unhandledRejection (1 since start), still serving: Error: rejected with nobody waiting')
    expect(output).toContain('still running {"uncaughtException":1,"unhandledRejection":1}')
    expect(status).toBe(0)
  })

  it('remove a library\'s handler that throws again (as TF.js WASM\'s does), whether added before or after', () => {
    const { status, output } = run(`
      import { ownUnhandledErrors, unhandledErrorCounts } from '${moduleUrl}'
      const rethrow = (error) => { throw error }
      process.on('uncaughtException', rethrow)
      ownUnhandledErrors('test')
      process.on('uncaughtException', rethrow)
      process.on('unhandledRejection', rethrow)
      setTimeout(() => { throw new Error('first') }, 10)
      setTimeout(() => { throw new Error('second') }, 20)
      setTimeout(() => Promise.reject(new Error('third')), 30)
      setTimeout(() => { console.log('counts', JSON.stringify(unhandledErrorCounts()), process.listenerCount('uncaughtException')); process.exit(0) }, 200)
    `)
    expect(output).toContain('counts {"uncaughtException":2,"unhandledRejection":1} 1')
    expect(status).toBe(0)
  })

  it('without them, the same library handler ends the process (what the review saw)', () => {
    const { status } = run(`
      process.on('uncaughtException', (error) => { throw error })
      setTimeout(() => { throw new Error('thrown outside any handler') })
      setTimeout(() => process.exit(0), 200)
    `)
    expect(status).not.toBe(0)
  })
})
