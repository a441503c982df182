/** A credential's check, run now and then until it fails once. */
export interface PeriodicCheck {
  /** Checks now (also when told the credential may have ended); resolves once checked. */
  check(): Promise<void>
  stop(): void
}

/**
 * Calls `ended` once, the first time `stillValid` answers false: checked every `intervalMs` and whenever
 * `check` is called. A check that fails (the store unreachable) keeps the connection rather than end every one.
 */
export function periodicCheck(stillValid: () => Promise<boolean>, ended: () => void, intervalMs: number, what: string): PeriodicCheck {
  let done = false
  const check = async () => {
    if (done) return
    try {
      if (await stillValid()) return
    }
    catch (error) {
      return console.error(`[live] checking a ${what} failed`, error)
    }
    if (done) return
    done = true
    ended()
  }
  const timer = setInterval(() => void check(), intervalMs)
  timer.unref?.()
  return {
    check,
    stop() {
      done = true
      clearInterval(timer)
    },
  }
}
