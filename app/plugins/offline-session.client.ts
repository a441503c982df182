/**
 * Offline, the session check cannot reach the server: the user signed in last on this device carries on with
 * what is saved here. Online, the server's answer always wins, and signing out wipes this device's copy.
 * The user is remembered in localStorage, so starting the app needs no database.
 */
const rememberedUser = 'atomizer-user'

export default defineNuxtPlugin({
  name: 'offline-session',
  async setup() {
    const { session, loggedIn, user } = useUserSession()
    if (!loggedIn.value) {
      const remembered = localStorage.getItem(rememberedUser)
      if (remembered && await serverUnreachable()) session.value = { user: JSON.parse(remembered) } as typeof session.value
    }
    // Remembered at once, not when the page is first idle: a page kept busy (saving a document offline, loading
    // the search encoder) may never be idle before the network goes, and the next start would find no one.
    watch(user, async (current, previous) => {
      if (current) localStorage.setItem(rememberedUser, JSON.stringify(current))
      else if (previous && navigator.onLine) {
        localStorage.removeItem(rememberedUser)
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
