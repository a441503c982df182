import { hasSavedOffline } from '~/offline/flags'

/**
 * Whether this device keeps anything for offline use: false until the page is hydrated (the server cannot
 * know), then read from the device's flags; the "Available offline" switch updates it.
 */
export function useSavedOffline() {
  const saved = useState('saved-offline', () => false)
  if (import.meta.client) onMounted(() => saved.value = hasSavedOffline())
  return saved
}
