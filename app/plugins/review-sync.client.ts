import { hasSavedOffline } from '~/offline/flags'
import { pendingFlag } from '~/utils/pending-reviews'

/**
 * Reviews made offline go to the server as soon as the network is back, and at every start; then the cards
 * kept on the device take the server's states. Flags in localStorage say whether any review waits or anything
 * is kept, so pages of a device with neither load none of the study code.
 */
export default defineNuxtPlugin(() => {
  const { loggedIn } = useUserSession()
  const sync = async () => {
    if (!loggedIn.value || !navigator.onLine || (!localStorage.getItem(pendingFlag) && !hasSavedOffline())) return
    const { useStudyStore } = await import('~/stores/study')
    await useStudyStore().sync({ reconcile: true })
  }
  window.addEventListener('online', sync)
  onNuxtReady(sync)
})
