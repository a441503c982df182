/** POST /api/v1/auth/logout: ends the session. */
export default defineEventHandler(async (event) => {
  // Ending the session record happens in the session 'clear' hook (server/plugins/sessions.ts).
  await clearUserSession(event)
  setResponseStatus(event, 204)
  return null
})
