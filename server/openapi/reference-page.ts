import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { ReferenceAssetName } from './reference-assets'

// The files are traced into the build (nitro.externals.traceInclude in nuxt.config.ts), so they resolve
// from the built server as from the sources.
const require = createRequire(import.meta.url)
const loaded = new Map<ReferenceAssetName, Promise<Buffer>>()

/** One of the reference page's files, read once per process. */
export function referenceAsset(name: ReferenceAssetName): Promise<Buffer> {
  let file = loaded.get(name)
  if (!file) {
    file = readFile(require.resolve(`swagger-ui-dist/${name}`))
    loaded.set(name, file)
  }
  return file
}

/** The page: Swagger UI over `/api/openapi.json`, its script and styles from `/api/docs/`. */
export const referencePage = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Learning Atomizer API</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
  <div id="reference"></div>
  <script src="/api/docs/swagger-ui-bundle.js"></script>
  <script>
    window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#reference', deepLinking: true, withCredentials: true })
  </script>
</body>
</html>
`
