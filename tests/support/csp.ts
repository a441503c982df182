import type { Page } from 'playwright-core'

/** What a page reported of its Content-Security-Policy: each violation the browser fired or logged. */
export interface CspWatch {
  /** `securitypolicyviolation` events (directive and blocked URI) and console messages naming the policy. */
  violations(): Promise<string[]>
}

declare global {
  interface Window {
    __cspViolations?: string[]
  }
}

/**
 * Watches a page (before it loads anything) for CSP violations: the DOM event every blocked script, style,
 * connection or worker fires, and the console line Chromium logs for each, which also covers workers.
 */
export async function watchCsp(page: Page): Promise<CspWatch> {
  const logged: string[] = []
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) logged.push(`console: ${message.text()}`)
  })
  await page.addInitScript(() => {
    window.__cspViolations = []
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations!.push(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} at ${event.sourceFile}:${event.lineNumber}`)
    })
  })
  return {
    async violations() {
      const fired = await page.evaluate(() => window.__cspViolations ?? []).catch(() => [] as string[])
      return [...fired, ...logged]
    },
  }
}
