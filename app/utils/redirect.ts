/** Only same-site paths: `?redirect=` must not send a user who just signed in to another origin. */
export function safeRedirect(target: unknown): string {
  const path = Array.isArray(target) ? target[0] : target
  return typeof path === 'string' && path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : '/'
}
