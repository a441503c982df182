import { clearOfflineData, offlineDatabase } from '~/offline/db'

/**
 * Offline, the session check cannot reach the server: the user signed in last on this device carries on with
 * what is saved here. Online, the server's answer always wins, and signing out wipes this device's copy.
 */
export default defineNuxtPlugin({
  name: 'offline-session',
  async setup() {
    const { session, loggedIn, user } = useUserSession()
    const settings = offlineDatabase().settings
    if (!loggedIn.value) {
      const remembered = (await settings.get('user').catch(() => undefined))?.value
      if (remembered && await serverUnreachable()) session.value = { user: remembered as typeof user.value } as typeof session.value
    }
    watch(user, async (current, previous) => {
      if (current) await settings.put({ key: 'user', value: toRaw(current) }).catch(() => {})
      else if (previous && navigator.onLine) await clearOfflineData().catch(() => {})
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
