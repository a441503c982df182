/**
 * An email with most of its name hidden (`ad***@example.org`), for lists shown on a screen others may see: enough
 * to tell accounts apart, not to read the address off.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@')
  if (at < 1) return '***'
  const name = email.slice(0, at)
  return `${name.slice(0, name.length > 4 ? 2 : 1)}***${email.slice(at)}`
}
