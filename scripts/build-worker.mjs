// Builds the worker entry beside the app: .output/server/worker.mjs. It sits in the server folder so that
// it resolves its packages from the node_modules Nitro traced there (the worker runs the same job
// handlers and drivers as the server), and `.output` stays one self-contained deployable.
import { build } from 'esbuild'

await build({
  entryPoints: ['workers/atomize.worker.ts'],
  outfile: '.output/server/worker.mjs',
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
})
