import { startAuthentication, startRegistration } from '@simplewebauthn/browser'
import type { PublicUser } from '#shared/schemas/auth'
import type { Passkey } from '#shared/schemas/mfa'

type CreationOptions = Parameters<typeof startRegistration>[0]['optionsJSON']
type RequestOptions = Parameters<typeof startAuthentication>[0]['optionsJSON']

/**
 * The browser's side of passkeys, in the two calls of nuxt-auth-utils' WebAuthn protocol: ask the server for
 * options, let the authenticator answer, send the answer back.
 */
export function usePasskeys() {
  /** Registers a passkey for the signed-in account; recovery codes come with the account's first factor. */
  async function register(email: string, name: string): Promise<{ passkey: Passkey, recoveryCodes?: string[] }> {
    const user = { userName: email }
    const { creationOptions, attemptId } = await $fetch<{ creationOptions: CreationOptions, attemptId: string }>(
      '/api/v1/mfa/passkeys', { method: 'POST', body: { verify: false, user } })
    const response = await startRegistration({ optionsJSON: creationOptions })
    return $fetch<{ passkey: Passkey, recoveryCodes?: string[] }>('/api/v1/mfa/passkeys', { method: 'POST', body: { verify: true, user, attemptId, name, response } })
  }

  /** Signs in with a passkey: alone, or as the second step after the password. */
  async function signIn(): Promise<PublicUser> {
    const { requestOptions, attemptId } = await $fetch<{ requestOptions: RequestOptions, attemptId: string }>(
      '/api/v1/auth/passkey', { method: 'POST', body: { verify: false } })
    const response = await startAuthentication({ optionsJSON: requestOptions })
    const { user } = await $fetch<{ user: PublicUser }>('/api/v1/auth/passkey', { method: 'POST', body: { verify: true, attemptId, response } })
    return user
  }

  return { register, signIn }
}
