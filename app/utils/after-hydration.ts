import type { NuxtApp } from '#app'

/**
 * Resolves once the page has hydrated, in a task of its own after that; straight away when the app is not
 * hydrating (a navigation inside the app). Work a page starts on load but does not need for its first view
 * (reading lists, filling in titles) waits for it: started during hydration, it lengthens the longest task
 * of the load, while a phone's taps wait.
 */
export function afterHydration(nuxtApp: NuxtApp = useNuxtApp()): Promise<void> {
  if (!nuxtApp.isHydrating) return Promise.resolve()
  return new Promise(resolve => nuxtApp.hooks.hookOnce('app:suspense:resolve', () => yieldToBrowser().then(resolve)))
}
