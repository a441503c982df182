import { forgetUser, rememberedUser, rememberUser } from '~/offline/remembered-user'

/**
 * Offline, the session check cannot reach the server: the user signed in last on this device carries on with
 * what is saved here. Online, the server's answer always wins, and signing out wipes this device's copy.
 * The user is remembered in localStorage, so starting the app needs no database.
 */
export default defineNuxtPlugin({
  name: 'offline-session',
  async setup() {
    const { session, loggedIn, user } = useUserSession()
    if (!loggedIn.value) {
      const remembered = rememberedUser()
      if (remembered && await serverUnreachable()) session.value = { user: remembered } as typeof session.value
    }
    // Remembered at once, not when the page is first idle: a page kept busy (saving a document offline, loading
    // the search encoder) may never be idle before the network goes, and the next start would find no one.
    watch(user, async (current, previous) => {
      if (current) rememberUser(current)
      else if (previous && navigator.onLine) {
        forgetUser()
        const { clearOfflineData } = await import('~/offline/db')
        await clearOfflineData().catch(() => {})
      }
    }, { immediate: true })
  },
})

async function serverUnreachable() {
  if (!navigator.onLine) return true
  try {
    await $fetch('/api/health', { retry: 0, timeout: 5000 })
    return false
  }
  catch (error) {
    return isNetworkFailure(error)
  }
}
