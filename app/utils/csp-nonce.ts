/**
 * The nonce the server gave this page's scripts (its Content-Security-Policy allows inline scripts only with
 * it), for one the app adds in the browser. Browsers hide the attribute but keep the `nonce` property.
 */
export function pageNonce(): string | undefined {
  return document.querySelector<HTMLScriptElement>('script[nonce]')?.nonce || undefined
}
