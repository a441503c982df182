/**
 * Hydration starts in a task of its own, apart from the plugins' start-up (this plugin runs after the others:
 * `enforce: 'post'`): two shorter tasks instead of one long one, so a tap during start-up waits less.
 */
export default defineNuxtPlugin({
  name: 'hydrate-apart',
  enforce: 'post',
  async setup(nuxtApp) {
    if (nuxtApp.isHydrating) await yieldToBrowser()
  },
})
