import type { ModuleOptions } from '@vite-pwa/nuxt'

/** Where the service worker finds the app when the network does not answer a page request. */
export const appShellPath = '/app-shell'

/**
 * The installable app: manifest, icons and a Workbox service worker that precaches the built client (the
 * app shell and every page's code). Pages still come from the server while it answers; when it does not,
 * the shell starts the client app, which reads what the learner saved from IndexedDB (app/offline/).
 */
export const pwaOptions: ModuleOptions = {
  registerType: 'prompt',
  injectRegister: false,
  client: { installPrompt: true, periodicSyncForUpdates: 60 * 60 },
  manifest: {
    name: 'Learning Atomizer',
    short_name: 'Atomizer',
    description: 'Read, search and study small, linked learning atoms, online and offline.',
    lang: 'en',
    start_url: '/',
    scope: '/',
    display: 'standalone',
    background_color: '#f7f6f2',
    theme_color: '#2f5d8a',
    icons: [
      { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
  },
  workbox: {
    globPatterns: ['**/*.{js,css,svg,png,ico,webmanifest,woff2}'],
    // The shell is rendered by the server per build; its revision changes with every deployment.
    additionalManifestEntries: [{ url: appShellPath, revision: String(Date.now()) }],
    navigateFallback: null,
    cleanupOutdatedCaches: true,
    runtimeCaching: [{
      // Offline search by meaning (app/offline/encoder.ts): the text encoder's files (a few MB, too large to
      // precache for every visitor; the built-in version under /models/, a configured one from the API) and
      // TF.js's WASM binary, kept when a learner first saves something offline. Every URL names its version
      // (the encoder's, the binary's content hash), so the cache never goes stale; `GET /api/v1/embeddings`,
      // which names the version in use, is not kept.
      urlPattern: ({ url }) => url.pathname.startsWith('/models/') || /^\/api\/v1\/embeddings\/[^/]+\/[^/]+$/.test(url.pathname) || url.pathname.endsWith('.wasm'),
      handler: 'CacheFirst',
      options: { cacheName: 'offline-search', cacheableResponse: { statuses: [200] } },
    }, {
      // Pages come from the network; when it fails, the precached shell answers instead.
      urlPattern: ({ request }) => request.mode === 'navigate',
      handler: 'NetworkOnly',
      options: {
        plugins: [{
          // Serialised into the service worker: the path is written out, not taken from appShellPath.
          handlerDidError: async () => (await caches.match('/app-shell', { ignoreSearch: true })) ?? Response.error(),
        }],
      },
    }],
  },
  devOptions: { enabled: false },
}
