import { describe, expect, it } from 'vitest'
import { liveClientMessageSchema } from '../../../shared/schemas/live'
import { channelName } from '../../../shared/utils/live-channels'

const parse = (message: unknown) => liveClientMessageSchema.safeParse(message)

describe('the live client messages', () => {
  it('reads subscriptions to each kind of channel', () => {
    for (const kind of ['document', 'collection', 'user'] as const) {
      expect(parse({ type: 'subscribe', channel: { kind, id: 'abc-1' } }).data).toEqual({ type: 'subscribe', channel: { kind, id: 'abc-1' } })
      expect(parse({ type: 'unsubscribe', channel: { kind, id: 'abc-1' } }).data).toEqual({ type: 'unsubscribe', channel: { kind, id: 'abc-1' } })
    }
  })

  it('reads the first protocol\'s documentId form as a document channel', () => {
    expect(parse({ type: 'subscribe', documentId: 'd1' }).data).toEqual({ type: 'subscribe', channel: { kind: 'document', id: 'd1' } })
    expect(parse({ type: 'unsubscribe', documentId: 'd1' }).data).toEqual({ type: 'unsubscribe', channel: { kind: 'document', id: 'd1' } })
  })

  it('reads pings and pongs', () => {
    expect(parse({ type: 'ping' }).success).toBe(true)
    expect(parse({ type: 'pong' }).success).toBe(true)
  })

  it('refuses unknown types, unknown channel kinds and ids that are not ids', () => {
    expect(parse({ type: 'dance' }).success).toBe(false)
    expect(parse({ type: 'subscribe', channel: { kind: 'everything', id: 'x' } }).success).toBe(false)
    expect(parse({ type: 'subscribe', channel: { kind: 'user', id: '../etc' } }).success).toBe(false)
    expect(parse({ type: 'subscribe', documentId: '' }).success).toBe(false)
    expect(parse({ type: 'subscribe' }).success).toBe(false)
  })

  it('names the event-bus channel of a subscription', () => {
    expect(channelName({ kind: 'collection', id: 'c1' })).toBe('collection:c1')
  })
})
