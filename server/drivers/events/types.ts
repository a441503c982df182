export type EventListener = (message: unknown) => void

/** Publish/subscribe of JSON messages by channel, reaching every instance of the app. */
export interface EventBus {
  readonly kind: string
  publish(channel: string, message: unknown): Promise<void>
  /** Resolves once the subscription is live; the returned function ends it. */
  subscribe(channel: string, listener: EventListener): Promise<() => Promise<void>>
  close(): Promise<void>
}
