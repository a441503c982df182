// Nitro's `raw:` imports put the files' text in the server bundle, so the built server needs no node_modules
// folder for them and the page needs no other site.
import swaggerUiScript from 'raw:swagger-ui-dist/swagger-ui-bundle.js'
import swaggerUiStyles from 'raw:swagger-ui-dist/swagger-ui.css'
import type { ReferenceAssetName } from './reference-assets'

/** The reference page's files, by the name the page asks for them with. */
export const referenceAssetText: Record<ReferenceAssetName, string> = {
  'swagger-ui-bundle.js': swaggerUiScript,
  'swagger-ui.css': swaggerUiStyles,
}

/**
 * The page: Swagger UI over `/api/openapi.json`, its script and styles from `/api/docs/`; its scripts
 * carry the response's Content-Security-Policy nonce.
 */
export const referencePage = (nonce: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Learning Atomizer API</title>
  <link rel="stylesheet" href="/api/docs/swagger-ui.css">
</head>
<body>
  <div id="reference"></div>
  <script nonce="${nonce}" src="/api/docs/swagger-ui-bundle.js"></script>
  <script nonce="${nonce}">
    window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#reference', deepLinking: true, withCredentials: true })
  </script>
</body>
</html>
`
