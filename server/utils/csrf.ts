/** The key of the anti-forgery tokens (server/http/csrf.ts): the session password, which seals the cookie too. */
export const csrfSecret = (): string => useRuntimeConfig().session?.password || process.env.NUXT_SESSION_PASSWORD || ''
