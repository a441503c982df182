/** GET /api/v1/auth/me: the signed-in user. */
export default defineEventHandler(event => requireActor(event))
