/** Node's timers wait at most 2^31 - 1 ms (about 24.8 days); a longer delay fires after 1 ms with a warning. */
const maxTimerMs = 2 ** 31 - 1

export interface Repeating {
  stop(): void
}

/**
 * Runs `run` every `everyMs`, however long that is: an interval beyond what one Node timer holds (a monthly key
 * rotation) waits in steps rather than firing at once. The timers never keep the process alive.
 */
export function repeatEvery(everyMs: number, run: () => void): Repeating {
  let timer: NodeJS.Timeout | undefined
  let stopped = false
  const wait = (left: number) => {
    timer = setTimeout(() => {
      if (stopped) return
      if (left > maxTimerMs) return wait(left - maxTimerMs)
      run()
      wait(everyMs)
    }, Math.min(left, maxTimerMs))
    timer.unref()
  }
  wait(everyMs)
  return {
    stop() {
      stopped = true
      clearTimeout(timer)
    },
  }
}
