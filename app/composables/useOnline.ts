/** The online and offline events are followed once per app, however many components ask. */
let following = false

/** Whether the browser believes it has a network; follows the online and offline events. */
export function useOnline() {
  const online = useState('online', () => true)
  if (import.meta.client && !following) {
    following = true
    onNuxtReady(() => {
      online.value = navigator.onLine
      window.addEventListener('online', () => online.value = true)
      window.addEventListener('offline', () => online.value = false)
    })
  }
  return online
}
