import { createError, type H3Event } from 'h3'

/** A WebAuthn challenge waits this long for the authenticator's answer. */
const challengeSeconds = 300
const keyOf = (attemptId: string) => `webauthn-challenge:${attemptId}`

/**
 * Where nuxt-auth-utils' WebAuthn handlers keep each attempt's challenge: the shared cache (Redis when
 * scaled), so any instance can check the answer; a challenge is taken once, so an answer cannot be replayed.
 */
export const webAuthnChallenges = {
  async storeChallenge(_event: H3Event, challenge: string, attemptId: string) {
    await useDrivers().cache.set(keyOf(attemptId), challenge, challengeSeconds)
  },
  async getChallenge(_event: H3Event, attemptId: string) {
    const cache = useDrivers().cache
    const challenge = await cache.get<string>(keyOf(attemptId))
    await cache.delete(keyOf(attemptId))
    if (!challenge) throw createError({ statusCode: 400, message: 'This attempt expired or was used; start again.' })
    return challenge
  },
}
