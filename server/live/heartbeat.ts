export interface HeartbeatOptions {
  intervalMs: number
  /** A peer silent this long (no pong, no message at all) is given up on. */
  timeoutMs: number
  ping(): void
  expire(): void
}

/**
 * Pings a peer every interval and gives up on it once it has been silent longer than the timeout. Any
 * message from the peer counts as a sign of life; the check runs at each tick, so a silent peer is closed
 * between `timeoutMs` and `timeoutMs + intervalMs` after it was last heard.
 */
export class Heartbeat {
  private lastSeen = Date.now()
  private timer: ReturnType<typeof setInterval> | undefined

  constructor(private readonly options: HeartbeatOptions) {}

  start(): void {
    this.lastSeen = Date.now()
    this.timer = setInterval(() => this.tick(), this.options.intervalMs)
    this.timer.unref?.()
  }

  seen(): void {
    this.lastSeen = Date.now()
  }

  stop(): void {
    clearInterval(this.timer)
    this.timer = undefined
  }

  private tick(): void {
    if (Date.now() - this.lastSeen > this.options.timeoutMs) {
      this.stop()
      this.options.expire()
      return
    }
    this.options.ping()
  }
}
