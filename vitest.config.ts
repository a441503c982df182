import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('.', import.meta.url))
const alias = { '#shared': `${root}shared`, '~~': root.replace(/\/$/, ''), '~': `${root}app` }

/**
 * Four tiers: unit (pure code and embedded drivers, in Node), scaled (the networked drivers against
 * real servers), api (HTTP against the built server) and
 * e2e (a real Chromium against the built server). The last two start `.output` once per tier.
 */
export default defineConfig({
  resolve: { alias },
  test: {
    // `--coverage` (tests/run.sh) measures the app's own code as the tests run it in their processes: the unit and
    // scaled tiers import it; the api and e2e tiers drive the built server in a child process, which is not measured.
    coverage: {
      provider: 'v8',
      // Vue single-file components are left out: no test imports them, and the coverage reader cannot parse them.
      include: ['server/**/*.ts', 'shared/**/*.ts', 'app/**/*.ts'],
      reporter: ['json-summary'],
      // Reported when a test fails too: the figures should not vanish with a red run.
      reportOnFailure: true,
      reportsDirectory: 'coverage',
    },
    projects: [
      {
        resolve: { alias },
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        // The scaled drivers against the real servers of `npm run services:start`.
        resolve: { alias },
        test: {
          name: 'scaled',
          include: ['tests/scaled/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'api',
          include: ['tests/api/**/*.test.ts'],
          globalSetup: ['tests/support/global-server.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/support/global-server.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
})
