import type { CardState } from '#shared/schemas/study'
import type { LiveChannel, LiveClientMessage, LiveForwardedEvent, LiveServerMessage } from '#shared/schemas/live'
import { channelName } from '#shared/utils/live-channels'

export interface LiveOptions {
  /**
   * Called each time the server confirms a subscription, including after a reconnect, and when it asks for
   * a resync (events were dropped because this tab read too slowly): the moment to catch up over REST.
   */
  onSubscribed?: (channel: LiveChannel) => void
  /** Called with each event of a subscribed channel. */
  onEvent?: (event: LiveForwardedEvent & { channel: LiveChannel }) => void
}

const firstRetryMs = 500
const maxRetryMs = 30_000
/** The server may drop a subscribe that arrives before it has finished opening the connection; ask again. */
const subscribeTimeoutMs = 5_000
/** Until the server's hello says otherwise: how long a silent connection is trusted. */
const defaultSilenceMs = 90_000

function socketUrl() {
  const url = new URL('/_ws', window.location.href)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  return url.toString()
}

/**
 * Keeps a WebSocket subscribed to the given documents while the calling component is mounted and feeds
 * what arrives into the documents store.
 */
export function useLiveDocument(documentIds: MaybeRefOrGetter<string | string[]>, options: Pick<LiveOptions, 'onSubscribed'> = {}) {
  const store = useDocumentsStore()
  const channels = computed(() => [toValue(documentIds)].flat().filter(Boolean).map(id => ({ kind: 'document' as const, id })))
  return useLive(channels, { onSubscribed: options.onSubscribed, onEvent: store.applyLive })
}

/** Calls `onSynced` with the card states of reviews synced from any of my devices, while mounted. */
export function useMyReviewsLive(onSynced: (states: CardState[]) => void) {
  const { user } = useUserSession()
  const channels = computed(() => user.value ? [{ kind: 'user' as const, id: user.value.id }] : [])
  return useLive(channels, { onEvent: event => event.type === 'reviews-synced' && onSynced(event.states) })
}

/**
 * Keeps a WebSocket subscribed to the given channels (documents, collections, my user) while the calling
 * component is mounted, and hands on what arrives. Reconnects with backoff when the connection drops; opens
 * no connection while there is nothing to follow.
 */
export function useLive(channels: MaybeRefOrGetter<LiveChannel[]>, options: LiveOptions = {}) {
  const connected = ref(false)
  /** The connection dropped and a new attempt is scheduled (with growing delays). */
  const reconnecting = ref(false)
  const wanted = computed(() => new Map(toValue(channels).map(channel => [channelName(channel), channel])))

  let socket: WebSocket | undefined
  let attempts = 0
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  /** Subscriptions sent but not yet confirmed, with the timer that resends them. */
  const pending = new Map<string, ReturnType<typeof setTimeout>>()

  /** Closes a connection the server has stopped pinging: it is dead even if the browser has not noticed. */
  let silenceTimer: ReturnType<typeof setTimeout> | undefined
  let silenceMs = defaultSilenceMs

  function send(message: LiveClientMessage) {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message))
  }

  function heard(ws: WebSocket) {
    clearTimeout(silenceTimer)
    silenceTimer = setTimeout(() => ws.close(), silenceMs)
  }

  function subscribe(channel: LiveChannel, retry = 0) {
    const name = channelName(channel)
    clearTimeout(pending.get(name))
    send({ type: 'subscribe', channel })
    pending.set(name, setTimeout(() => subscribe(channel, retry + 1), subscribeTimeoutMs * 2 ** Math.min(retry, 4)))
  }

  function settle(channel: LiveChannel) {
    const name = channelName(channel)
    clearTimeout(pending.get(name))
    pending.delete(name)
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
    switch (message.type) {
      case 'hello':
        // Pings come every heartbeatSeconds; two missed ones mean the connection is gone.
        silenceMs = (message.heartbeatSeconds * 2 + 5) * 1000
        return
      case 'ping':
        return send({ type: 'pong' })
      case 'pong':
        return
      case 'subscribed':
        settle(message.channel)
        options.onSubscribed?.(message.channel)
        return
      case 'resync':
        options.onSubscribed?.(message.channel)
        return
      case 'unsubscribed':
        return
      case 'error':
        // The server names the subscription it refused; stop asking for it.
        if (message.channel) settle(message.channel)
        return
      default:
        options.onEvent?.(message)
    }
  }

  function connect() {
    reconnectTimer = undefined
    if (stopped) return
    const ws = new WebSocket(socketUrl())
    socket = ws
    ws.onopen = () => {
      heard(ws)
      attempts = 0
      connected.value = true
      reconnecting.value = false
      for (const channel of wanted.value.values()) subscribe(channel)
    }
    ws.onmessage = (event) => {
      heard(ws)
      receive(event.data)
    }
    // Every failure ends in close, so reconnecting from here alone covers errors too.
    ws.onclose = () => {
      if (socket !== ws) return
      clearTimeout(silenceTimer)
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
    if (!socket && !reconnectTimer && wanted.value.size > 0) connect()
  }

  watch(wanted, (next, previous) => {
    ensureConnected()
    for (const [name, channel] of previous) {
      if (next.has(name)) continue
      settle(channel)
      send({ type: 'unsubscribe', channel })
    }
    for (const [name, channel] of next) {
      if (!previous.has(name)) subscribe(channel)
    }
  })

  onMounted(() => afterHydration().then(ensureConnected))
  onBeforeUnmount(() => {
    stopped = true
    clearTimeout(reconnectTimer)
    clearTimeout(silenceTimer)
    clearPending()
    const ws = socket
    socket = undefined
    ws?.close()
  })

  return { connected, reconnecting }
}
