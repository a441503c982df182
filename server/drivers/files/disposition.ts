/**
 * `Content-Disposition: attachment` naming the file twice: a plain ASCII fallback for old clients, and
 * the exact name in RFC 8187 encoding. Control characters, quotes and path parts never reach the header.
 */
export function attachmentDisposition(filename: string): string {
  const name = filename.split(/[\\/]/).at(-1)?.trim() || 'download'
  const fallback = name.replace(/[^\x20-\x7E]|["\\%]/g, '_')
  const encoded = encodeURIComponent(name).replace(/['()*]/g, char => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`
}
