import { hasSavedOffline } from '~/offline/flags'

/**
 * Documents saved on this device are saved again once the server's text encoder changed (their
 * vectors then name another version): at every start and when the network returns. A flag in
 * localStorage says whether anything is saved, so visitors who save nothing load none of the offline code.
 */
export default defineNuxtPlugin(() => {
  const { loggedIn } = useUserSession()
  const api = useApi()
  let running = false
  const refresh = async () => {
    if (running || !loggedIn.value || !navigator.onLine || !hasSavedOffline()) return
    running = true
    try {
      const [{ refreshStaleVectors }, { saveDocument }] = await Promise.all([import('~/offline/vectors'), import('~/offline/mirror')])
      await refreshStaleVectors(api, id => saveDocument(api, id))
    }
    catch (error) {
      // Tried again at the next start or reconnection; the device keeps searching by keywords meanwhile.
      console.warn('[offline] saved documents could not be brought up to the server\'s text encoder', error)
    }
    finally {
      running = false
    }
  }
  window.addEventListener('online', refresh)
  onNuxtReady(refresh)
})
