import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

/**
 * Seals TOTP secrets at rest with AES-256-GCM, under a key derived (HKDF-SHA256) from the session password:
 * a copy of the database alone does not give anyone the codes. Changing NUXT_SESSION_PASSWORD makes the
 * stored authenticator apps unreadable: their owners sign in with a recovery code or a passkey and enrol again.
 */
const version = 'v1'

const keyOf = (password: string) => Buffer.from(hkdfSync('sha256', password, 'learning-atomizer', 'totp-secret', 32))

export function sealSecret(password: string, secret: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyOf(password), iv)
  const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()])
  return [version, iv.toString('base64url'), sealed.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.')
}

/** The secret, or null when it was sealed under another password or tampered with. */
export function openSecret(password: string, sealed: string): string | null {
  const [tag, iv, data, authTag] = sealed.split('.')
  if (tag !== version || !iv || !data || !authTag) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(password), Buffer.from(iv, 'base64url'))
    decipher.setAuthTag(Buffer.from(authTag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8')
  }
  catch {
    return null
  }
}
