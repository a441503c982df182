/** Reviews made offline go to the server as soon as the network is back, and at every start. */
export default defineNuxtPlugin(() => {
  const study = useStudyStore()
  const { loggedIn } = useUserSession()
  const sync = () => {
    if (loggedIn.value && navigator.onLine) study.sync()
  }
  window.addEventListener('online', sync)
  onNuxtReady(sync)
})
