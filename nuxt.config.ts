import { fileURLToPath } from 'node:url'
import { configDefaults } from './server/config'
import { pwaOptions } from './app/pwa.config'
import { copyModels, mlTraceInclude, publicModelAssets } from './scripts/ml-build'

// Nuxt 4 app + Nitro server in one deployable; see docs/architecture.md.
export default defineNuxtConfig({
  modules: ['@pinia/nuxt', 'nuxt-auth-utils', '@nuxt/eslint', '@vite-pwa/nuxt'],
  // The production server starts from the app's own entry: its process error handlers and WebSocket frame cap.
  $production: { nitro: { entry: fileURLToPath(new URL('./server/process/node-server.ts', import.meta.url)) } },
  devtools: { enabled: false },
  app: {
    head: {
      title: 'Learning Atomizer',
      htmlAttrs: { lang: 'en' },
      meta: [
        { name: 'description', content: 'Turn long learning material into small, linked learning atoms.' },
        { name: 'theme-color', content: '#2f5d8a' },
      ],
      link: [
        { rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' },
        { rel: 'apple-touch-icon', href: '/icons/apple-touch-icon.png' },
      ],
      // Before any module: Zod would otherwise try `new Function` as it builds its schemas, which the
      // Content-Security-Policy refuses (and the browser reports). The server adds the response's nonce.
      script: [{ innerHTML: 'globalThis.__zod_globalConfig={jitless:true}', tagPosition: 'head', tagPriority: 'critical' }],
    },
  },
  css: ['~/assets/css/main.css'],
  // Every value here can be overridden at run time by NUXT_<NAME> (for example NUXT_MAX_UPLOAD_BYTES);
  // server/config.ts (parseConfig) validates the result once at start-up.
  runtimeConfig: {
    ...configDefaults,
    // Empty rather than undefined: Nuxt drops undefined keys, and then NUXT_ATOM_TYPES_MODEL could not set it.
    adminEmail: '',
    publicUrl: '',
    oidcIssuer: '',
    oidcClientId: '',
    oidcClientSecret: '',
    oidcRoleClaim: '',
    oauthGithubClientId: '',
    oauthGithubClientSecret: '',
    oauthGoogleClientId: '',
    oauthGoogleClientSecret: '',
    atomTypesModel: '',
    termsModel: '',
    definitionsModel: '',
    difficultyModel: '',
    embeddingsModel: '',
    session: {
      maxAge: 60 * 60 * 24 * 7,
      // Given at run time by NUXT_SESSION_PASSWORD (32+ characters); empty, as nuxt-auth-utils leaves it.
      password: '',
    },
  },
  // The offline app shell: the client app without server rendering, precached by the service worker and
  // served for any page the network cannot (see app/pwa.config.ts).
  routeRules: { '/app-shell': { ssr: false } },
  // All styles travel inside the server-rendered HTML: a phone paints without first fetching a stylesheet.
  features: { inlineStyles: true },
  // Page code is fetched when a link is hovered or focused, not for every link in view: the first load
  // carries only what the page itself runs.
  experimental: { defaults: { nuxtLink: { prefetchOn: { interaction: true, visibility: false } } } },
  compatibilityDate: '2026-01-01',
  nitro: {
    experimental: { websocket: true },
    // Pre-compressed .gz and .br copies of the built assets, served to browsers that accept them
    // (Nitro's Node server compresses nothing on the fly).
    compressPublicAssets: true,
    // TF.js loads from node_modules at run time (server/ml/runtime.ts), so Nitro must be told to copy it and
    // the .wasm binaries into .output: without them TF.js silently runs on the slow `cpu` backend.
    // swagger-ui-dist is bundled, not left in node_modules: the API reference page imports its script as text (`raw:`).
    externals: { traceInclude: mlTraceInclude(), inline: ['swagger-ui-dist'] },
    // The text encoder's files for the browser's offline search by meaning (app/offline/encoder.ts).
    publicAssets: publicModelAssets(),
  },
  typescript: { strict: true },
  hooks: {
    // Code a page loads only on demand (the device database, FSRS, other pages) is not prefetched with every
    // page: on a phone it competes with the page's own requests, and the service worker keeps it anyway.
    // Nor is a script the code names as an asset preloaded: that is a Web Worker's (`new Worker(new URL(…))`,
    // app/offline/keep-reads.ts), which the page itself never runs.
    'build:manifest'(manifest) {
      const workerScripts = new Set(Object.values(manifest).flatMap(chunk => chunk.assets ?? []).filter(file => file.endsWith('.js')))
      for (const [id, chunk] of Object.entries(manifest)) {
        chunk.prefetch = false
        if (workerScripts.has(id)) chunk.preload = false
      }
    },
    // API errors become problem details; every other error still reaches Nuxt's error page after ours.
    'nitro:config'(config) {
      const nuxtHandlers = [config.errorHandler ?? []].flat()
      config.errorHandler = [fileURLToPath(new URL('./server/error-handler.ts', import.meta.url)), ...nuxtHandlers]
    },
    // The built-in models ship inside the server output, where the server and the worker both find them.
    'nitro:init'(nitro) {
      nitro.hooks.hook('compiled', () => copyModels(nitro.options.output.serverDir))
    },
  },
  // Passkeys: nuxt-auth-utils' WebAuthn handlers and `useWebAuthn` (server/api/v1/mfa/passkeys, server/api/v1/auth/passkey).
  auth: { webAuthn: true },
  eslint: { config: { stylistic: true } },
  pwa: pwaOptions,
})
