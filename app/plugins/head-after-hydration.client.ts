/**
 * The server-rendered page already carries the right title and meta tags; Nuxt still writes the head into
 * the DOM again at the end of hydration, inside hydration's task. That first write waits for the next frame
 * here, so the longest task of the load is shorter by it.
 */
export default defineNuxtPlugin((nuxtApp) => {
  if (!nuxtApp.isHydrating) return
  const head = injectHead()
  const unhook = head.hooks.hook('dom:beforeRender', (context) => {
    if (!context.shouldRender) return
    context.shouldRender = false
    unhook()
    // `entries:updated` is what makes the client head render itself.
    yieldToBrowser().then(() => head.hooks.callHook('entries:updated', head))
  })
})
