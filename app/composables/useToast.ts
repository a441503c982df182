export interface Toast { id: number, kind: 'ok' | 'error', text: string }

/** How long a toast stays: long enough to read a sentence, short enough not to pile up. */
const toastMilliseconds = 6000
let nextId = 0

/**
 * Confirmations that outlive the component that gave them (a deleted document's page is gone when its
 * "Deleted" shows). One list per app; each toast leaves by itself.
 */
export function useToast() {
  const toasts = useState<Toast[]>('toasts', () => [])

  function dismiss(id: number) {
    toasts.value = toasts.value.filter(toast => toast.id !== id)
  }

  function show(text: string, kind: Toast['kind'] = 'ok') {
    const id = nextId++
    toasts.value = [...toasts.value, { id, kind, text }]
    setTimeout(() => dismiss(id), toastMilliseconds)
  }

  return { toasts, show, dismiss }
}
