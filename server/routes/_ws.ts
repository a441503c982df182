import type { Peer } from 'crossws'
import { documentChannel, liveClientMessageSchema, type LiveServerMessage } from '#shared/schemas/live'
import { readableDocument } from '../services/access'
import type { Actor } from '../services/actor'
import { toDocumentView } from '../services/documents'

interface Connection {
  actor: Actor
  /** Document id → ends the event-bus subscription. */
  subscriptions: Map<string, () => Promise<void>>
}

const connections = new Map<string, Connection>()
/** Connections still reading their session: a message that arrives meanwhile waits for it. */
const opening = new Map<string, Promise<Connection | undefined>>()
const maxSubscriptionsPerPeer = 50

const send = (peer: Peer, message: LiveServerMessage): void => {
  peer.send(JSON.stringify(message))
}

/**
 * /_ws: live document progress and new atoms. A signed-in browser subscribes to documents it may read;
 * messages come from the event bus, so they reach it whichever instance or worker produced them.
 */
export default defineWebSocketHandler({
  async upgrade(request) {
    // Without a valid session cookie h3 cannot even read a session outside a handler and throws a plain
    // Error, which crossws does not turn into a response: the upgrade would hang. Refuse it with a 401.
    const session = await getUserSession(request).catch(() => undefined)
    if (!session || !await isSessionLive(session)) throw new Response('Unauthorized', { status: 401 })
  },

  async open(peer) {
    const ready = requireUserSession(peer).then(({ user }) => {
      const connection: Connection = { actor: { id: user.id, role: user.role }, subscriptions: new Map() }
      connections.set(peer.id, connection)
      return connection
    }, () => undefined)
    opening.set(peer.id, ready)
    await ready
    opening.delete(peer.id)
  },

  async message(peer, raw) {
    const connection = connections.get(peer.id) ?? await opening.get(peer.id)
    if (!connection) return
    let parsed
    try {
      parsed = liveClientMessageSchema.safeParse(JSON.parse(raw.text()))
    }
    catch {
      return send(peer, { type: 'error', message: 'messages must be JSON' })
    }
    if (!parsed.success) return send(peer, { type: 'error', message: 'unknown message' })
    const { type, documentId } = parsed.data
    if (type === 'unsubscribe') {
      await connection.subscriptions.get(documentId)?.()
      connection.subscriptions.delete(documentId)
      return
    }
    if (connection.subscriptions.has(documentId)) return
    if (connection.subscriptions.size >= maxSubscriptionsPerPeer) return send(peer, { type: 'error', message: 'too many subscriptions' })
    // Messages are handled concurrently: hold the place at once, so a repeated subscribe is ignored
    // instead of subscribing twice (and leaking the first subscription).
    const placeholder = async () => {}
    connection.subscriptions.set(documentId, placeholder)
    const drivers = useDrivers()
    let document
    try {
      document = await readableDocument(drivers.store, connection.actor, documentId)
    }
    catch {
      if (connection.subscriptions.get(documentId) === placeholder) connection.subscriptions.delete(documentId)
      return send(peer, { type: 'error', documentId, message: `no document ${documentId}` })
    }
    const unsubscribe = await drivers.events.subscribe(documentChannel(documentId), (message) => {
      peer.send(JSON.stringify(message))
    })
    // Unsubscribed or disconnected meanwhile: end the subscription instead of keeping it for nobody.
    if (connections.get(peer.id) !== connection || connection.subscriptions.get(documentId) !== placeholder) return unsubscribe()
    connection.subscriptions.set(documentId, unsubscribe)
    send(peer, { type: 'subscribed', documentId })
    // The state as of now, so nothing published before the subscription is missed.
    send(peer, { type: 'document', document: toDocumentView(await drivers.store.documents.get(documentId) ?? document) })
  },

  async close(peer) {
    const connection = connections.get(peer.id) ?? await opening.get(peer.id)
    connections.delete(peer.id)
    if (connection) await Promise.allSettled([...connection.subscriptions.values()].map(end => end()))
  },
})
