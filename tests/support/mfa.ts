import { Secret, TOTP } from 'otpauth'
import type { ApiClient } from './http'

/** The code an authenticator app with this secret shows `steps` 30-second steps from now (RFC 6238, computed here). */
export function totpCode(secret: string, steps = 0): string {
  const totp = new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) })
  return totp.generate({ timestamp: Date.now() + steps * 30_000 })
}

/** Sets up an authenticator app for the signed-in client; returns its secret, the code that confirmed it and the first recovery codes. */
export async function enrolTotp(client: ApiClient): Promise<{ secret: string, confirmedWith: string, recoveryCodes: string[] }> {
  const started = await client.post('/api/v1/mfa/totp')
  if (started.status !== 201) throw new Error(`starting TOTP failed: ${started.status} ${JSON.stringify(started.data)}`)
  const secret: string = started.data.secret
  const confirmedWith = totpCode(secret)
  const confirmed = await client.post('/api/v1/mfa/totp/confirm', { code: confirmedWith })
  if (confirmed.status !== 200) throw new Error(`confirming TOTP failed: ${confirmed.status} ${JSON.stringify(confirmed.data)}`)
  return { secret, confirmedWith, recoveryCodes: confirmed.data.recoveryCodes }
}
