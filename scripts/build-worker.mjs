// Builds the worker entry beside the app: .output/server/worker.mjs. It sits in the server folder so that
// it resolves its packages from the node_modules Nitro traced there (the worker runs the same job
// handlers and drivers as the server), and `.output` stays one self-contained deployable.
import { existsSync } from 'node:fs'
import { build } from 'esbuild'

const traced = '.output/server/node_modules'

/** `@scope/name/sub/path` → `@scope/name`; `name/sub/path` → `name`. */
const packageOf = specifier => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/')

/**
 * A package Nitro traced into `.output` stays an import; one it bundled into the server instead (such as
 * unstorage) is not in `.output/server/node_modules`, so it is bundled into the worker too: the worker must
 * not depend on the project's node_modules, which a deployment (the Docker image) does not have.
 */
const tracedOnly = {
  name: 'external-when-traced',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, ({ path }) => {
      if (path.startsWith('node:') || existsSync(`${traced}/${packageOf(path)}`)) return { path, external: true }
      return undefined
    })
  },
}

await build({
  entryPoints: ['workers/jobs.worker.ts'],
  outfile: '.output/server/worker.mjs',
  bundle: true,
  platform: 'node',
  target: 'node24',
  format: 'esm',
  plugins: [tracedOnly],
  sourcemap: 'linked',
  logLevel: 'warning',
})
