import type { LiveClientMessage, LiveServerMessage } from '#shared/schemas/live'

export interface LiveOptions {
  /** Called each time the server confirms a subscription, including after a reconnect: the moment to catch up over REST. */
  onSubscribed?: (documentId: string) => void
}

const firstRetryMs = 500
const maxRetryMs = 30_000
/** The server may drop a subscribe that arrives before it has finished opening the connection; ask again. */
const subscribeTimeoutMs = 5_000

function socketUrl() {
  const url = new URL('/_ws', window.location.href)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  return url.toString()
}

/**
 * Keeps a WebSocket subscribed to the given documents while the calling component is mounted and feeds
 * what arrives into the documents store. Reconnects with backoff when the connection drops.
 */
export function useLiveDocument(documentIds: MaybeRefOrGetter<string | string[]>, options: LiveOptions = {}) {
  const store = useDocumentsStore()
  const connected = ref(false)
  /** The connection dropped and a new attempt is scheduled (with growing delays). */
  const reconnecting = ref(false)
  const wanted = computed(() => [toValue(documentIds)].flat().filter(Boolean))

  let socket: WebSocket | undefined
  let attempts = 0
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  /** Subscriptions sent but not yet confirmed, with the timer that resends them. */
  const pending = new Map<string, ReturnType<typeof setTimeout>>()

  function send(message: LiveClientMessage) {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message))
  }

  function subscribe(documentId: string, retry = 0) {
    clearTimeout(pending.get(documentId))
    send({ type: 'subscribe', documentId })
    pending.set(documentId, setTimeout(() => subscribe(documentId, retry + 1), subscribeTimeoutMs * 2 ** Math.min(retry, 4)))
  }

  function settle(documentId: string) {
    clearTimeout(pending.get(documentId))
    pending.delete(documentId)
  }

  function clearPending() {
    for (const timer of pending.values()) clearTimeout(timer)
    pending.clear()
  }

  function receive(raw: unknown) {
    let message: LiveServerMessage
    try {
      message = JSON.parse(String(raw))
    }
    catch {
      return
    }
    if (message.type === 'subscribed') {
      settle(message.documentId)
      options.onSubscribed?.(message.documentId)
    }
    else if (message.type === 'error') {
      // The server names the document it refused; stop asking for it.
      const refused = wanted.value.find(id => message.message.includes(id))
      if (refused) settle(refused)
    }
    else {
      store.applyLive(message)
    }
  }

  function connect() {
    reconnectTimer = undefined
    if (stopped) return
    const ws = new WebSocket(socketUrl())
    socket = ws
    ws.onopen = () => {
      attempts = 0
      connected.value = true
      reconnecting.value = false
      for (const id of wanted.value) subscribe(id)
    }
    ws.onmessage = event => receive(event.data)
    // Every failure ends in close, so reconnecting from here alone covers errors too.
    ws.onclose = () => {
      if (socket !== ws) return
      socket = undefined
      connected.value = false
      reconnecting.value = !stopped
      clearPending()
      scheduleReconnect()
    }
  }

  function scheduleReconnect() {
    if (stopped) return
    const delay = Math.min(maxRetryMs, firstRetryMs * 2 ** attempts) * (0.5 + Math.random() / 2)
    attempts++
    reconnectTimer = setTimeout(connect, delay)
  }

  // Opened only once there is something to follow: a library with no work in progress needs no socket.
  function ensureConnected() {
    if (!socket && !reconnectTimer && wanted.value.length > 0) connect()
  }

  watch(wanted, (next, previous) => {
    ensureConnected()
    for (const id of previous.filter(id => !next.includes(id))) {
      settle(id)
      send({ type: 'unsubscribe', documentId: id })
    }
    for (const id of next.filter(id => !previous.includes(id))) subscribe(id)
  })

  onMounted(ensureConnected)
  onBeforeUnmount(() => {
    stopped = true
    clearTimeout(reconnectTimer)
    clearPending()
    const ws = socket
    socket = undefined
    ws?.close()
  })

  return { connected, reconnecting }
}
