import { pendingFlag } from '~/utils/pending-reviews'

/**
 * Reviews made offline go to the server as soon as the network is back, and at every start. A flag in
 * localStorage says whether any wait, so pages without study load none of the study code.
 */
export default defineNuxtPlugin(() => {
  const { loggedIn } = useUserSession()
  const sync = async () => {
    if (!loggedIn.value || !navigator.onLine || !localStorage.getItem(pendingFlag)) return
    const { useStudyStore } = await import('~/stores/study')
    await useStudyStore().sync()
  }
  window.addEventListener('online', sync)
  onNuxtReady(sync)
})
