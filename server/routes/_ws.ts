import type { Peer } from 'crossws'
import { liveCloseCodes } from '../../shared/schemas/live'
import { ProblemError } from '../errors'
import { isAllowedOrigin } from '../http/trust'
import { LiveConnection, type LivePeer } from '../live/connection'
import type { OutboxSocket } from '../live/outbox'
import { liveConnections as connections } from '../live/registry'
import { requireScope } from '../services/scopes'
import { clientCaller, looksLikeJwt } from '../services/oauth-tokens'
import { tokenCaller, type TokenCaller } from '../services/tokens'

/** What a bearer token needs to open the socket: its channels carry documents and their progress. */
const liveScope = 'documents:read'

/** Connections still reading their session: a message that arrives meanwhile waits for it. */
const opening = new Map<string, Promise<LiveConnection | undefined>>()

/** The peer as the outbox sees it; `bufferedAmount` is the `ws` socket's count of bytes not yet sent. */
function socketOf(peer: Peer): OutboxSocket {
  return {
    get bufferedAmount() {
      return peer.websocket.bufferedAmount ?? 0
    },
    send: text => peer.send(text),
    close: (code, reason) => peer.close(code, reason),
    terminate: () => peer.terminate(),
  }
}

/** A bearer token's caller (a personal access token or a client's JWT), refused unless it may read documents (what the live channels carry). */
async function liveTokenCaller(secret: string) {
  const caller = looksLikeJwt(secret) ? await clientCaller(useDrivers(), useConfig(), secret) : await tokenCaller(useDrivers().store, secret)
  requireScope(caller, liveScope)
  return caller
}

/** Who the connection is for: the bearer token it was opened with, else the cookie's session. */
async function livePeerOf(peer: Peer): Promise<LivePeer> {
  const secret = bearerSecret(peer.request?.headers.get('authorization'))
  if (secret) {
    const caller = await liveTokenCaller(secret)
    return caller.via === 'client'
      ? { actor: caller.actor, client: { id: caller.clientId, expiresAt: caller.expiresAt } }
      : { actor: caller.actor, tokenId: (caller as TokenCaller).tokenId }
  }
  const { user, secure } = await requireUserSession(peer)
  if (!secure?.sessionId) throw new Error('a session without a record')
  return { actor: { id: user.id, role: user.role }, sessionId: secure.sessionId }
}

/**
 * GET /_ws: the live WebSocket (docs/api.md, "Live updates"). A signed-in client subscribes to documents,
 * collections and its own user channel; events come from the event bus, so they reach it whichever
 * instance or worker produced them. API clients may open it with `Authorization: Bearer la_pat_…` and the
 * `documents:read` scope.
 */
export default defineWebSocketHandler({
  async upgrade(request) {
    // A page of another site may not open a socket with the reader's cookie (cross-site WebSocket hijacking).
    if (!isAllowedOrigin(request.headers.get('origin') ?? undefined, request.headers.get('host') ?? undefined, useConfig().allowedOrigins)) {
      throw new Response('Forbidden origin', { status: 403 })
    }
    // A bearer token (API clients can send headers) must be valid and carry documents:read.
    const secret = bearerSecret(request.headers.get('authorization'))
    if (secret) {
      await liveTokenCaller(secret).catch((error: unknown) => {
        throw error instanceof ProblemError ? new Response(error.message, { status: error.status }) : error
      })
      return
    }
    // Without a valid session cookie h3 cannot even read a session outside a handler and throws a plain
    // Error, which crossws does not turn into a response: the upgrade would hang. Refuse it with a 401.
    const session = await getUserSession(request).catch(() => undefined)
    if (!session || !await isSessionLive(session)) throw new Response('Unauthorized', { status: 401 })
    // A session that may only set up a second factor (the MFA policy) gets no live events.
    if (session.mfaEnrolment) throw new Response('Forbidden', { status: 403 })
  },

  async open(peer) {
    const ready = livePeerOf(peer).then(async (livePeer) => {
      const settings = useConfig()
      const connection = new LiveConnection(socketOf(peer), livePeer, useDrivers(), {
        heartbeatSeconds: settings.liveHeartbeatSeconds,
        timeoutSeconds: settings.liveHeartbeatTimeoutSeconds,
        softBufferBytes: settings.liveSoftBufferBytes,
        hardBufferBytes: settings.liveHardBufferBytes,
      })
      connections.set(peer.id, connection)
      await connection.open()
      return connection
    }, () => {
      // The session ended, or the token stopped working, between the upgrade and now.
      peer.close(liveCloseCodes.sessionEnded, 'not signed in')
      return undefined
    }).catch((error: unknown) => {
      console.error('[live] opening a connection failed', error)
      peer.close(1011, 'could not open now; try again')
      return undefined
    })
    opening.set(peer.id, ready)
    await ready
    opening.delete(peer.id)
  },

  async message(peer, raw) {
    const connection = connections.get(peer.id) ?? await opening.get(peer.id)
    await connection?.receive(raw.text())
  },

  async close(peer) {
    const connection = connections.get(peer.id) ?? await opening.get(peer.id)
    connections.delete(peer.id)
    await connection?.close()
  },
})
