/** GET /api/v1/auth/options: `{openRegistration}`, whether anyone may create an account (the sign-in page asks). */
export default defineEventHandler(() => ({ openRegistration: useConfig().openRegistration }))
