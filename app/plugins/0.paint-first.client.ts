/**
 * Lets the browser paint the server-rendered page before the app hydrates. Hydration is the longest task of
 * a first load; run straight after the scripts arrive, it holds back the first paint on a slow phone even
 * though the HTML is already there. The timeout covers tabs opened in the background, where no frame comes.
 */
export default defineNuxtPlugin({
  name: 'paint-first',
  enforce: 'pre',
  async setup() {
    if (!document.querySelector('#__nuxt')?.hasChildNodes()) return
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 100)
      requestAnimationFrame(() => setTimeout(() => {
        clearTimeout(timer)
        resolve()
      }, 0))
    })
  },
})
