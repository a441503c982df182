/**
 * Ends the current task and resumes in a new one, after the browser has had a frame to paint and to handle
 * input. The app's start-up is split with it: one long task blocks a phone's taps for its whole length, where
 * several shorter ones leave gaps between them. The timeout covers tabs opened in the background, where no
 * frame comes.
 */
export function yieldToBrowser(): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 100)
    requestAnimationFrame(() => setTimeout(() => {
      clearTimeout(timer)
      resolve()
    }, 0))
  })
}
