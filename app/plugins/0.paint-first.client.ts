/**
 * Lets the browser paint the server-rendered page before the app starts. Starting the app (its plugins, then
 * hydration) is the longest work of a first load; run straight after the scripts arrive, it holds back the
 * first paint on a slow phone even though the HTML is already there.
 */
export default defineNuxtPlugin({
  name: 'paint-first',
  enforce: 'pre',
  async setup() {
    if (document.querySelector('#__nuxt')?.hasChildNodes()) await yieldToBrowser()
  },
})
