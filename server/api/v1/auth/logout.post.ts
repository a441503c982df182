/** POST /api/v1/auth/logout: ends the session. */
export default defineEventHandler(async (event) => {
  await endSession(event)
  setResponseStatus(event, 204)
  return null
})
