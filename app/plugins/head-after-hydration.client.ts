/**
 * The server-rendered page already carries the right title and meta tags; Nuxt still writes the head into
 * the DOM again once hydration has ended. That first write waits for the next frame here, so it runs after
 * the browser has painted rather than beside hydration's last task.
 */
export default defineNuxtPlugin((nuxtApp) => {
  if (!nuxtApp.isHydrating) return
  const head = injectHead()
  const hooks = head.hooks
  if (!hooks) return
  const unhook = hooks.hook('dom:beforeRender', (context) => {
    if (!context.shouldRender) return
    context.shouldRender = false
    unhook()
    yieldToBrowser().then(() => head.render())
  })
})
